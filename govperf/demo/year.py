"""The demo's cycle in progress: 108 carried over from the sample and opened for entry."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from govperf.domain.achievement import Kind
from govperf.evaluation.models import Cycle
from govperf.evaluation.plan import plan_years, setup_of
from govperf.evaluation.plan_save import plan_kpi_save
from govperf.workflow.carryover import cycle_create_next
from govperf.workflow.deadlines import cycle_open
from govperf.workflow.models import DEADLINE_STEPS

NEXT_YEAR = 108
WEEKS_PER_STEP = 2  # the demo's deadlines: two weeks for each step, from the day it is opened
# The sample's KPIs whose kind its import cannot see (it prints no raw inputs): the capital
# budget's execution rate is the sample's formula; 精進我國際文宣工作 counts 3 criteria met.
# The NGO KPI's sub-measures, the 中程歲出概算 ceiling (lower is better) are imported as such.
CAPITAL_RATE = "機關年度資本門預算執行率"
CAPITAL_FORMULA = "（本年度資本門實支數＋資本門應付未付數＋資本門賸餘數）÷（資本門預算數）×100％"
CRITERIA = "精進我國際文宣工作"


def next_cycle_ensure(*, previous: Cycle, planning: AbstractBaseUser) -> tuple[bool, Cycle]:
    """The 108 cycle, created from `previous` and opened by `planning` when missing."""
    existing = Cycle.objects.filter(agency=previous.agency, year=NEXT_YEAR).first()
    if existing is not None:
        return False, existing
    cycle = cycle_create_next(actor=planning, previous=previous, year=NEXT_YEAR)
    real_kinds_set(cycle=cycle, planning=planning)
    today = timezone.localdate()
    due = {
        step.value: today + timedelta(weeks=WEEKS_PER_STEP * number)
        for number, step in enumerate(DEADLINE_STEPS, start=1)
    }
    cycle = cycle_open(actor=planning, cycle=cycle, due=due, reason="示範：開始108年度填報")
    return True, cycle


def real_kinds_set(*, cycle: Cycle, planning: AbstractBaseUser) -> None:
    """The draft year's KPIs set up with the sample's kinds, through the plan's service; the
    capital rate also gets the plan's 90% for the coming years."""
    capital = cycle.cycle_kpis.select_related("kpi", "cycle").get(kpi__name=CAPITAL_RATE)
    setup = setup_of(capital)
    setup.kind, setup.formula = Kind.FORMULA, CAPITAL_FORMULA
    setup.targets = {year: "90%" for year in plan_years(cycle)}
    plan_kpi_save(actor=planning, cycle=cycle, setup=setup, cycle_kpi_id=capital.pk)
    criteria = cycle.cycle_kpis.select_related("kpi", "cycle").get(kpi__name=CRITERIA)
    setup = setup_of(criteria)
    setup.kind, setup.criteria_count = Kind.CRITERIA_MET, "3"
    plan_kpi_save(actor=planning, cycle=cycle, setup=setup, cycle_kpi_id=criteria.pk)
