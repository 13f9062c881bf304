"""The yearly cycle through its one service: each step by the role that may take it."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from govperf.accounts.models import Membership
from govperf.agencies.models import Unit
from govperf.domain.workflow import CycleAction, Role, SubmissionAction
from govperf.evaluation.models import Cycle, CycleKpi
from govperf.workflow.actions import cycle_act
from govperf.workflow.models import UnitSubmission
from govperf.workflow.services import ActionNeedsItsWork, cycle_apply, submission_apply
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(imported_cycle: Cycle) -> Cycle:
    """The sample as a 107 cycle not yet opened, goal （一） owned by 亞太司, the rest by 國際組織司."""
    imported_cycle.state = Cycle.State.DRAFT
    imported_cycle.save()
    asia = Unit.objects.create(agency=imported_cycle.agency, name="亞太司")
    other = Unit.objects.create(agency=imported_cycle.agency, name="國際組織司")
    CycleKpi.objects.filter(cycle=imported_cycle).update(unit=other)
    CycleKpi.objects.filter(cycle=imported_cycle, goal__label="（一）").update(unit=asia)
    return imported_cycle


def person(cycle: Cycle, name: str, role: Role, unit: str | None = None):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(username=name, password="x")
    unit_row = Unit.objects.get(name=unit) if unit else None
    Membership.objects.create(user=user, agency=cycle.agency, unit=unit_row, role=role)
    return user


def sign_off_every_unit(cycle: Cycle) -> None:
    for submission in UnitSubmission.objects.filter(cycle=cycle).select_related("unit"):
        staff = person(cycle, f"staff-{submission.unit.pk}", Role.UNIT_STAFF, submission.unit.name)
        head = person(cycle, f"head-{submission.unit.pk}", Role.UNIT_HEAD, submission.unit.name)
        submission_apply(actor=staff, submission=submission, action=SubmissionAction.SUBMIT)
        submission_apply(actor=head, submission=submission, action=SubmissionAction.SIGN_OFF)


def test_the_whole_cycle_from_opening_to_publication(cycle: Cycle) -> None:
    planner = person(cycle, "planner", Role.PLANNING)
    minister = person(cycle, "minister", Role.AGENCY_HEAD)
    open_year(planner, cycle)
    assert UnitSubmission.objects.filter(cycle=cycle, state="draft").count() == 2
    sign_off_every_unit(cycle)
    for action in (CycleAction.CLOSE_ENTRY, CycleAction.SEND_INITIAL_LIGHTS,
                   CycleAction.CLOSE_RESPONSES, CycleAction.SUBMIT_FOR_APPROVAL):  # fmt: skip
        cycle_apply(actor=planner, cycle=cycle, action=action)
    cycle_apply(
        actor=minister, cycle=cycle, action=CycleAction.RETURN_FOR_REVISION, reason="請補充說明"
    )
    cycle_apply(actor=planner, cycle=cycle, action=CycleAction.SUBMIT_FOR_APPROVAL)
    cycle_apply(actor=minister, cycle=cycle, action=CycleAction.APPROVE)
    cycle_act(actor=planner, cycle=cycle, action=CycleAction.PUBLISH)
    cycle.refresh_from_db()
    assert cycle.state == "published"
    assert isinstance(cycle.published_on, date)
    assert cycle.published_on_text.endswith("日")
    steps = [(h.state, h.history_user.username if h.history_user else None,
              h.history_change_reason) for h in cycle.history.order_by("history_date")]  # fmt: skip
    assert ("revision", "minister", "請補充說明") in steps
    assert steps[-1] == ("published", "planner", "公告")


def test_entry_cannot_close_before_every_unit_signed_off(cycle: Cycle) -> None:
    planner = person(cycle, "planner", Role.PLANNING)
    open_year(planner, cycle)
    with pytest.raises(ValidationError, match="尚有單位的填報未經主管簽核"):
        cycle_apply(actor=planner, cycle=cycle, action=CycleAction.CLOSE_ENTRY)
    assert Cycle.objects.get().state == "open"


def test_only_the_head_approves(cycle: Cycle) -> None:
    planner = person(cycle, "planner", Role.PLANNING)
    cycle.state = Cycle.State.APPROVAL
    cycle.save()
    with pytest.raises(ValidationError, match="機關首長"):
        cycle_apply(actor=planner, cycle=cycle, action=CycleAction.APPROVE)
    assert Cycle.objects.get().state == "approval"


def test_another_units_staff_cannot_submit(cycle: Cycle) -> None:
    planner = person(cycle, "planner", Role.PLANNING)
    open_year(planner, cycle)
    asia = UnitSubmission.objects.get(cycle=cycle, unit__name="亞太司")
    outsider = person(cycle, "outsider", Role.UNIT_STAFF, "國際組織司")
    with pytest.raises(ValidationError, match="只能由"):
        submission_apply(actor=outsider, submission=asia, action=SubmissionAction.SUBMIT)
    asia.refresh_from_db()
    assert asia.state == "draft"


def test_a_head_returning_a_submission_gives_a_reason(cycle: Cycle) -> None:
    planner = person(cycle, "planner", Role.PLANNING)
    open_year(planner, cycle)
    asia = UnitSubmission.objects.get(cycle=cycle, unit__name="亞太司")
    staff = person(cycle, "staff", Role.UNIT_STAFF, "亞太司")
    head = person(cycle, "head", Role.UNIT_HEAD, "亞太司")
    submission_apply(actor=staff, submission=asia, action=SubmissionAction.SUBMIT)
    with pytest.raises(ValidationError, match="必須填寫理由"):
        submission_apply(actor=head, submission=asia, action=SubmissionAction.RETURN)
    submission_apply(actor=head, submission=asia, action=SubmissionAction.RETURN, reason="數字有誤")
    assert asia.history.first().history_change_reason == "數字有誤"
    assert UnitSubmission.objects.get(pk=asia.pk).state == "draft"


@pytest.mark.parametrize(
    "action", [CycleAction.OPEN_YEAR, CycleAction.PUBLISH, CycleAction.PUBLISH_CORRECTION]
)
def test_the_bare_state_step_refuses_an_action_with_work(cycle: Cycle, action: str) -> None:
    planner = person(cycle, "planner", Role.PLANNING)
    with pytest.raises(ActionNeedsItsWork):
        cycle_apply(actor=planner, cycle=cycle, action=CycleAction(action))
    assert Cycle.objects.get().state == "draft"


def test_opening_without_every_deadline_opens_nothing(cycle: Cycle) -> None:
    planner = person(cycle, "planner", Role.PLANNING)
    with pytest.raises(ValidationError) as refused:
        cycle_act(actor=planner, cycle=cycle, action=CycleAction.OPEN_YEAR, due={})
    assert set(refused.value.message_dict) == {"open", "unit_response", "revision", "approval"}
    assert "請設定「填報截止日」。" in refused.value.message_dict["open"]
    assert Cycle.objects.get().state == "draft"
    assert not UnitSubmission.objects.exists()
