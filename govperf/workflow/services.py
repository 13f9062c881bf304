"""The one service that moves a cycle or a unit's submission along its workflow table."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from govperf.accounts.selectors import user_roles, user_roles_for_unit
from govperf.domain import workflow
from govperf.domain.roc import format_roc_date
from govperf.domain.workflow import (
    CycleAction,
    Role,
    SubmissionAction,
    Transition,
)
from govperf.evaluation.models import Cycle
from govperf.records.write import recorded_save
from govperf.workflow.guards import GuardRefusal, Subject, guard_failures
from govperf.workflow.models import UnitSubmission
from govperf.workflow.notices import (
    notify_cycle_return,
    notify_submission_dispute,
    notify_unit_return,
)
from govperf.workflow.published_state import published_state_changed


def _transition(
    table: tuple[Transition, ...], state: str, action: str, roles: frozenset[Role], reason: str
) -> Transition:
    """The table's row for the step, or a ValidationError in the table's own words."""
    try:
        return workflow.find_transition(table, state, action, roles, reason)
    except workflow.WorkflowError as error:
        raise ValidationError(error.text(get_language())) from error


def _guards_hold(
    cycle: Cycle,
    guards: tuple[str, ...],
    *,
    submission: UnitSubmission | None = None,
    confirmed: bool = False,
) -> None:
    """Raise `GuardRefusal`, naming what is missing in the page's language, when the data does
    not allow the step yet. A confirmable guard (a submit with gaps) passes when `confirmed`,
    and is left unsaid while another guard refuses: confirming could not help then."""
    failures = guard_failures(Subject(cycle, submission), guards)
    blocking = [f for f in failures if f.guard not in workflow.CONFIRMABLE_GUARDS]
    if blocking:
        raise GuardRefusal(blocking)
    if failures and not confirmed:
        raise GuardRefusal(failures)


def _open_submissions(cycle: Cycle, *, actor: AbstractBaseUser | None) -> None:
    """Each unit that owns a KPI of the cycle gets its submission, in draft."""
    units = {ck.unit for ck in cycle.cycle_kpis.exclude(unit=None).select_related("unit")}
    for unit in units - {s.unit for s in cycle.submissions.select_related("unit")}:
        recorded_save(UnitSubmission(cycle=cycle, unit=unit), actor=actor, reason="開始填報")


# Actions whose work is more than a state step: only `govperf.workflow.actions.cycle_act`
# reaches them, through `deadlines.cycle_open` and `publishing.cycle_publish`.
ACTIONS_WITH_WORK = frozenset(
    {CycleAction.OPEN_YEAR, CycleAction.PUBLISH, CycleAction.PUBLISH_CORRECTION}
)


class ActionNeedsItsWork(RuntimeError):
    """A caller asked for the bare state step of an action that has work of its own."""


def cycle_apply(
    *, actor: AbstractBaseUser, cycle: Cycle, action: CycleAction, reason: str = ""
) -> Cycle:
    """The bare state step of an action with no work of its own (all but open and publish)."""
    if action in ACTIONS_WITH_WORK:
        raise ActionNeedsItsWork(f"{action} goes through govperf.workflow.actions.cycle_act")
    return cycle_state_step(actor=actor, cycle=cycle, action=action, reason=reason)


def cycle_state_step(
    *, actor: AbstractBaseUser, cycle: Cycle, action: CycleAction, reason: str = ""
) -> Cycle:
    """Take `action` on `cycle` if `actor`'s roles and the data allow it; history keeps who/why.

    Only the services doing an action's work call this for `ACTIONS_WITH_WORK`. The step is
    decided on the cycle's row, locked: of two clicks at once, the second sees the first's state."""
    with transaction.atomic():
        cycle.refresh_from_db(from_queryset=Cycle.objects.select_for_update())
        roles = user_roles(user=actor, agency=cycle.agency)
        transition = _transition(workflow.CYCLE, cycle.state, action, roles, reason)
        _guards_hold(cycle, transition.guards)
        if action == CycleAction.OPEN_YEAR:
            _open_submissions(cycle, actor=actor)
        if action == CycleAction.PUBLISH:
            cycle.published_on = timezone.localdate()
            cycle.published_on_text = format_roc_date(cycle.published_on)
        cycle.state = transition.target
        recorded_save(cycle, actor=actor, reason=reason.strip() or action.label_zh)
        if action == CycleAction.RETURN_FOR_REVISION:
            notify_cycle_return(actor=actor, cycle=cycle, reason=reason)
        published_state_changed()
    return cycle


def submission_apply(
    *, actor: AbstractBaseUser, submission: UnitSubmission, action: SubmissionAction,
    reason: str = "", confirm: bool = False,
) -> UnitSubmission:  # fmt: skip
    """Take `action` on a unit's submission; only that unit's staff and head may.

    Submitting with KPI-years not fully entered is refused with the list of what is missing
    (`GuardRefusal.gaps`) unless `confirm` says the unit submits them as they are."""
    with transaction.atomic():
        submission.refresh_from_db(from_queryset=UnitSubmission.objects.select_for_update())
        roles = user_roles_for_unit(user=actor, unit=submission.unit)
        transition = _transition(workflow.SUBMISSION, submission.state, action, roles, reason)
        _guards_hold(submission.cycle, transition.guards, submission=submission, confirmed=confirm)
        submission.state = transition.target
        recorded_save(submission, actor=actor, reason=reason.strip() or action.label_zh)
        _notify(actor, submission, action, reason)
    return submission


def _notify(
    actor: AbstractBaseUser, submission: UnitSubmission, action: SubmissionAction, reason: str
) -> None:
    """A submission step given with a reason tells the people who act on it next."""
    if action == SubmissionAction.RETURN:
        notify_unit_return(actor=actor, submission=submission, reason=reason)
    elif action == SubmissionAction.DISPUTE:
        notify_submission_dispute(actor=actor, submission=submission, reason=reason)
