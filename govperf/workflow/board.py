"""The planning office's board: how far each unit has got, what is late, what the audit finds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q

from govperf.domain.workflow import CycleState, SubmissionState
from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.deadlines import deadline_is_late
from govperf.workflow.models import Deadline, UnitSubmission

# A unit's part of a step is done once its submission reaches one of these states.
UNIT_DONE = {
    CycleState.OPEN: {SubmissionState.SIGNED_OFF, SubmissionState.AGREED, SubmissionState.DISPUTED},
    CycleState.UNIT_RESPONSE: {SubmissionState.AGREED, SubmissionState.DISPUTED},
}


COUNTED = ("kpi_count", "with_actual", "with_analysis", "missed", "with_missed_reason")


@dataclass
class UnitRow:
    """One unit's line of the board."""

    submission: UnitSubmission
    kpi_count: int = 0
    with_actual: int = 0
    with_analysis: int = 0
    missed: int = 0  # achievement below 100 %: a missed reason is needed
    with_missed_reason: int = 0
    late: list[Deadline] = field(default_factory=list)


def unit_is_done(submission: UnitSubmission, step: str) -> bool:
    """Whether the unit has done its part of `step` (steps without a unit part: never late)."""
    done = UNIT_DONE.get(CycleState(step))
    return done is None or submission.state in done


def cycle_board(*, cycle: Cycle, today: date) -> tuple[list[UnitRow], list[Deadline]]:
    """The units' rows, and the late deadlines whose step belongs to the cycle as a whole."""
    deadlines = list(Deadline.objects.filter(cycle=cycle))
    late = [d for d in deadlines if deadline_is_late(d, today)]
    rows = []
    counts = _unit_counts(cycle)
    submissions = cycle.submissions.select_related("unit").order_by("unit__name")
    for submission in submissions:
        row = UnitRow(submission=submission)
        for name, value in counts.get(submission.unit_id, {}).items():
            setattr(row, name, value)
        row.late = [d for d in late if d.step in UNIT_DONE and not unit_is_done(submission, d.step)]
        rows.append(row)
    return rows, [d for d in late if d.step not in UNIT_DONE]


def _unit_counts(cycle: Cycle) -> dict[int, dict[str, int]]:
    """Per unit, in one query: its KPI-years of the cycle's year and how much of each is entered."""
    missed = Q(achievement_value__lt=100)
    rows: Iterable[Mapping[str, Any]] = (
        KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year)
        .values("cycle_kpi__unit")
        .annotate(
            kpi_count=Count("pk"),
            with_actual=Count("pk", filter=~Q(actual_value=None, actual_text="")),
            with_analysis=Count("pk", filter=~Q(analysis="")),
            missed=Count("pk", filter=missed),
            with_missed_reason=Count("pk", filter=missed & ~Q(missed_reason="")),
        )
    )
    return {row["cycle_kpi__unit"]: {name: row[name] for name in COUNTED} for row in rows}
