"""Every derived KPI table of the sample (shortfalls, lights, statistics) is reproduced from the data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govperf.domain.lights import Light
from govperf.evaluation import derived
from govperf.evaluation.models import Cycle, KpiYear, LightStatistic

pytestmark = pytest.mark.django_db


def test_shortfalls_are_every_kpi_below_100_with_its_gap(imported_cycle: Cycle) -> None:
    rows = derived.shortfalls(imported_cycle)
    assert [(row.kpi_year.cycle_kpi.kpi.name, row.gap) for row in rows] == [
        ("機關年度資本門預算執行率", Decimal("50.69")),
        ("機關於中程歲出概算額度內編報情形", Decimal("100.00")),
        ("提高駐外館宿舍自有率及節省鉅額租金支出", Decimal("5.88")),
    ]
    published = [(entry.kpi_name, entry.gap_value) for entry in imported_cycle.shortfalls.all()]
    assert published == [(row.kpi_year.cycle_kpi.kpi.name, row.gap) for row in rows]
    assert all(row.kpi_year.missed_reason for row in rows)


def test_light_table_is_the_kpis_own_lights(imported_cycle: Cycle) -> None:
    years = derived.light_table(imported_cycle)
    printed = list(imported_cycle.light_rows.all())
    assert [(y.initial_light_text, y.review_light_text) for y in years] == [
        (row.initial_light_text, row.review_light_text) for row in printed
    ]
    assert sum(1 for y in years if y.initial_light == Light.GREEN) == 13


@pytest.mark.parametrize("year", [106, 107])
def test_light_statistics_match_the_published_table(imported_cycle: Cycle, year: int) -> None:
    computed = derived.statistics(imported_cycle)
    published = LightStatistic.objects.filter(cycle=imported_cycle, year=year)
    assert published.count() == 10
    for item in published:
        stats = computed[(year, item.stage)]
        if item.category == "total":
            count, percent = stats.total, stats.total_percent()
        else:
            count, percent = stats.count(Light(item.category)), stats.percent(Light(item.category))
        assert (count, percent) == (item.count_value, item.percent_value), item.category


def test_statistics_from_106_count_only_executive_indicators(imported_cycle: Cycle) -> None:
    executive_106 = KpiYear.objects.filter(
        cycle_kpi__cycle=imported_cycle, year=106, tier=KpiYear.Tier.EXECUTIVE
    ).count()
    assert executive_106 == 2
    assert derived.statistics(imported_cycle)[(106, "initial")].total == 2
    assert derived.statistics(imported_cycle)[(107, "initial")].total == 0
