"""Reads for the report builder: a cycle with everything its report prints, in a few queries."""

from __future__ import annotations

from django.db.models import Prefetch

from govperf.evaluation.models import Cycle, CycleKpi, Goal, Shortfall
from govperf.finance.models import ProgramCost
from govperf.narrative.models import Chapter


def cycle_for_report(*, cycle: Cycle) -> Cycle:
    """`cycle` again, with its chapters, tables, goals and KPIs prefetched in report order."""
    cycle_kpis = CycleKpi.objects.select_related("kpi").prefetch_related("years")
    return (
        Cycle.objects.select_related("agency")
        .prefetch_related(
            Prefetch("chapters", Chapter.objects.prefetch_related("blocks")),
            Prefetch("goals", Goal.objects.prefetch_related(Prefetch("cycle_kpis", cycle_kpis))),
            "budget_figures",
            "headcount_figures",
            Prefetch("program_costs", ProgramCost.objects.prefetch_related("years")),
            Prefetch("shortfalls", Shortfall.objects.select_related("kpi_year")),
            "light_rows",
            "light_statistics",
            "recommendations",
        )
        .get(pk=cycle.pk)
    )
