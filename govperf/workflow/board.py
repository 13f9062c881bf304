"""The planning office's board: how far each unit has got, what is late, what the audit finds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from govperf.domain.workflow import CycleState, SubmissionState
from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.deadlines import deadline_is_late
from govperf.workflow.models import Deadline, UnitSubmission

# A unit's part of a step is done once its submission reaches one of these states.
UNIT_DONE = {
    CycleState.OPEN: {SubmissionState.SIGNED_OFF, SubmissionState.AGREED, SubmissionState.DISPUTED},
    CycleState.UNIT_RESPONSE: {SubmissionState.AGREED, SubmissionState.DISPUTED},
}


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
    submissions = cycle.submissions.select_related("unit").order_by("unit__name")
    for submission in submissions:
        row = UnitRow(submission=submission)
        _count(row, cycle)
        row.late = [d for d in late if d.step in UNIT_DONE and not unit_is_done(submission, d.step)]
        rows.append(row)
    return rows, [d for d in late if d.step not in UNIT_DONE]


def _count(row: UnitRow, cycle: Cycle) -> None:
    years = KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, cycle_kpi__unit=row.submission.unit, year=cycle.year
    )
    row.kpi_count = years.count()
    row.with_actual = years.exclude(actual_value=None, actual_text="").count()
    row.with_analysis = years.exclude(analysis="").count()
    missed = years.filter(achievement_value__lt=100)
    row.missed = missed.count()
    row.with_missed_reason = missed.exclude(Q(missed_reason="")).count()
