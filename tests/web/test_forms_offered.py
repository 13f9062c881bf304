"""Actions are offered only when they can succeed: for every state of the workflow tables and
every person, the buttons shown are steps the table allows whose guards hold, and each one
taken then succeeds; a step held back says why, and opposite steps have their own forms."""

from __future__ import annotations

import contextlib
from typing import Any

import lxml.html
import pytest
from django.db import transaction
from django.urls import reverse

from govperf.accounts.selectors import user_roles, user_roles_for_unit
from govperf.domain import workflow
from govperf.domain.workflow import CycleAction, CycleState, SubmissionAction, allowed_actions
from govperf.evaluation.models import Cycle
from govperf.workflow.actions import PUBLISHING, cycle_act
from govperf.workflow.guards import Subject, guard_failures
from govperf.workflow.models import UnitSubmission
from govperf.workflow.services import submission_apply
from tests.workflow.helpers import client_for, open_year, year_due

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    """Raised inside a transaction to undo a step taken only to see that it succeeds."""


def forms_on(page: Any, action_url: str) -> dict[str, Any]:
    """The forms posting to `action_url`, by the action each takes."""
    root = lxml.html.fromstring(page.content.decode())
    found = root.xpath(f'//main//form[@action="{action_url}"]')
    return {form.xpath('.//input[@name="action"]/@value')[0]: form for form in found}


def blocking(subject: Subject, row: workflow.Transition) -> list[Any]:
    failures = guard_failures(subject, row.guards)
    return [f for f in failures if f.guard not in workflow.CONFIRMABLE_GUARDS]


def in_state(cycle: Cycle, state: str) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    cycle.refresh_from_db()
    return cycle


def succeeds_cycle(person: Any, cycle: Cycle, action: str) -> bool:
    with contextlib.suppress(RolledBack), transaction.atomic():
        step = CycleAction(action)
        due = year_due() if step == CycleAction.OPEN_YEAR else None  # its form asks the dates
        cycle_act(actor=person, cycle=cycle, action=step, reason="測試", due=due)
        raise RolledBack
    cycle.refresh_from_db()
    return True


@pytest.mark.parametrize("state", [s.value for s in CycleState])
def test_each_cycle_state_offers_only_steps_that_succeed(
    people: dict[str, Any], draft_cycle: Cycle, state: str
) -> None:
    cycle = in_state(draft_cycle, state)
    url = reverse("workflow:cycle_action", args=[cycle.pk])
    for person in people.values():
        roles = user_roles(user=person, agency=cycle.agency)
        page = client_for(person).get(reverse("workflow:cycle", args=[cycle.pk]))
        if page.status_code != 200:
            continue  # someone who may not see the year is offered nothing in it
        offered = forms_on(page, url)
        allowed = {row.action.value: row for row in allowed_actions(workflow.CYCLE, state, roles)}
        assert set(offered) <= set(allowed), (person, state)
        for action, row in allowed.items():
            held = blocking(Subject(cycle), row)
            assert (action in offered) == (not held), (person, state, action)
            if held:
                label = workflow.CYCLE_ACTION_LABELS_ZH[row.action]
                assert f"「{label}」尚不能執行" in page.content.decode()
        for action, form in offered.items():
            reasons = form.xpath('.//textarea[@name="reason"]')
            assert len(reasons) == (1 if allowed[action].requires_reason else 0)
            if CycleAction(action) not in PUBLISHING:
                assert succeeds_cycle(person, cycle, action)


# Each submission step, with the cycle in a state where its guards hold and one where not.
CYCLE_STATES_FOR = {
    SubmissionAction.SUBMIT: ("open", "initial_review"),
    SubmissionAction.SIGN_OFF: ("open", "initial_review"),
    SubmissionAction.RETURN: ("open", "unit_response"),
    SubmissionAction.AGREE: ("unit_response", "open"),
    SubmissionAction.DISPUTE: ("unit_response", "revision"),
}


