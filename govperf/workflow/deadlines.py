"""Deadlines of a cycle's steps: set when the year opens, edited later by the planning office."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from itertools import pairwise

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from govperf.domain.policy import Area
from govperf.domain.workflow import CycleAction, CycleState
from govperf.evaluation.models import Cycle
from govperf.evaluation.policy import change_check
from govperf.records.write import recorded_save
from govperf.workflow.models import DEADLINE_STEPS, Deadline
from govperf.workflow.services import cycle_state_step

# The date each step closes by, as the forms and refusals name it.
DEADLINE_LABELS_ZH = {
    CycleState.OPEN: "填報截止日",
    CycleState.UNIT_RESPONSE: "單位回應截止日",
    CycleState.REVISION: "研考修正截止日",
    CycleState.APPROVAL: "陳核截止日",
}
# Which steps count as done once the cycle has reached a state: the order of the table.
STATE_ORDER = [state.value for state in CycleState if state != CycleState.CORRECTION]


def deadlines_set(
    *, actor: AbstractBaseUser, cycle: Cycle, due: Mapping[str, date | None], reason: str = ""
) -> list[Deadline]:
    """Set the due date of each step given; a changed date is recorded with who and why."""
    change_check(user=actor, area=Area.DEADLINES, cycle=cycle)
    unknown = set(due) - {step.value for step in DEADLINE_STEPS}
    if unknown:
        steps = gettext("、").join(sorted(unknown))
        raise ValidationError(gettext("沒有這些階段：%(steps)s") % {"steps": steps})
    _check_order(cycle, due)
    saved = []
    with transaction.atomic():
        for step, due_on in due.items():
            if due_on is None:
                continue
            deadline = Deadline.objects.filter(cycle=cycle, step=step).first()
            if deadline is not None and deadline.due_on == due_on:
                saved.append(deadline)
                continue
            deadline = deadline or Deadline(cycle=cycle, step=step)
            deadline.due_on = due_on
            recorded_save(deadline, actor=actor, reason=reason.strip() or "設定期限")
            saved.append(deadline)
    return saved


def _check_order(cycle: Cycle, due: Mapping[str, date | None]) -> None:
    """Each step's deadline falls on or after the one before, counting the dates kept."""
    merged = {d.step: d.due_on for d in Deadline.objects.filter(cycle=cycle)}
    merged.update({step: day for step, day in due.items() if day is not None})
    dated = [(step, merged[step.value]) for step in DEADLINE_STEPS if step.value in merged]
    for (before, early), (after, late) in pairwise(dated):
        if late < early:
            message = gettext("「%(after)s」（%(late)s）早於「%(before)s」（%(early)s）。") % {
                "after": gettext(DEADLINE_LABELS_ZH[after]),
                "late": f"{late:%Y-%m-%d}",
                "before": gettext(DEADLINE_LABELS_ZH[before]),
                "early": f"{early:%Y-%m-%d}",
            }
            raise ValidationError({after.value: [message]})


def cycle_open(
    *, actor: AbstractBaseUser, cycle: Cycle, due: Mapping[str, date | None], reason: str = ""
) -> Cycle:
    """Open the year and set every step's deadline in one transaction: a refusal sets neither.

    The state step is checked first, so a caller who may not open hears that, not the dates."""
    with transaction.atomic():
        cycle = cycle_state_step(
            actor=actor, cycle=cycle, action=CycleAction.OPEN_YEAR, reason=reason
        )
        _check_every_step_dated(due)
        deadlines_set(actor=actor, cycle=cycle, due=due, reason=reason or "開始填報時設定")
    return cycle


def _check_every_step_dated(due: Mapping[str, date | None]) -> None:
    missing = {
        step.value: [gettext("請設定「%(step)s」。") % {"step": gettext(DEADLINE_LABELS_ZH[step])}]
        for step in DEADLINE_STEPS
        if due.get(step.value) is None
    }
    if missing:
        raise ValidationError(missing)


def step_is_past(cycle: Cycle, step: str) -> bool:
    """Whether the cycle as a whole has moved beyond `step`."""
    if cycle.state == CycleState.CORRECTION:
        return True
    return STATE_ORDER.index(cycle.state) > STATE_ORDER.index(step)


def deadline_is_late(deadline: Deadline, today: date) -> bool:
    """A deadline passed while its step is not yet done by the cycle."""
    return deadline.due_on < today and not step_is_past(deadline.cycle, deadline.step)
