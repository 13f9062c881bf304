"""The OpenAPI document matches every answer: Schemathesis generates requests for each operation,
as the public and with a planning office's token (writes included), against the Django app on
the test database; no answer may be a 5xx, an undocumented status, or a body off its schema.
A few requests that reach real records are checked the same way (pages, a stale entry, a step)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from govperf.accounts.tokens import api_token_create
from govperf.evaluation.models import Cycle, KpiYear

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,  # the same requests every run
    suppress_health_check=list(HealthCheck),
    database=None,
)


# The app's own document, as it serves it (its making reads no database; a credential passes
# the anonymous cache by, whose key reads the published state: there is no database yet at
# collection); requests go to the app in this process, on the test database each test builds.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", WSGIHandler(), headers={"Authorization": "Bearer collecting"}
)


@pytest.fixture
def api_schema(people, open_cycle) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The schema, its requests kept on the test's connection: as Django's test client does,
    a request's end does not close the connection (the test's transaction stays open)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schema
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def planning_token(people) -> str:  # type: ignore[no-untyped-def]
    return api_token_create(actor=people["planning"], name="schemathesis")[1]


@schema.parametrize()
@BOUNDED
def test_every_operation_answers_as_documented_to_the_public(case: Any, api_schema: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_every_operation_answers_as_documented_to_a_token(
    case: Any, api_schema: Any, planning_token: str
) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {planning_token}"}, checks=CHECKS)


def _own_year(cycle: Cycle) -> KpiYear:
    """深化與友邦高層政要之情誼 of the cycle's own year: target 95人次."""
    return KpiYear.objects.get(
        cycle_kpi__cycle=cycle, cycle_kpi__kpi__name="深化與友邦高層政要之情誼", year=cycle.year
    )


@pytest.mark.django_db
def test_answers_about_real_records_match_the_document(
    api_schema: Any, planning_token: str, open_cycle: Cycle
) -> None:
    year = _own_year(open_cycle)
    token = {"Authorization": f"Bearer {planning_token}"}
    calls: list[tuple[str, str, dict[str, Any], dict[str, str], int]] = [
        ("/cycles", "GET", {"query": {"page_size": 1}}, {}, 200),
        ("/cycles", "GET", {"query": {"page_size": 500}}, {}, 422),
        ("/cycles", "GET", {}, {"Authorization": "Bearer gpt_wrong"}, 401),
        ("/kpi-years", "GET", {"query": {"light": "green"}}, {}, 200),
        ("/cycles/{cycle_id}", "GET", {"path_parameters": {"cycle_id": open_cycle.pk}}, token, 200),
        (
            "/cycles/{cycle_id}/kpi-years", "GET",
            {"path_parameters": {"cycle_id": open_cycle.pk}, "query": {"light": "red"}}, token, 200,
        ),
        ("/cycles/{cycle_id}/findings", "GET", {"path_parameters": {"cycle_id": open_cycle.pk}}, token, 200),
        ("/kpi-years/{kpi_year_id}", "GET", {"path_parameters": {"kpi_year_id": year.pk}}, token, 200),
        (
            "/kpi-years/{kpi_year_id}", "PATCH",
            {"path_parameters": {"kpi_year_id": year.pk}, "body": {"version": 0, "actual": "120人次"}},
            token, 200,
        ),
        (
            "/kpi-years/{kpi_year_id}", "PATCH",
            {"path_parameters": {"kpi_year_id": year.pk}, "body": {"version": 0, "actual": "130人次"}},
            token, 409,
        ),
        (
            "/kpi-years/{kpi_year_id}", "PATCH",
            {"path_parameters": {"kpi_year_id": year.pk}, "body": {"version": 1, "actual": "十二"}},
            token, 422,
        ),
        (
            "/cycles/{cycle_id}/actions", "POST",
            {"path_parameters": {"cycle_id": open_cycle.pk}, "body": {"action": "close_entry"}},
            token, 409,
        ),
    ]  # fmt: skip
    for path, method, parts, headers, status in calls:
        operation = api_schema[f"/api/v1{path}"][method]
        response = operation.Case(**parts).call_and_validate(headers=headers, checks=CHECKS)
        assert response.status_code == status, (method, path, response.text)
