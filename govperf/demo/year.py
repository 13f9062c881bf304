"""The demo's cycle in progress: 108 carried over from the sample and opened for entry."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from govperf.evaluation.models import Cycle
from govperf.workflow.carryover import cycle_create_next
from govperf.workflow.deadlines import cycle_open
from govperf.workflow.models import DEADLINE_STEPS

NEXT_YEAR = 108
WEEKS_PER_STEP = 2  # the demo's deadlines: two weeks for each step, from the day it is opened


def next_cycle_ensure(*, previous: Cycle, planning: AbstractBaseUser) -> tuple[bool, Cycle]:
    """The 108 cycle, created from `previous` and opened by `planning` when missing."""
    existing = Cycle.objects.filter(agency=previous.agency, year=NEXT_YEAR).first()
    if existing is not None:
        return False, existing
    cycle = cycle_create_next(actor=planning, previous=previous, year=NEXT_YEAR)
    today = timezone.localdate()
    due = {
        step.value: today + timedelta(weeks=WEEKS_PER_STEP * number)
        for number, step in enumerate(DEADLINE_STEPS, start=1)
    }
    cycle = cycle_open(actor=planning, cycle=cycle, due=due, reason="示範：開始108年度填報")
    return True, cycle
