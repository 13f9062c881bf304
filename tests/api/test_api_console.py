"""The API's console at /api/v1/docs: in the page's language, and no cookie for the public."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_public_console_sets_no_cookie_and_names_its_language() -> None:
    answer = Client(HTTP_HOST="127.0.0.1").get("/api/v1/docs")
    assert answer.status_code == 200
    assert not answer.cookies and "csrftoken" not in answer.cookies
    assert '<html lang="zh-Hant-TW">' in answer.content.decode()
    assert 'data-csrf-token=""' in answer.content.decode()
    english = Client(HTTP_HOST="127.0.0.1", headers={"cookie": "django_language=en"})
    assert '<html lang="en">' in english.get("/api/v1/docs").content.decode()


def test_a_signed_in_person_gets_the_token_their_writes_need(django_user_model) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(django_user_model.objects.create(username="developer"))
    page = client.get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in page and 'data-csrf-token=""' not in page
