"""Every refusal under /api/ is JSON naming the field, in the caller's language: zh-Hant unless
the language cookie or (for the API only) `Accept-Language` asks for English."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9,zh-TW;q=0.5"}


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def test_an_unknown_address_is_a_json_404_in_either_language(imported_cycle: Any) -> None:
    chinese = Client().get("/api/v1/no-such-thing")
    assert chinese.status_code == 404 and chinese["Content-Type"] == "application/json"
    assert chinese.json() == {"detail": "找不到此網址。"}
    english = Client().get("/api/v1/no-such-thing", **ENGLISH)
    assert english.json() == {"detail": "There is nothing at this address."}
    assert "Accept-Language" in english["Vary"]


def test_a_method_not_allowed_is_json_with_allow(imported_cycle: Any) -> None:
    refused = Client().delete("/api/v1/cycles", **ENGLISH)
    assert refused.status_code == 405 and refused["Allow"] == "GET"
    assert refused.json() == {"detail": "This address does not accept this method (DELETE)."}


def test_a_body_that_is_not_json_is_a_json_400(people: Any, open_cycle: Any) -> None:
    client = Client()
    client.force_login(people["planning"])
    refused = client.patch("/api/v1/kpi-years/1", "{not json", content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"detail": "請求內容不是有效的 JSON。"}


def test_a_refused_input_names_each_field_as_the_caller_wrote_it(
    people: Any, open_cycle: Any
) -> None:
    client = Client()
    client.force_login(people["planning"])
    body = {"actual": "1", "actul": "2", "reason": "x" * 5000}
    refused = client.patch(
        "/api/v1/kpi-years/abc", body, content_type="application/json", **ENGLISH
    )
    assert refused.status_code == 422
    answer = refused.json()
    assert answer["errors"]["kpi_year_id"] == ["Enter a whole number."]
    assert answer["errors"]["version"] == ["This field is required."]
    assert answer["errors"]["actul"] == ["There is no such field."]
    assert answer["errors"]["reason"][0].startswith("Must not be longer than")
    assert answer["detail"].startswith("Please correct these fields: ")
    chinese = client.get("/api/v1/cycles?page=0&year=abc").json()
    assert chinese["errors"] == {"page": ["不可小於 1。"], "year": ["請填整數。"]}


def test_a_wrong_action_lists_the_actions_there_are(people: Any, open_cycle: Any) -> None:
    client = Client()
    client.force_login(people["planning"])
    path = f"/api/v1/cycles/{open_cycle.pk}/actions"
    refused = client.post(path, {"action": "fly"}, content_type="application/json")
    assert refused.status_code == 422
    assert "close_entry" in refused.json()["errors"]["action"][0]


def test_the_api_speaks_the_language_cookie_first(people: Any, open_cycle: Any) -> None:
    client = Client()
    client.cookies["django_language"] = "zh-hant"
    refused = client.get("/api/v1/cycles/999999", **ENGLISH)
    assert refused.status_code == 404 and is_chinese(refused.json()["detail"])
    english = Client().get("/api/v1/cycles/999999", **ENGLISH).json()["detail"]
    assert english == "No such evaluation year, or you may not see it."


def test_pages_still_ignore_accept_language(imported_cycle: Any) -> None:
    page = Client().get("/", **ENGLISH)
    assert page["Content-Language"] == "zh-hant"
    assert "Accept-Language" not in page["Vary"]


def test_a_filter_no_database_can_read_is_a_422_naming_it(imported_cycle: Any) -> None:
    refused = Client().get("/api/v1/kpi-years?agency=%00外交部", **ENGLISH)
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "agency": ["The text holds a NUL character and cannot be stored."]
    }
