"""Which workflow steps a page offers: those the table allows and whose guards hold now.

A step the person's role may take but whose guards do not hold is not offered as a button;
the page says what stands in its way instead (the guards' own words and gaps). A guard the
person may pass by confirming (a submit with gaps) does not stand in the way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from govperf.domain import workflow
from govperf.domain.workflow import Role, Transition, allowed_actions
from govperf.evaluation.models import Cycle
from govperf.workflow.guards import Failure, Gap, Subject, failure_message, guard_failures
from govperf.workflow.models import UnitSubmission

# The guards whose gaps a summary before a signature lists itself (missing entries, unlit KPIs).
SUMMARISED_GUARDS = frozenset({workflow.ENTRIES_COMPLETE, workflow.LIGHTS_ASSIGNED})


@dataclass(frozen=True)
class Step:
    """A step the person's role may take: offered, or held back by `failures`."""

    row: Transition
    failures: tuple[Failure, ...] = ()

    @property
    def offered(self) -> bool:
        return not self.failures

    @property
    def why_not(self) -> list[tuple[str, tuple[Gap, ...], bool]]:
        """What stands in the way: each guard's words in the page's language, the KPIs or
        chapters it finds missing (data, shown as such, each linked where it is put right), and
        whether the summary beside the step lists those already (then the page points to it)."""
        return [
            (failure_message(Failure(f.guard)), f.gaps, f.guard in SUMMARISED_GUARDS)
            for f in self.failures
        ]


def _steps(rows: Iterable[Transition], subject: Subject) -> list[Step]:
    steps = []
    for row in rows:
        failures = guard_failures(subject, row.guards)
        blocking = tuple(f for f in failures if f.guard not in workflow.CONFIRMABLE_GUARDS)
        steps.append(Step(row, blocking))
    return steps


def cycle_steps(*, cycle: Cycle, roles: Iterable[Role]) -> list[Step]:
    """The cycle's steps `roles` may take from its state, each offered or held back."""
    return _steps(allowed_actions(workflow.CYCLE, cycle.state, roles), Subject(cycle))


def submission_steps(*, submission: UnitSubmission, roles: Iterable[Role]) -> list[Step]:
    """A unit submission's steps `roles` may take from its state, each offered or held back."""
    rows = allowed_actions(workflow.SUBMISSION, submission.state, roles)
    return _steps(rows, Subject(submission.cycle, submission))
