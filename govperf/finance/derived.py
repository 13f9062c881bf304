"""Derived finance tables, always computed from the data: execution rates, totals, ratios, sums."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from govperf.domain.achievement import HUNDRED, round2
from govperf.evaluation.models import Cycle
from govperf.finance.models import BudgetFigure, ProgramCost

THOUSAND = Decimal(1000)
TOTAL_FUND = "合計"
PERSONNEL_RATIO_PREFIX = "人事費占決算比例"
PERSONNEL_COST_PREFIX = "人事費("
HEADCOUNT_TOTAL = "合計"


def budget_totals(cycle: Cycle) -> dict[str, Decimal]:
    """The 合計 fund's 預算 and 決算 of the cycle's year (by measure) = the other funds summed;
    a measure whose funds are all blank has no total yet."""
    totals: dict[str, Decimal] = {}
    figures = cycle.budget_figures.filter(year=cycle.year).exclude(
        measure=BudgetFigure.Measure.EXECUTION_RATE
    )
    for figure in figures.exclude(fund=TOTAL_FUND):
        if figure.value is not None:
            totals[figure.measure] = totals.get(figure.measure, Decimal(0)) + figure.value
    return totals


def execution_rates(cycle: Cycle) -> dict[tuple[str, int], Decimal]:
    """執行率(%) = 決算 ÷ 預算 × 100 per fund and year; 0 where the budget is 0 (as printed).

    The cycle year's 合計 is the funds' total (`budget_totals`), whatever is stored."""
    amounts: dict[tuple[str, int, str], Decimal] = {}
    for figure in cycle.budget_figures.exclude(measure=BudgetFigure.Measure.EXECUTION_RATE):
        amounts[(figure.fund, figure.year, figure.measure)] = figure.value or Decimal(0)
    for measure, total in budget_totals(cycle).items():
        if (TOTAL_FUND, cycle.year, measure) in amounts:
            amounts[(TOTAL_FUND, cycle.year, measure)] = total
    rates = {}
    for fund, year, measure in amounts:
        if measure == BudgetFigure.Measure.BUDGET:
            budget, final = amounts[(fund, year, measure)], amounts.get((fund, year, "final"))
            ratio = final / budget * HUNDRED if budget and final is not None else Decimal(0)
            rates[(fund, year)] = round2(ratio)
    return rates


def _headcount_rows(cycle: Cycle) -> dict[str, dict[int, Decimal]]:
    rows: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for figure in cycle.headcount_figures.all():
        rows[figure.label][figure.year] = figure.value or Decimal(0)
    return rows


def personnel_ratios(cycle: Cycle) -> dict[int, Decimal]:
    """人事費占決算比例(%) = 人事費(千元) ÷ (決算合計(百萬元) × 1000) × 100, per year."""
    finals = {
        figure.year: figure.value
        for figure in cycle.budget_figures.filter(fund=TOTAL_FUND, measure="final")
        if figure.value
    }
    total_final = budget_totals(cycle).get(BudgetFigure.Measure.FINAL)
    if total_final and cycle.year in finals:
        finals[cycle.year] = total_final
    costs = next(
        (
            values
            for label, values in _headcount_rows(cycle).items()
            if label.startswith(PERSONNEL_COST_PREFIX)
        ),
        {},
    )
    return {
        year: round2(cost / (finals[year] * THOUSAND) * HUNDRED)
        for year, cost in costs.items()
        if year in finals
    }


def headcount_totals(cycle: Cycle) -> dict[int, Decimal]:
    """合計 = the sum of the categories printed below it (職員, 約聘僱人員, 警員, 技工工友)."""
    rows = _headcount_rows(cycle)
    labels = list(rows)
    if HEADCOUNT_TOTAL not in labels:
        return {}
    categories = labels[labels.index(HEADCOUNT_TOTAL) + 1 :]
    years = rows[HEADCOUNT_TOTAL]
    return {
        year: sum((rows[label].get(year, Decimal(0)) for label in categories), Decimal(0))
        for year in years
    }


def program_cost_sums(cycle: Cycle) -> dict[tuple[int, int], Decimal]:
    """Budget of each 小計 row (its programs summed) and of the 合計 row (the 小計 summed),
    keyed by (row position, year)."""
    sums: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    subtotal: int | None = None
    total: int | None = None
    costs = ProgramCost.objects.filter(cycle=cycle).prefetch_related("years")
    for cost in costs:
        if cost.kind == ProgramCost.Kind.TOTAL:
            total = cost.position
        elif cost.kind == ProgramCost.Kind.SUBTOTAL:
            subtotal = cost.position
        for item in cost.years.all():
            amount = item.budget_value or Decimal(0)
            if cost.kind == ProgramCost.Kind.PROGRAM and subtotal is not None:
                sums[(subtotal, item.year)] += amount
                if total is not None:
                    sums[(total, item.year)] += amount
    return dict(sums)
