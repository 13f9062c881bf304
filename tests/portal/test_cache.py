"""Anonymous answers come from the cache, per published state, before any session is opened."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.domain.workflow import CycleAction
from govperf.evaluation.models import Cycle
from govperf.workflow.actions import cycle_act

pytestmark = pytest.mark.django_db


def _correction_start(cycle: Cycle) -> None:
    """The planning office starts a correction of the published `cycle` (啟動更正)."""
    cycle_assign_units(cycle=cycle)
    planning = people_ensure(agency=cycle.agency, password="pw")["planning"]
    cycle_act(actor=planning, cycle=cycle, action=CycleAction.START_CORRECTION, reason="更正實際值")


def _queries(client: Client, url: str, **headers: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(queries), response.content


@pytest.mark.parametrize("url", ["/", "/api/v1/cycles"])
def test_a_repeated_anonymous_request_is_answered_with_one_query(
    imported_cycle: Cycle, url: str
) -> None:
    first, page = _queries(Client(), url)
    again, kept = _queries(Client(), url)
    assert first > 1
    assert again == 1  # the published state's stamp, nothing else: no session, no view
    assert kept == page


def test_each_language_and_query_is_kept_apart(imported_cycle: Cycle) -> None:
    chinese = Client().get("/").content
    english_client = Client()
    english_client.cookies["django_language"] = "en"
    english = english_client.get("/").content
    assert chinese != english
    assert Client().get("/").content == chinese
    assert english_client.get("/").content == english
    second = Client().get("/api/v1/cycles?page=2").json()
    assert second != Client().get("/api/v1/cycles").json()


def test_the_same_query_in_another_order_is_the_same_answer(imported_cycle: Cycle) -> None:
    first = Client().get("/compare/?sort=-red&page=x")
    queries, again = _queries(Client(), "/compare/?page=x&sort=-red")
    assert queries == 1 and again == first.content  # the stamp, then the kept answer
    assert first["Cache-Control"].startswith("public")


def test_an_error_is_never_kept(imported_cycle: Cycle) -> None:
    url = "/api/v1/cycles/999999"
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    chinese = Client().get(url).json()["detail"]
    assert english != chinese


def test_a_signed_in_person_is_never_answered_from_the_cache(
    imported_cycle: Cycle, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    Client().get("/")
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    page = client.get("/").content.decode()
    assert "reader" in page  # their own frame, not the public copy
    assert client.get("/")["Cache-Control"] == "private, no-store"


def test_a_token_is_never_answered_from_the_cache(imported_cycle: Cycle) -> None:
    Client().get("/api/v1/cycles")
    answer = Client().get("/api/v1/cycles", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert answer.status_code == 401


def test_a_correction_started_is_shown_at_once(imported_cycle: Cycle) -> None:
    url = f"/api/v1/cycles/{imported_cycle.pk}"
    assert Client().get(url).json()["state"] == "published"
    _correction_start(imported_cycle)
    kept = Client().get(url)
    cache.clear()
    fresh = Client().get(url)
    assert (kept.status_code, kept.content) == (fresh.status_code, fresh.content)
    assert fresh.status_code != 200 or fresh.json()["state"] != "published"


def test_a_kept_report_keeps_its_own_style_exception(imported_cycle: Cycle) -> None:
    url = f"/cycles/{imported_cycle.pk}/versions/1/read/"
    first = Client().get(url)
    again = Client().get(url)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "sha256-" in again["Content-Security-Policy"]


@override_settings(GOVPERF_PUBLISHED_STAMP_SECONDS=60)
def test_a_kept_stamp_answers_with_no_query_and_is_forgotten_at_a_correction(
    imported_cycle: Cycle, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/cycles/{imported_cycle.pk}"
    Client().get(url)
    queries, _ = _queries(Client(), url)
    assert queries == 0
    with django_capture_on_commit_callbacks(execute=True):
        _correction_start(imported_cycle)
    kept = Client().get(url)
    cache.clear()
    fresh = Client().get(url)
    assert (kept.status_code, kept.content) == (fresh.status_code, fresh.content)


def test_made_up_or_overlong_query_strings_are_answered_but_not_kept(imported_cycle: Cycle) -> None:
    for url in ("/compare/?x=1", "/compare/?q=" + "長" * 200, "/compare/?sort=red&utm=a"):
        first = Client().get(url)
        assert first.status_code == 200
        queries, again = _queries(Client(), url)
        assert queries > 1 and again == first.content, url  # made again, the same page
    Client().get("/compare/?sort=red&light=green&page=2&year=107")
    assert _queries(Client(), "/compare/?sort=red&light=green&page=2&year=107")[0] == 1


@override_settings(GOVPERF_PAGE_CACHE_MAX_BYTES=1000)
def test_an_answer_larger_than_the_bound_is_not_kept(imported_cycle: Cycle) -> None:
    url = f"/agencies/{imported_cycle.agency_id}/{imported_cycle.year}/"
    assert len(Client().get(url).content) > 1000
    assert _queries(Client(), url)[0] > 1
