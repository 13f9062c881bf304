"""The national data set's budget, headcount and program-cost tables (bench/national_data.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

FUNDS = ("合計", "普通基金(總預算)", "普通基金(特別預算)", "特種基金")
MEASURES = (("budget", "預算"), ("final", "決算"), ("execution_rate", "執行率(%)"))
STAFF = ("職員", "約聘僱人員", "警員", "技工工友")


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def _money(value: Decimal) -> str:
    return f"{value:,.0f}"


def finance_rows(seed: int, written: list[Any]) -> dict[str, int]:
    """Write every cycle's three tables; the number of rows per table."""
    from govperf.finance.models import BudgetFigure, HeadcountFigure, ProgramCost, ProgramCostYear

    budget, headcount, costs, cost_years = [], [], [], []
    for own in written:
        budget.extend(_budget(seed, own.cycle))
        headcount.extend(_headcount(seed, own.cycle))
        rows, years = _program_costs(seed, own)
        costs.extend(rows)
        cost_years.extend(years)
    BudgetFigure.objects.bulk_create(budget)
    HeadcountFigure.objects.bulk_create(headcount)
    ProgramCost.objects.bulk_create(costs)
    for year in cost_years:
        year.program_cost = year.program_cost  # its id, now that the row is saved
    ProgramCostYear.objects.bulk_create(cost_years)
    return {
        "budget_figures": len(budget),
        "headcount_figures": len(headcount),
        "program_costs": len(costs),
        "program_cost_years": len(cost_years),
    }


def _fund_year(seed: int, agency: str, fund: int, year: int) -> tuple[Decimal, Decimal]:
    """(budget, final) in 百萬元 of one fund in one year, the same in every report."""
    rng = _rng(seed, "budget", agency, fund, year)
    amount = Decimal(rng.randint(300, 30000))
    return amount, (amount * Decimal(rng.uniform(0.88, 0.995))).quantize(Decimal(1))


def _budget(seed: int, cycle: Any) -> Iterator[Any]:
    from govperf.finance.models import BudgetFigure

    years = range(cycle.year - 3, cycle.year + 1)
    name = cycle.agency.name
    amounts = {(f, y): _fund_year(seed, name, f, y) for f in range(1, len(FUNDS)) for y in years}
    for y in years:  # 合計 is the sum of the funds
        amounts[(0, y)] = (
            sum((amounts[(g, y)][0] for g in range(1, len(FUNDS))), Decimal(0)),
            sum((amounts[(g, y)][1] for g in range(1, len(FUNDS))), Decimal(0)),
        )
    for f, fund in enumerate(FUNDS):
        for m, (measure, label) in enumerate(MEASURES):
            for year in years:
                planned, final = amounts[(f, year)]
                if measure == "execution_rate":
                    rate = (final * 100 / planned).quantize(Decimal("0.01"))
                    shown, value = f"{rate}%", rate
                else:
                    value = planned if measure == "budget" else final
                    shown = _money(value)
                yield BudgetFigure(
                    cycle=cycle, position=f * 3 + m + 1, fund=fund,
                    fund_text=fund if m == 0 else "", measure=measure, measure_text=label,
                    year=year, text=shown, value=value,
                )  # fmt: skip


def _headcount(seed: int, cycle: Any) -> Iterator[Any]:
    from govperf.finance.models import HeadcountFigure

    for year in range(cycle.year - 3, cycle.year + 1):
        rng = _rng(seed, "headcount", cycle.agency.name, year)
        staff = [Decimal(rng.randint(10, 3000)) for _ in STAFF]
        share = Decimal(rng.uniform(12, 45)).quantize(Decimal("0.01"))
        cost = Decimal(rng.randint(200_000, 9_000_000))
        rows = [
            ("人事費占決算比例(%)", f"{share}%", share),
            ("人事費(單位：千元)", _money(cost), cost),
            ("合計", _money(sum(staff, Decimal(0))), sum(staff, Decimal(0))),
            *((label, _money(n), n) for label, n in zip(STAFF, staff, strict=True)),
        ]
        for position, (label, shown, value) in enumerate(rows, start=1):
            yield HeadcountFigure(
                cycle=cycle, position=position, label=label, year=year, text=shown, value=value
            )


def _program_costs(seed: int, own: Any) -> tuple[list[Any], list[Any]]:
    """合計, then per goal its 小計 and one program per KPI, for the cycle's last two years."""
    from govperf.finance.models import ProgramCost, ProgramCostYear

    cycle = own.cycle
    years = (cycle.year - 1, cycle.year)
    rows: list[Any] = []
    cost_years: list[Any] = []
    sums: dict[tuple[int, int], Decimal] = {}

    def add(row: Any, figures: dict[int, tuple[Decimal, Decimal | None]]) -> None:
        rows.append(row)
        for year, (amount, progress) in figures.items():
            cost_years.append(
                ProgramCostYear(
                    program_cost=row, year=year, budget_text=_money(amount), budget_value=amount,
                    progress_text=f"{progress}" if progress is not None else "\xa0",
                    progress_value=progress,
                )
            )  # fmt: skip

    total = ProgramCost(cycle=cycle, position=1, kind="total", goal_text="合計", kpi_text="\xa0")
    programs: list[tuple[Any, dict[int, tuple[Decimal, Decimal | None]]]] = []
    for goal in own.goals:
        subtotal = ProgramCost(
            cycle=cycle, kind="subtotal", goal=goal, goal_text=f"{goal.label}{goal.name}",
            program_text="小計", kpi_text="\xa0",
        )  # fmt: skip
        programs.append((subtotal, {}))
        for cycle_kpi in (ck for ck in own.cycle_kpis if ck.goal is goal):
            rng = _rng(seed, "program", cycle.agency.name, cycle_kpi.kpi.name, cycle.year)
            figures = {
                y: (
                    Decimal(rng.randint(2_000, 900_000)),
                    Decimal(rng.uniform(70, 100)).quantize(Decimal("0.01")),
                )
                for y in years
            }
            for y, (amount, _) in figures.items():
                sums[(goal.position, y)] = sums.get((goal.position, y), Decimal(0)) + amount
            name = cycle_kpi.kpi.name.split("（")[0]
            program = ProgramCost(
                cycle=cycle, kind="program", goal=goal, program_text=f"{name}推動計畫",
                kpi=cycle_kpi.kpi, kpi_text=cycle_kpi.kpi.name,
            )  # fmt: skip
            programs.append((program, figures))
    totals = {y: sum((sums[(g.position, y)] for g in own.goals), Decimal(0)) for y in years}
    add(total, {y: (amount, None) for y, amount in totals.items()})
    for position, (row, figures) in enumerate(programs, start=2):
        row.position = position
        if row.kind == "subtotal":
            figures = {y: (sums[(row.goal.position, y)], Decimal("90.00")) for y in years}
        add(row, figures)
    return rows, cost_years
