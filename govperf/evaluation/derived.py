"""Derived tables of the KPIs, always computed from the data: shortfalls, lights, statistics."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from govperf.domain.achievement import HUNDRED
from govperf.domain.lights import Light
from govperf.domain.statistics import LightStatistics, light_statistics, shortfall_gap
from govperf.evaluation.models import Cycle, KpiYear

EXECUTIVE_ONLY_FROM = 106  # 「106年度以後僅統計院核評估部分」


@dataclass(frozen=True)
class ShortfallRow:
    """A KPI below 100% in the cycle's year (未達目標項目檢討)."""

    kpi_year: KpiYear
    gap: Decimal  # 達成度差異值 = 100 − 達成度


def shortfalls(cycle: Cycle) -> list[ShortfallRow]:
    """Every KPI of the cycle's year whose achievement is below 100%."""
    years = (
        KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year)
        .select_related("cycle_kpi__goal", "cycle_kpi__kpi")
        .order_by("cycle_kpi__goal__position", "cycle_kpi__position")
    )
    return [
        ShortfallRow(kpi_year=year, gap=shortfall_gap(year.achievement_value))
        for year in years
        if year.achievement_value is not None and year.achievement_value < HUNDRED
    ]


def light_table(cycle: Cycle) -> list[KpiYear]:
    """The cycle year's KPI-years in report order: the rows of 各關鍵績效指標燈號."""
    return list(
        KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year)
        .select_related("cycle_kpi__goal", "cycle_kpi__kpi")
        .order_by("cycle_kpi__goal__position", "cycle_kpi__position")
    )


def statistics(cycle: Cycle) -> dict[tuple[int, str], LightStatistics]:
    """績效燈號統計 per (year, stage) from the KPI-years this cycle holds.

    From 106 only 院管 (executive-tier) indicators count, as the sample states.
    """
    lights: dict[tuple[int, str], list[Light]] = defaultdict(list)
    years = KpiYear.objects.filter(cycle_kpi__cycle=cycle)
    for item in years:
        if item.year >= EXECUTIVE_ONLY_FROM and item.tier != KpiYear.Tier.EXECUTIVE:
            continue
        for stage, light in (("initial", item.initial_light), ("review", item.review_light)):
            if light:
                lights[(item.year, stage)].append(Light(light))
    all_years = sorted({item.year for item in years})
    return {
        (year, stage): light_statistics(lights.get((year, stage), []))
        for year in all_years
        for stage in ("initial", "review")
    }
