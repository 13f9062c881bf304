"""The cycle page's change lists: its state history and the due dates changed, from history."""

from __future__ import annotations

from govperf.evaluation.models import Cycle
from govperf.records.read import Change, shown, value_changes
from govperf.workflow.models import Deadline


def cycle_state_changes(*, cycle: Cycle) -> list[Change]:
    """Each state the cycle entered, oldest first: who took it there, when, and why."""
    records = cycle.history.order_by("history_date", "history_id").select_related("history_user")
    return value_changes(Cycle, records, "state")


def deadline_changes(*, cycle: Cycle) -> list[Change]:
    """Due dates moved after they were first set, oldest first, with the step they close."""
    records = Deadline.history.filter(cycle_id=cycle.pk).select_related("history_user")
    by_step: dict[str, list[object]] = {}
    for record in records.order_by("history_date", "history_id"):
        by_step.setdefault(record.step, []).append(record)
    moved = [
        Change(c.when, c.who, shown(group[0], "step"), c.field, c.before, c.after, c.reason)
        for group in by_step.values()
        for c in value_changes(Deadline, group, "due_on")
        if c.before
    ]
    return sorted(moved, key=lambda change: change.when)
