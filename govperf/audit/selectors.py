"""The audit of a cycle: every finding of every check, in report order."""

from __future__ import annotations

from govperf.audit import goals, kpis, narrative, tables
from govperf.domain.findings import Finding
from govperf.evaluation.models import Cycle
from govperf.evaluation.selectors import cycle_light_bands


def cycle_findings(*, cycle: Cycle) -> list[Finding]:
    """What a reviewer should read about `cycle`: contradictions first by chapter order."""
    years = kpis.kpi_years(cycle)
    return [
        *tables.budget_findings(cycle),
        *tables.headcount_findings(cycle),
        *kpis.sub_measure_findings(years),
        *kpis.achievement_findings(years),
        *kpis.soft_target_findings(years, cycle.year),
        *kpis.missing_reason_findings(years, cycle.year),
        *kpis.light_judgement_findings(years, cycle_light_bands(cycle)),
        *goals.program_cost_goal_findings(cycle),
        *tables.program_cost_findings(cycle),
        *tables.shortfall_findings(cycle),
        *tables.light_table_findings(cycle),
        *goals.light_table_goal_findings(cycle),
        *tables.statistics_findings(cycle),
        *narrative.light_statement_findings(cycle),
        *narrative.total_statement_findings(cycle),
    ]
