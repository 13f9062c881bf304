"""採用全部建議燈號 through the API: the lights page's service and policy, its answer a count."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from govperf.evaluation.models import Cycle
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.workflow.review import ACCEPT_SUGGESTED_REASON
from tests.workflow.helpers import client_for, in_review, own_years

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def accept(user: Any, cycle_id: int, body: dict[str, Any] | None = None, **headers: str) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    path = f"/api/v1/cycles/{cycle_id}/lights/accept-suggested"
    return client.post(path, body or {}, content_type="application/json", **headers)


def test_accepting_lights_every_unlit_kpi_and_the_lights_page_shows_them(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_review(people, draft_cycle)
    answer = accept(people["planning"], cycle.pk)
    assert answer.status_code == 200
    assert answer.json()["accepted"] == own_years(cycle).count() > 0
    assert answer.json()["kpi_year_ids"] == list(own_years(cycle).values_list("pk", flat=True))
    page = client_for(people["planning"]).get(reverse("workflow:lights", args=[cycle.pk]))
    for row in page.context["rows"]:
        year = row["year"]
        assert year.initial_light == kpi_year_suggested_light(year).value
        assert "unassigned" not in row["states"]
    record = own_years(cycle).first().history.order_by("-history_id").first()
    assert record.history_user == people["planning"]
    assert record.history_change_reason == ACCEPT_SUGGESTED_REASON
    assert accept(people["planning"], cycle.pk).json() == {"accepted": 0, "kpi_year_ids": []}


def test_a_reason_is_recorded_with_each_light(people: dict[str, Any], draft_cycle: Cycle) -> None:
    cycle = in_review(people, draft_cycle)
    accept(people["planning"], cycle.pk, {"reason": "依規則核予"})
    record = own_years(cycle).first().history.order_by("-history_id").first()
    assert record.history_change_reason == "依規則核予"


@pytest.mark.parametrize("username", ["staff-asia", "head-asia", "minister", "reviewer"])
def test_other_roles_are_refused_and_nothing_is_lit(
    people: dict[str, Any], draft_cycle: Cycle, username: str
) -> None:
    cycle = in_review(people, draft_cycle)
    assert accept(people[username], cycle.pk).status_code == 403
    assert accept(None, cycle.pk).status_code == 401
    assert not own_years(cycle).exclude(initial_light="").exists()


@pytest.mark.parametrize("state", ["open", "unit_response", "approval"])
def test_the_wrong_state_is_409_with_the_policys_reason(
    people: dict[str, Any], draft_cycle: Cycle, state: str
) -> None:
    cycle = in_review(people, draft_cycle)
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    answer = accept(people["planning"], cycle.pk, **ENGLISH)
    assert answer.status_code == 409
    page = client_for(people["planning"])
    page.cookies["django_language"] = "en"
    refused = page.post(reverse("workflow:lights_accept", args=[cycle.pk]))
    assert refused.status_code == 409
    shown = [str(m) for m in refused.context["messages"]]
    assert shown == [answer.json()["detail"]]  # the page's refusal, word for word
    assert not own_years(cycle).exclude(initial_light="").exists()


def test_an_unknown_cycle_is_404(people: dict[str, Any], draft_cycle: Cycle) -> None:
    assert accept(people["planning"], 999999).status_code == 404
    assert accept(people["planning"], draft_cycle.pk, {"light": "red"}).status_code == 422
