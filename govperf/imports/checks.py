"""Checks on a parsed report: every value and light parses, every reference resolves."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from govperf.domain.lights import LightParseError, parse_light
from govperf.domain.roc import RocDateError, parse_roc_date
from govperf.domain.text import unreadable
from govperf.domain.values import ValueParseError, parse_measure
from govperf.imports import ir
from govperf.imports.errors import Problem

BUDGET_MEASURES = {"預算": "budget", "決算": "final", "執行率(%)": "execution_rate"}
STATISTIC_CATEGORIES = {
    "小計": "total",
    "綠燈": "green",
    "黃燈": "yellow",
    "紅燈": "red",
    "白燈": "white",
}
STATISTIC_STAGES = {"初核": "initial", "複核": "review"}
NAME_MAX_LENGTH = 300  # Goal.name, Kpi.name, Chapter.title, the shortfall's KPI name
LABEL_MAX_LENGTH = 100  # BudgetFigure.fund, HeadcountFigure.label


def report_problems(report: ir.Report) -> list[Problem]:
    """Every problem of `report`, in file order; an empty list means it can be written."""
    problems: list[Problem] = []
    add = _collector(report.source, problems)
    _check(add, parse_roc_date, [report.published_on], "公告日期")
    _check_kpis(add, report)
    _check_budget(add, report.budget)
    _check(add, parse_measure, _headcount_cells(report.headcount), "員額")
    _check_program_costs(add, report.program_costs)
    _check_light_table(add, report.light_table)
    _check_statistics(add, report.light_statistics)
    _check_shortfalls(add, report)
    _check_texts(add, report)
    _check_lengths(add, report)
    return sorted(problems, key=lambda problem: problem.line)


Add = Callable[[int, str], None]


def _collector(source: str, problems: list[Problem]) -> Add:
    def add(line: int, message: str) -> None:
        problems.append(Problem(source=source, line=line, message=message))

    return add


def _check(add: Add, parse: Callable[[str], Any], cells: Iterable[ir.Cell], what: str) -> None:
    for cell in cells:
        try:
            parse(cell.text)
        except (ValueParseError, LightParseError, RocDateError) as error:
            add(cell.line, f"{what}：{error}")


def _check_kpis(add: Add, report: ir.Report) -> None:
    for goal in report.goals:
        for kpi in goal.kpis:
            if report.year not in [column.year for column in kpi.columns]:
                missing = f"「{kpi.name}」的表格沒有報告年度 {report.year}年度 的欄"
                add(kpi.row_labels[0].line, missing)
            for column in kpi.columns:
                where = f"「{kpi.name}」{column.year}年度"
                _check(add, parse_measure, [column.target], f"{where}原訂目標值")
                _check(add, parse_measure, [column.actual], f"{where}實際值")
                _check(add, parse_measure, [column.achievement], f"{where}達成度")
                _check(add, parse_light, [column.initial_light], f"{where}初核結果")
                _check(add, parse_light, [column.review_light], f"{where}複核結果")


def _check_budget(add: Add, table: ir.BudgetTable) -> None:
    for row in table.rows:
        if row.measure.text not in BUDGET_MEASURES:
            add(row.measure.line, f"預決算表的「{row.measure.text}」不是 預算、決算 或 執行率(%)")
        _check(add, parse_measure, row.values, "預決算表")


def _headcount_cells(table: ir.HeadcountTable) -> list[ir.Cell]:
    return [cell for row in table.rows for cell in row.values]


def _check_program_costs(add: Add, table: ir.ProgramCostTable) -> None:
    for row in table.rows:
        _check(add, parse_measure, row.budgets, "計畫成本預算數")
        _check(add, parse_measure, row.progress, "計畫成本預算執行進度")


def _check_light_table(add: Add, table: ir.LightTable) -> None:
    for row in table.rows:
        _check(
            add,
            parse_light,
            [row.initial_light, row.review_light],
            f"燈號表「{row.kpi_name.text}」",
        )


def _check_statistics(add: Add, table: ir.LightStatistics) -> None:
    category = ""
    for row in table.rows:
        category = row.light.text or category
        if category not in STATISTIC_CATEGORIES:
            add(
                row.light.line, f"燈號統計的「{row.light.text}」不是 小計、綠燈、黃燈、紅燈 或 白燈"
            )
        if row.stage.text not in STATISTIC_STAGES:
            add(row.stage.line, f"燈號統計的「{row.stage.text}」不是 初核 或 複核")
        _check(add, parse_measure, [*row.counts, *row.percents], "燈號統計")


def _check_shortfalls(add: Add, report: ir.Report) -> None:
    names = {kpi.name for goal in report.goals for kpi in goal.kpis}
    for shortfall in report.shortfalls:
        if shortfall.kpi_name not in names:
            add(shortfall.target.line, f"未達目標項目「{shortfall.kpi_name}」不在關鍵績效指標之中")
        _check(add, parse_measure, [shortfall.gap], "達成度差異值")


def _texts(node: Any, line: int) -> Iterator[tuple[int, str]]:
    """Every string in the report's dataclasses, with the nearest line number above it."""
    if isinstance(node, str):
        yield line, node
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item, line)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        line = getattr(node, "line", line)
        for item in dataclasses.fields(node):
            yield from _texts(getattr(node, item.name), line)


def _check_texts(add: Add, report: ir.Report) -> None:
    """No text may hold what the database cannot store (NUL, a lone surrogate, a control)."""
    for line, text in _texts(report, 1):
        problem = unreadable(text)
        if problem:
            add(line, f"此行{problem}")


def _check_lengths(add: Add, report: ir.Report) -> None:
    """Names and labels fit their columns."""
    named: list[tuple[int, str, str, int]] = [
        *((chapter.line, "章名", chapter.title, NAME_MAX_LENGTH) for chapter in report.chapters),
        *((goal.line, "關鍵策略目標", goal.name, NAME_MAX_LENGTH) for goal in report.goals),
        *(
            (kpi.line, "關鍵績效指標", kpi.name, NAME_MAX_LENGTH)
            for goal in report.goals
            for kpi in goal.kpis
        ),
        *((row.fund.line, "基金", row.fund.text, LABEL_MAX_LENGTH) for row in report.budget.rows),
        *(
            (row.label.line, "員額項目", row.label.text, LABEL_MAX_LENGTH)
            for row in report.headcount.rows
        ),
    ]
    for line, what, text, limit in named:
        if len(text) > limit:
            add(line, f"{what}超過 {limit} 字（目前 {len(text)} 字）")
