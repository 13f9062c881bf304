"""The demo's cycle in progress: 108 carried over from the sample and opened for entry."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from govperf.domain.workflow import CycleAction
from govperf.evaluation.carryover import cycle_create_next
from govperf.evaluation.models import Cycle
from govperf.workflow.services import cycle_apply

NEXT_YEAR = 108


def next_cycle_ensure(*, previous: Cycle, planning: AbstractBaseUser) -> tuple[bool, Cycle]:
    """The 108 cycle, created from `previous` and opened by `planning` when missing."""
    existing = Cycle.objects.filter(agency=previous.agency, year=NEXT_YEAR).first()
    if existing is not None:
        return False, existing
    cycle = cycle_create_next(actor=planning, previous=previous, year=NEXT_YEAR)
    cycle = cycle_apply(
        actor=planning, cycle=cycle, action=CycleAction.OPEN_YEAR, reason="示範：開始108年度填報"
    )
    return True, cycle