@pytest.mark.parametrize("row", workflow.SUBMISSION, ids=lambda row: str(row.action))
def test_a_units_step_is_offered_only_while_its_guards_hold(
    people: dict[str, Any], draft_cycle: Cycle, row: workflow.Transition
) -> None:
    cycle = open_year(people["planning"], draft_cycle)
    submission = UnitSubmission.objects.get(cycle=cycle, unit__name="亞太司")
    UnitSubmission.objects.filter(pk=submission.pk).update(state=row.source)
    url = reverse("workflow:submission_action", args=[submission.pk])
    for cycle_state in CYCLE_STATES_FOR[row.action]:
        in_state(cycle, cycle_state)
        submission.refresh_from_db()
        for name in ("staff-asia", "head-asia"):
            person = people[name]
            roles = user_roles_for_unit(user=person, unit=submission.unit)
            allowed = {
                r.action.value for r in allowed_actions(workflow.SUBMISSION, row.source, roles)
            }
            offered = forms_on(
                client_for(person).get(reverse("workflow:cycle", args=[cycle.pk])), url
            )
            assert set(offered) <= allowed
            for action in allowed:
                step = next(r for r in workflow.SUBMISSION if r.action == action)
                held = blocking(Subject(cycle, submission), step)
                assert (action in offered) == (not held), (name, cycle_state, action)
            for action in offered:
                with contextlib.suppress(RolledBack), transaction.atomic():
                    submission_apply(
                        actor=person, submission=submission, action=SubmissionAction(action),
                        reason="測試", confirm=True,
                    )  # fmt: skip
                    raise RolledBack
                submission.refresh_from_db()


def test_after_sign_off_the_head_is_not_offered_agree_or_dispute_and_is_told_why(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = open_year(people["planning"], draft_cycle)
    submission = UnitSubmission.objects.get(cycle=cycle, unit__name="亞太司")
    UnitSubmission.objects.filter(pk=submission.pk).update(state="signed_off")
    page = client_for(people["head-asia"]).get(reverse("workflow:cycle", args=[cycle.pk]))
    url = reverse("workflow:submission_action", args=[submission.pk])
    assert forms_on(page, url) == {}
    text = page.content.decode()
    assert "「同意初評」尚不能執行" in text and "本年度不在單位回應期間" in text
    in_state(cycle, "unit_response")
    page = client_for(people["head-asia"]).get(reverse("workflow:cycle", args=[cycle.pk]))
    forms = forms_on(page, url)
    assert set(forms) == {"agree", "dispute"}  # two forms, the reason box only in the dispute's
    assert forms["agree"].xpath('.//textarea[@name="reason"]') == []
    assert len(forms["dispute"].xpath('.//textarea[@name="reason"]')) == 1


def test_a_kpis_agreement_and_dispute_are_two_forms_each_with_its_own_text(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_state(draft_cycle, "unit_response")
    year = cycle.cycle_kpis.get(unit__name="亞太司", kpi__name="深化與友邦高層政要之情誼")
    kpi_year = year.years.get(year=cycle.year)
    url = reverse("workflow:kpi_review", args=[kpi_year.pk])
    root = lxml.html.fromstring(client_for(people["staff-asia"]).get(url).content.decode())
    forms = {f.get("id"): f for f in root.xpath("//main//form[@method='post']")}
    assert set(forms) == {"stance-agree", "stance-dispute"}
    for stance, form in forms.items():
        assert form.xpath('.//input[@name="stance"]/@value') == [stance.removeprefix("stance-")]
        assert len(form.xpath('.//textarea[@name="text"]')) == 1
        assert len(form.xpath(".//button")) == 1
    root = lxml.html.fromstring(client_for(people["planning"]).get(url).content.decode())
    assert [f.get("id") for f in root.xpath("//main//form[@method='post']")] == []
    in_state(cycle, "initial_review")
    root = lxml.html.fromstring(client_for(people["planning"]).get(url).content.decode())
    assert [f.get("id") for f in root.xpath("//main//form[@method='post']")] == ["stance-comment"]
