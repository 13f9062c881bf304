"""An oversized request answers 413 with the reason: a page on the web, JSON on the API."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@override_settings(GOVPERF_MAX_REQUEST_BYTES=10_000)
def test_a_body_declared_over_the_limit_is_refused_unread_with_a_page(client: Client) -> None:
    page = client.post("/login/", {"username": "x" * 20_000, "password": "p"})
    text = page.content.decode()
    assert page.status_code == 413
    assert "送出的資料過大" in text and "送出的資料超過 0.00954 MB 上限，未被接受" in text
    assert '<html lang="zh-Hant-TW">' in text


def test_form_fields_over_djangos_memory_limit_are_413_not_400(client: Client) -> None:
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2 * 1024 * 1024):
        page = client.post("/login/", {"username": "x" * (3 * 1024 * 1024), "password": "p"})
    assert page.status_code == 413
    assert "送出的資料超過 2 MB 上限，未被接受；請縮小檔案或分次送出。" in page.content.decode()


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_too_many_fields_are_413_in_english_for_an_english_visitor(client: Client) -> None:
    client.cookies["django_language"] = "en"
    page = client.post("/login/", {f"field{n}": "1" for n in range(20)})
    assert page.status_code == 413
    assert "more than the limit of 10 fields" in page.content.decode()


def test_an_api_body_over_the_limit_is_a_json_413(client: Client) -> None:
    body = json.dumps({"actual": "1" * (3 * 1024 * 1024), "version": 0})
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2 * 1024 * 1024):
        answer = client.patch("/api/v1/kpi-years/1", body, content_type="application/json")
    assert answer.status_code == 413
    assert answer.json() == {"detail": "送出的資料超過 2 MB 上限，未被接受；請縮小檔案或分次送出。"}


@override_settings(GOVPERF_MAX_REQUEST_BYTES=10_000)
def test_an_api_body_declared_over_the_whole_request_limit_is_a_json_413(client: Client) -> None:
    body = json.dumps({"actual": "1" * 20_000, "version": 0})
    answer = client.patch("/api/v1/kpi-years/1", body, content_type="application/json")
    assert answer.status_code == 413 and "上限，未被接受" in answer.json()["detail"]
