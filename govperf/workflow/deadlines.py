"""Deadlines of a cycle's steps: set when the year opens, edited later by the planning office."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from itertools import pairwise

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from govperf.accounts.policy import change_check
from govperf.domain.policy import Area
from govperf.domain.workflow import CycleAction, CycleState
from govperf.evaluation.models import Cycle
from govperf.records.write import recorded_save
from govperf.workflow.models import DEADLINE_STEPS, Deadline
from govperf.workflow.services import cycle_apply

# Which steps count as done once the cycle has reached a state: the order of the table.
STATE_ORDER = [state.value for state in CycleState if state != CycleState.CORRECTION]


def deadlines_set(
    *, actor: AbstractBaseUser, cycle: Cycle, due: Mapping[str, date | None], reason: str = ""
) -> list[Deadline]:
    """Set the due date of each step given; a changed date is recorded with who and why."""
    change_check(user=actor, area=Area.DEADLINES, cycle=cycle)
    unknown = set(due) - {step.value for step in DEADLINE_STEPS}
    if unknown:
        raise ValidationError(f"沒有這些階段：{'、'.join(sorted(unknown))}")
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
            raise ValidationError(  # keyed by the step, so a form shows it beside that date
                {
                    after.value: f"「{after.label_zh}」的期限（{late:%Y-%m-%d}）"
                    f"早於「{before.label_zh}」的期限（{early:%Y-%m-%d}）。"
                }
            )


def cycle_open(
    *, actor: AbstractBaseUser, cycle: Cycle, due: Mapping[str, date | None], reason: str = ""
) -> Cycle:
    """Open the year and set its deadlines in one transaction: a refusal sets neither."""
    with transaction.atomic():
        cycle = cycle_apply(actor=actor, cycle=cycle, action=CycleAction.OPEN_YEAR, reason=reason)
        deadlines_set(actor=actor, cycle=cycle, due=due, reason=reason or "開始填報時設定")
    return cycle


def step_is_past(cycle: Cycle, step: str) -> bool:
    """Whether the cycle as a whole has moved beyond `step`."""
    if cycle.state == CycleState.CORRECTION:
        return True
    return STATE_ORDER.index(cycle.state) > STATE_ORDER.index(step)


def deadline_is_late(deadline: Deadline, today: date) -> bool:
    """A deadline passed while its step is not yet done by the cycle."""
    return deadline.due_on < today and not step_is_past(deadline.cycle, deadline.step)
