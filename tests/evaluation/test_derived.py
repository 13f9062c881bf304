"""Every derived table of the sample is reproduced from the underlying data, value for value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govperf.domain.lights import Light
from govperf.evaluation import derived
from govperf.evaluation.models import Cycle, KpiYear, LightStatistic
from govperf.finance.models import BudgetFigure, ProgramCost

pytestmark = pytest.mark.django_db


def test_execution_rates_match_every_published_cell(imported_cycle: Cycle) -> None:
    rates = derived.execution_rates(imported_cycle)
    published = imported_cycle.budget_figures.filter(measure=BudgetFigure.Measure.EXECUTION_RATE)
    assert published.count() == 16
    for figure in published:
        assert rates[(figure.fund, figure.year)] == figure.value, figure.text
    assert rates[("合計", 104)] == Decimal("97.79")


def test_personnel_ratio_and_headcount_total(imported_cycle: Cycle) -> None:
    ratios = derived.personnel_ratios(imported_cycle)
    totals = derived.headcount_totals(imported_cycle)
    assert ratios == {
        104: Decimal("30.82"),
        105: Decimal("30.97"),
        106: Decimal("31.42"),
        107: Decimal("29.52"),
    }
    assert totals == {104: 2653, 105: 2627, 106: 2628, 107: 2620}


def test_program_cost_subtotals_and_total(imported_cycle: Cycle) -> None:
    sums = derived.program_cost_sums(imported_cycle)
    rows = ProgramCost.objects.filter(cycle=imported_cycle).exclude(kind="program")
    checked = 0
    for cost in rows.prefetch_related("years"):
        for item in cost.years.all():
            assert sums[(cost.position, item.year)] == item.budget_value, cost.goal_text
            checked += 1
    assert checked == 2 * 7
    total = rows.get(kind=ProgramCost.Kind.TOTAL)
    assert sums[(total.position, 107)] == 12949244


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
