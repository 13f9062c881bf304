"""Every derived finance table of the sample is reproduced from the underlying data, value for value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govperf.evaluation.models import Cycle
from govperf.finance import derived
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
