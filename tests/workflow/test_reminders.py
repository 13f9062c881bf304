"""Reminder e-mails: before and after a deadline, to whoever has still to act, once each."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command

from govperf.domain.workflow import CycleAction, SubmissionAction
from govperf.evaluation.models import Cycle
from govperf.workflow.deadlines import cycle_open, deadlines_set
from govperf.workflow.models import ReminderSent, UnitSubmission
from govperf.workflow.reminders import reminders_send
from govperf.workflow.services import cycle_apply, submission_apply

pytestmark = pytest.mark.django_db
DUE = date(2030, 3, 31)


@pytest.fixture
def opened(people: dict[str, Any], draft_cycle: Cycle) -> Cycle:
    for name, user in people.items():
        user.email = f"{name}@example.gov.tw"
        user.save()
    due = {
        "open": DUE,
        "unit_response": DUE + timedelta(days=15),
        "revision": DUE + timedelta(days=30),
        "approval": DUE + timedelta(days=60),
    }
    return cycle_open(actor=people["planning"], cycle=draft_cycle, due=due)


def sign_off(people: dict[str, Any], cycle: Cycle, unit: str, short: str) -> None:
    submission = UnitSubmission.objects.get(cycle=cycle, unit__name=unit)
    submission_apply(
        actor=people[f"staff-{short}"], submission=submission, action=SubmissionAction.SUBMIT
    )
    submission_apply(
        actor=people[f"head-{short}"], submission=submission, action=SubmissionAction.SIGN_OFF
    )


def recipients(mailoutbox: list[Any]) -> set[str]:
    return {address for mail in mailoutbox for address in mail.to}


def test_units_not_signed_off_are_reminded_once_before_the_deadline(
    people: dict[str, Any],
    opened: Cycle,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    sign_off(people, opened, "亞太司", "asia")
    assert reminders_send(today=DUE - timedelta(days=10)) == []  # too early
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=DUE - timedelta(days=2), days_before=3)
    assert recipients(mailoutbox) == {
        "staff-io@example.gov.tw", "head-io@example.gov.tw",
        "staff-ic@example.gov.tw", "head-ic@example.gov.tw",
    }  # fmt: skip
    assert "即將截止" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=DUE - timedelta(days=1), days_before=3) == []
    assert len(mailoutbox) == 4


def test_overdue_reminders_go_out_once_and_only_while_the_step_is_under_way(
    people: dict[str, Any],
    opened: Cycle,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", str(DUE + timedelta(days=1)))
        call_command("send_reminders", "--today", str(DUE + timedelta(days=2)))
    assert len(mailoutbox) == 6  # the staff and head of each of the three units, once
    assert all("已逾期" in mail.subject for mail in mailoutbox)
    assert ReminderSent.objects.filter(kind="after").count() == 6
    assert "planning@example.gov.tw" not in recipients(mailoutbox)


def test_the_revision_deadline_reminds_the_planning_office(
    people: dict[str, Any],
    opened: Cycle,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    for unit, short in (("亞太司", "asia"), ("國際組織司", "io"), ("國際傳播司", "ic")):
        sign_off(people, opened, unit, short)
    for action in (
        CycleAction.CLOSE_ENTRY,
        CycleAction.SEND_INITIAL_LIGHTS,
        CycleAction.CLOSE_RESPONSES,
    ):
        cycle_apply(actor=people["planning"], cycle=opened, action=action)
    deadlines_set(
        actor=people["planning"], cycle=opened, due={"approval": DUE + timedelta(days=40)}
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=DUE + timedelta(days=31))
    assert recipients(mailoutbox) == {"planning@example.gov.tw"}


def test_a_changed_deadline_is_recorded_with_who_and_why(
    people: dict[str, Any], opened: Cycle
) -> None:
    deadline = opened.deadlines.get(step="open")
    deadlines_set(
        actor=people["planning"],
        cycle=opened,
        due={"open": DUE + timedelta(days=7)},
        reason="颱風延後",
    )
    latest = deadline.history.first()
    assert latest.due_on == DUE + timedelta(days=7)
    assert latest.history_user == people["planning"] and latest.history_change_reason == "颱風延後"
    assert deadline.history.last().due_on == DUE


def test_only_the_planning_office_sets_deadlines(people: dict[str, Any], opened: Cycle) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        deadlines_set(actor=people["staff-asia"], cycle=opened, due={"open": DUE})


def test_deadlines_out_of_order_are_refused_and_change_nothing(
    people: dict[str, Any], opened: Cycle
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="早於"):
        deadlines_set(
            actor=people["planning"], cycle=opened, due={"revision": DUE - timedelta(days=1)}
        )
    assert opened.deadlines.get(step="revision").due_on == DUE + timedelta(days=30)
