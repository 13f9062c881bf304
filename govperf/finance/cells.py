"""The cells of the finance tables: which a person types, which are derived, how they read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from govperf.domain.policy import Area
from govperf.domain.values import ValueParseError, misfit, parse_number
from govperf.evaluation.models import Cycle
from govperf.finance import derived
from govperf.finance.models import BudgetFigure, HeadcountFigure, ProgramCost, ProgramCostYear

BUDGET, HEADCOUNT, PROGRAM_COSTS = "budget", "headcount", "program_costs"
AREAS = {BUDGET: Area.BUDGET, HEADCOUNT: Area.HEADCOUNT, PROGRAM_COSTS: Area.PROGRAM_COSTS}


class CellError(ValueError):
    """A typed cell that is not a number the table accepts; the message names the cell, its
    `problem` (in the request's language) says what is wrong, for a page that shows it beside
    the cell."""

    def __init__(self, label: str, problem: str) -> None:
        super().__init__(f"{label}：{problem}")
        self.label, self.problem = label, problem


@dataclass(frozen=True)
class Cell:
    """One cell of a stored table: the object and which of its text/value pairs it is."""

    table: str
    obj: Any
    field: str  # "" for `text`/`value`, else the prefix: "budget" → budget_text/budget_value
    label: str
    blank_ok: bool = False
    percent_ok: bool = False

    @property
    def name(self) -> str:
        """The form field's name."""
        return f"{self.table}-{self.obj.pk}-{self.field or 'value'}"

    @property
    def text_attr(self) -> str:
        return f"{self.field}_text" if self.field else "text"

    @property
    def value_attr(self) -> str:
        return f"{self.field}_value" if self.field else "value"

    @property
    def text(self) -> str:
        return str(getattr(self.obj, self.text_attr))


def cell_parse(cell: Cell, typed: str) -> Decimal | None:
    """The number in `typed`, or CellError naming the cell (row label and year)."""
    try:
        measure = parse_number(typed, negative_ok=False)
    except ValueParseError as error:
        raise CellError(cell.label, error.text(gettext)) from error
    if measure.value is None:
        if cell.blank_ok:
            return None
        raise CellError(cell.label, gettext("必須填入數值。"))
    if measure.unit and not (cell.percent_ok and measure.is_percent):
        raise CellError(
            cell.label,
            gettext("「%(typed)s」應為純數字，不能帶單位「%(unit)s」。")
            % {"typed": typed, "unit": measure.unit},
        )
    return measure.value


def derived_problems(cells: list[DerivedCell]) -> list[str]:
    """The derived cells whose value the typed ones make too large to store, by cell."""
    message = gettext("%(cell)s：依公式計算為 %(value)s，%(problem)s；請檢查輸入的數值。")
    return [
        message % {"cell": item.cell.label, "value": item.text, "problem": problem.text(gettext)}
        for item in cells
        if (problem := misfit(item.value))
    ]


def cell_label(row: str, year: int, measure: str = "") -> str:
    """A cell's name for a person (its row as printed, what it measures, its year), as the
    input's accessible name and beside its problems, in the request's language."""
    values = {"row": row, "measure": gettext(measure) if measure else "", "year": year}
    if measure:
        return gettext("%(row)s %(measure)s %(year)s年度") % values
    return gettext("%(row)s %(year)s年度") % values


def amount_text(value: Decimal) -> str:
    """An amount as the report prints it: 12,949,244."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value.normalize():,}"


def percent_text(value: Decimal) -> str:
    """A rate as the report prints it: 94.49%, or 0%."""
    return "0%" if value == 0 else f"{value:.2f}%"


def _cost_row(cost: ProgramCost) -> str:
    if cost.kind == ProgramCost.Kind.TOTAL:
        return "合計"
    if cost.kind == ProgramCost.Kind.SUBTOTAL:
        return f"{cost.goal_text} 小計"
    return cost.program_text


def is_derived_headcount(label: str) -> bool:
    return label == derived.HEADCOUNT_TOTAL or label.startswith(derived.PERSONNEL_RATIO_PREFIX)


def editable_cells(cycle: Cycle, table: str) -> list[Cell]:
    """The cells of `table` a person types: the cycle's year only (earlier years are closed)."""
    return list(_editable(cycle, table))


def _editable(cycle: Cycle, table: str) -> Iterator[Cell]:
    if table == BUDGET:
        figures = cycle.budget_figures.filter(year=cycle.year).exclude(
            measure=BudgetFigure.Measure.EXECUTION_RATE
        )
        for fig in figures.exclude(fund=derived.TOTAL_FUND):  # 合計 is the funds' sum
            yield Cell(BUDGET, fig, "", cell_label(fig.fund, fig.year, fig.get_measure_display()))
    elif table == HEADCOUNT:
        for head in cycle.headcount_figures.filter(year=cycle.year):
            if not is_derived_headcount(head.label):
                yield Cell(HEADCOUNT, head, "", cell_label(head.label, head.year))
    else:
        years = ProgramCostYear.objects.filter(program_cost__cycle=cycle, year=cycle.year)
        for item in years.select_related("program_cost"):
            row = _cost_row(item.program_cost)
            if item.program_cost.kind == ProgramCost.Kind.PROGRAM:
                yield Cell(PROGRAM_COSTS, item, "budget", cell_label(row, item.year, "預算數"))
            label = cell_label(row, item.year, "預算執行進度(%)")
            yield Cell(PROGRAM_COSTS, item, "progress", label, blank_ok=True, percent_ok=True)


@dataclass(frozen=True)
class DerivedCell:
    """A derived cell of the cycle's year and the value the formula gives."""

    cell: Cell
    value: Decimal
    text: str


def derived_cells(cycle: Cycle) -> list[DerivedCell]:
    """Every derived cell of the cycle's year, computed by `finance.derived` from the data."""
    return [*_budget_derived(cycle), *_headcount_derived(cycle), *_cost_derived(cycle)]


def _budget_derived(cycle: Cycle) -> Iterator[DerivedCell]:
    totals = derived.budget_totals(cycle)
    for fig in cycle.budget_figures.filter(year=cycle.year, fund=derived.TOTAL_FUND):
        if fig.measure in totals:
            label = cell_label(fig.fund, fig.year, fig.get_measure_display())
            value = totals[fig.measure]
            yield DerivedCell(Cell(BUDGET, fig, "", label), value, amount_text(value))
    rates = derived.execution_rates(cycle)
    rows = cycle.budget_figures.filter(year=cycle.year, measure=BudgetFigure.Measure.EXECUTION_RATE)
    for fig in rows:
        rate = rates.get((fig.fund, fig.year))
        if rate is not None:
            cell = Cell(BUDGET, fig, "", cell_label(fig.fund, fig.year, "執行率(%)"))
            yield DerivedCell(cell, rate, percent_text(rate))


def _headcount_derived(cycle: Cycle) -> Iterator[DerivedCell]:
    ratios, totals = derived.personnel_ratios(cycle), derived.headcount_totals(cycle)
    for item in cycle.headcount_figures.filter(year=cycle.year):
        cell = Cell(HEADCOUNT, item, "", cell_label(item.label, item.year))
        if item.label == derived.HEADCOUNT_TOTAL and item.year in totals:
            yield DerivedCell(cell, totals[item.year], amount_text(totals[item.year]))
        elif item.label.startswith(derived.PERSONNEL_RATIO_PREFIX) and item.year in ratios:
            yield DerivedCell(cell, ratios[item.year], percent_text(ratios[item.year]))


def _cost_derived(cycle: Cycle) -> Iterator[DerivedCell]:
    sums = derived.program_cost_sums(cycle)
    years = ProgramCostYear.objects.filter(program_cost__cycle=cycle, year=cycle.year)
    for item in years.exclude(program_cost__kind=ProgramCost.Kind.PROGRAM).select_related(
        "program_cost"
    ):
        value = sums.get((item.program_cost.position, item.year), Decimal(0))
        label = cell_label(_cost_row(item.program_cost), item.year, "預算數")
        yield DerivedCell(Cell(PROGRAM_COSTS, item, "budget", label), value, amount_text(value))


def history_label(table: str, record: Any) -> str:
    """The cell a history record is about, for the page's recent changes."""
    if table == BUDGET:
        return f"{record.fund} {BudgetFigure.Measure(record.measure).label} {record.year}年度"
    if table == HEADCOUNT:
        return f"{record.label} {record.year}年度"
    return f"{_cost_row(record.program_cost)} {record.year}年度"


HISTORY_MODELS: dict[str, type[Any]] = {
    BUDGET: BudgetFigure,
    HEADCOUNT: HeadcountFigure,
    PROGRAM_COSTS: ProgramCostYear,
}
