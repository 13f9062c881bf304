"""The site frame: home lists what a visitor may see, sign-in works, English is available."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_public_home_lists_only_published_cycles(client: Client, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/")
    assert page.status_code == 200
    assert "尚無已公告的報告。" in page.content.decode()
    assert f"/cycles/{draft_cycle.pk}/" not in page.content.decode()


def test_members_see_their_agency_cycle_in_progress(client: Client, people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    assert client.login(username="staff-asia", password="pw")
    page = client.get("/").content.decode()
    assert f'href="/cycles/{draft_cycle.pk}/"' in page
    assert "籌備中" in page
    assert "您的角色：業務單位承辦人</p>" in page


def test_signing_in_with_a_wrong_password_says_so(client: Client, people) -> None:  # type: ignore[no-untyped-def]
    page = client.post("/login/", {"username": "planning", "password": "wrong"})
    assert "帳號或密碼不正確" in page.content.decode()


def test_a_page_for_members_sends_visitors_to_sign_in(client: Client) -> None:
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_api_lists_cycles_for_the_public(client: Client, imported_cycle) -> None:  # type: ignore[no-untyped-def]
    cycles = client.get("/api/v1/cycles").json()["items"]
    assert [(c["year"], c["state"]) for c in cycles] == [(107, "published")]
