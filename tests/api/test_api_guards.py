"""Completeness guards through the API: a submit with gaps needs `confirm: true`; lights and
required chapters are needed before the year moves on, and the refusal names what is missing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from govperf.evaluation.models import Cycle, KpiYear
from govperf.narrative.models import Block
from govperf.workflow.models import UnitSubmission

pytestmark = pytest.mark.django_db
NO_ACTUAL = "精進我國際文宣工作"
MISSED = "提高駐外館宿舍自有率及節省鉅額租金支出"


def own_year(cycle: Cycle, name: str) -> KpiYear:
    return KpiYear.objects.get(cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=name, year=cycle.year)


@pytest.fixture
def ic_submission(open_cycle: Cycle) -> UnitSubmission:
    """國際傳播司 with one actual not entered and one missed target without its reason."""
    KpiYear.objects.filter(pk=own_year(open_cycle, NO_ACTUAL).pk).update(
        actual_text="", actual_value=None
    )
    KpiYear.objects.filter(pk=own_year(open_cycle, MISSED).pk).update(missed_reason="")
    return UnitSubmission.objects.get(cycle=open_cycle, unit__name="國際傳播司")


def test_a_submit_with_gaps_is_409_listing_them_until_confirmed(call: Any, ic_submission) -> None:  # type: ignore[no-untyped-def]
    path = f"/submissions/{ic_submission.pk}/actions"
    refused = call("staff-ic", "post", path, {"action": "submit"})
    assert refused.status_code == 409
    body = refused.json()
    assert body["confirm_required"] is True
    assert body["detail"].startswith("尚有指標未填報完整：「精進我國際文宣工作」（實際值）")
    missing = {item["kpi"]: item for item in body["missing"]}
    assert set(missing) == {NO_ACTUAL, MISSED}
    assert missing[NO_ACTUAL]["lacks"] == ["actual"]
    assert missing[NO_ACTUAL]["kpi_year_id"] == own_year(ic_submission.cycle, NO_ACTUAL).pk
    assert missing[MISSED]["lacks"] == ["missed_reason"]
    assert missing[MISSED]["lacks_text"] == ["未達成原因分析暨因應策略"]
    ic_submission.refresh_from_db()
    assert ic_submission.state == "draft"

    done = call("staff-ic", "post", path, {"action": "submit", "confirm": True})
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "submitted"


def test_a_complete_unit_submits_without_confirm(call: Any, open_cycle: Cycle) -> None:
    submission = UnitSubmission.objects.get(cycle=open_cycle, unit__name="亞太司")
    done = call("staff-asia", "post", f"/submissions/{submission.pk}/actions", {"action": "submit"})
    assert done.status_code == 200
    assert done.json()["state"] == "submitted"


def test_the_refusal_is_english_for_an_english_caller(
    people: dict[str, Any], ic_submission: UnitSubmission
) -> None:
    client = Client()
    client.force_login(people["staff-ic"])
    client.cookies["django_language"] = "en"
    path = f"/api/v1/submissions/{ic_submission.pk}/actions"
    body = client.post(path, {"action": "submit"}, content_type="application/json").json()
    assert body["detail"].startswith("Some KPIs are not fully entered: “精進我國際文宣工作”")
    assert body["missing"][0]["lacks_text"] == ["actual value"]


def test_confirming_does_not_pass_a_cycle_that_is_not_open(
    call: Any, ic_submission: UnitSubmission
) -> None:
    Cycle.objects.filter(pk=ic_submission.cycle_id).update(state="initial_review")
    for confirm in (False, True):  # the gaps go unsaid: confirming them could not help
        body = {"action": "submit", "confirm": confirm}
        refused = call("staff-ic", "post", f"/submissions/{ic_submission.pk}/actions", body)
        assert refused.status_code == 409
        assert refused.json() == {"detail": "本年度不在填報期間"}


def in_state(cycle: Cycle, state: str) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    cycle.refresh_from_db()
    return cycle


def test_sending_lights_names_the_kpis_without_one(call: Any, draft_cycle: Cycle) -> None:
    cycle = in_state(draft_cycle, "initial_review")
    KpiYear.objects.filter(pk=own_year(cycle, MISSED).pk).update(initial_light="")
    refused = call(
        "planning", "post", f"/cycles/{cycle.pk}/actions", {"action": "send_initial_lights"}
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == f"尚有指標未核予初評燈號：「{MISSED}」"
    assert Cycle.objects.get(pk=cycle.pk).state == "initial_review"


@pytest.mark.parametrize(
    ("state", "action"),
    [("revision", "submit_for_approval"), ("approved", "publish")],
)
def test_approval_and_publication_name_the_chapters_not_written(
    call: Any, draft_cycle: Cycle, state: str, action: str
) -> None:
    cycle = in_state(draft_cycle, state)
    Block.objects.filter(chapter__cycle=cycle, chapter__key="closing").update(text=" ")
    refused = call("planning", "post", f"/cycles/{cycle.pk}/actions", {"action": action})
    assert refused.status_code == 409
    assert refused.json()["detail"] == "尚有必要章節未撰寫：「柒、評估綜合意見」"
    assert Cycle.objects.get(pk=cycle.pk).state == state
