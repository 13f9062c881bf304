"""The finance and narrative pages in English for a reader who chose it."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_budget_page_renders_in_english(client, imported_cycle, django_user_model):  # type: ignore[no-untyped-def]
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    client.cookies["django_language"] = "en"
    body = client.get(reverse("finance:budget", args=[imported_cycle.pk])).content.decode()
    assert "Budget and final accounts" in body and "Recent changes" in body
    assert "最近修改" not in body


def test_the_chapter_edit_page_renders_in_english(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    client.force_login(people["planning"])
    client.cookies["django_language"] = "en"
    chapter = draft_cycle.chapters.get(key="budget")
    body = client.get(reverse("narrative:chapter_edit", args=[chapter.pk])).content.decode()
    assert "New paragraph" in body and "Table place" in body and "Change history" in body
