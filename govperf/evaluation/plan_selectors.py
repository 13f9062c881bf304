"""The plan as its page and the API read it: each KPI with its own column and its targets."""

from __future__ import annotations

from dataclasses import dataclass

from govperf.evaluation.models import Cycle, CycleKpi, KpiYear, PlanTarget
from govperf.evaluation.plan import plan_years


@dataclass(frozen=True)
class PlanRow:
    """A KPI of the plan: its cycle KPI, the cycle's own column (its rule, tier, standard) and
    its target of each plan year as typed ("" where none is set), the cycle's year first."""

    cycle_kpi: CycleKpi
    column: KpiYear
    targets: dict[int, str]


def plan_rows(*, cycle: Cycle) -> list[PlanRow]:
    """Every KPI of the cycle in the plan's order, in three queries whatever their number."""
    years = plan_years(cycle)
    columns = {
        column.cycle_kpi_id: column
        for column in KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year)
    }
    planned: dict[tuple[int, int], str] = {
        (target.kpi_id, target.year): target.target_text
        for target in PlanTarget.objects.filter(kpi__cycle_kpis__cycle=cycle, year__in=years)
    }
    rows = []
    for cycle_kpi in cycle.cycle_kpis.select_related("goal", "kpi", "unit"):
        column = columns.get(cycle_kpi.pk) or KpiYear()
        targets = {years[0]: column.target_text}
        targets |= {year: planned.get((cycle_kpi.kpi_id, year), "") for year in years[1:]}
        rows.append(PlanRow(cycle_kpi, column, targets))
    return rows
