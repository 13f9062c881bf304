"""Write a checked report into the data model, replacing an earlier import of the same cycle."""

from __future__ import annotations

import re

from govperf.agencies.models import Agency
from govperf.domain.roc import parse_roc_date
from govperf.domain.values import parse_measure
from govperf.evaluation.models import (
    Cycle,
    CycleKpi,
    Goal,
    Kpi,
    LightStatistic,
    LightTableRow,
)
from govperf.finance.models import BudgetFigure, HeadcountFigure, ProgramCost, ProgramCostYear
from govperf.imports import ir
from govperf.imports.checks import BUDGET_MEASURES, STATISTIC_CATEGORIES, STATISTIC_STAGES
from govperf.imports.errors import Problem, ReportImportError
from govperf.imports.writer_kpis import IMPORTED, goals_and_kpis_write, texts
from govperf.narrative.models import Recommendation
from govperf.narrative.services import NewChapter, chapters_create
from govperf.records.write import recorded_bulk_create, recorded_save
from govperf.workflow.models import PublishedFile

_GOAL_LABEL = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def cycle_write(*, report: ir.Report, fingerprint: str) -> tuple[Cycle, bool]:
    """Store `report`; returns the cycle and whether anything changed. Call inside a transaction.

    Each table is written in bulk, so the queries do not grow with the report's KPIs or rows."""
    agency, _ = Agency.objects.get_or_create(name=report.agency)
    cycle = Cycle.objects.filter(agency=agency, year=report.year).first()
    if cycle is not None and cycle.source_sha256 == fingerprint:
        return cycle, False
    if cycle is None:
        cycle = Cycle(agency=agency, year=report.year)
    else:
        _refuse_if_worked_on(cycle, report.source)
        _clear(cycle)
    _fill_cycle(cycle, report, fingerprint)
    written = goals_and_kpis_write(cycle, report)
    _write_budget(cycle, report.budget)
    _write_headcount(cycle, report.headcount)
    _write_program_costs(cycle, report.program_costs, written.goals, written.kpis)
    _write_light_table(cycle, report.light_table, written.cycle_kpis)
    _write_light_statistics(cycle, report.light_statistics)
    _write_chapters(cycle, report.chapters)
    _write_recommendations(cycle, report.recommendations)
    return cycle, True


def _refuse_if_worked_on(cycle: Cycle, source: str) -> None:
    """A file may replace only what an earlier file wrote: never a year run in govperf."""
    published_here = cycle.versions.filter(published_by__isnull=False).exists()
    if cycle.source_sha256 and cycle.state == Cycle.State.PUBLISHED and not published_here:
        return
    raise ReportImportError(
        [
            Problem(
                source,
                1,
                f"{cycle}已在 govperf 中作業（{cycle.get_state_display()}），"
                "不能以匯入檔覆蓋；請在網站上以更正流程修改。",
            )
        ]
    )


def _clear(cycle: Cycle) -> None:
    """Remove what the earlier file wrote, its stored version included."""
    PublishedFile.objects.filter(version__cycle=cycle).delete()
    cycle.versions.all().delete()
    for related in (
        cycle.chapters,
        cycle.recommendations,
        cycle.light_statistics,
        cycle.light_rows,
        cycle.shortfalls,
        cycle.program_costs,
        cycle.headcount_figures,
        cycle.budget_figures,
        cycle.cycle_kpis,
        cycle.goals,
    ):
        related.all().delete()


def _fill_cycle(cycle: Cycle, report: ir.Report, fingerprint: str) -> None:
    cycle.title = report.title
    cycle.published_on_text = report.published_on.text
    cycle.published_on = parse_roc_date(report.published_on.text)
    cycle.state = Cycle.State.PUBLISHED
    cycle.source_name = report.source
    cycle.source_sha256 = fingerprint
    cycle.table_headers = {
        "budget": texts(report.budget.header),
        "headcount": texts(report.headcount.header),
        "program_costs": [texts(row) for row in report.program_costs.header],
        "light_table": texts(report.light_table.header),
        "light_statistics": [texts(row) for row in report.light_statistics.header],
    }
    recorded_save(cycle, actor=None, reason=IMPORTED)


def _write_budget(cycle: Cycle, table: ir.BudgetTable) -> None:
    figures, fund = [], ""
    for position, row in enumerate(table.rows, start=1):
        fund = row.fund.text or fund
        for year, cell in zip(table.years, row.values, strict=True):
            figures.append(
                BudgetFigure(
                    cycle=cycle,
                    position=position,
                    fund=fund,
                    fund_text=row.fund.text,
                    measure=BUDGET_MEASURES[row.measure.text],
                    measure_text=row.measure.text,
                    year=year,
                    text=cell.text,
                    value=parse_measure(cell.text).value,
                )
            )
    recorded_bulk_create(figures, BudgetFigure, actor=None, reason=IMPORTED)


def _write_headcount(cycle: Cycle, table: ir.HeadcountTable) -> None:
    figures = [
        HeadcountFigure(
            cycle=cycle,
            position=position,
            label=row.label.text,
            year=year,
            text=cell.text,
            value=parse_measure(cell.text).value,
        )
        for position, row in enumerate(table.rows, start=1)
        for year, cell in zip(table.years, row.values, strict=True)
    ]
    recorded_bulk_create(figures, HeadcountFigure, actor=None, reason=IMPORTED)


def _write_program_costs(
    cycle: Cycle, table: ir.ProgramCostTable, goals: list[Goal], kpis: dict[str, Kpi]
) -> None:
    costs = _program_costs(cycle, table, goals, kpis)
    ProgramCost.objects.bulk_create(costs)
    years = [
        ProgramCostYear(
            program_cost=cost,
            year=year,
            budget_text=budget.text,
            budget_value=parse_measure(budget.text).value,
            progress_text=progress.text,
            progress_value=parse_measure(progress.text).value,
        )
        for cost, row in zip(costs, table.rows, strict=True)
        for year, budget, progress in zip(table.years, row.budgets, row.progress, strict=True)
    ]
    recorded_bulk_create(years, ProgramCostYear, actor=None, reason=IMPORTED)


def _program_costs(
    cycle: Cycle, table: ir.ProgramCostTable, goals: list[Goal], kpis: dict[str, Kpi]
) -> list[ProgramCost]:
    """The table's rows; each row under the goal its 小計 row names, the 合計 under none."""
    by_key = {_goal_key(goal.name): goal for goal in goals}
    costs, goal = [], None
    for position, row in enumerate(table.rows, start=1):
        if row.kind == ProgramCost.Kind.SUBTOTAL:
            goal = by_key.get(_goal_key(row.goal.text))
        costs.append(
            ProgramCost(
                cycle=cycle,
                position=position,
                kind=row.kind,
                goal=None if row.kind == ProgramCost.Kind.TOTAL else goal,
                goal_text=row.goal.text,
                program_text=row.program.text,
                kpi=kpis.get(row.kpi.text.strip()),
                kpi_text=row.kpi.text,
            )
        )
    return costs


def _goal_key(text: str) -> str:
    """A goal's name without its （一） label or trailing 。, to match it across chapters."""
    return _GOAL_LABEL.sub("", text.strip()).rstrip("。")


def _write_light_table(cycle: Cycle, table: ir.LightTable, cycle_kpis: dict[str, CycleKpi]) -> None:
    LightTableRow.objects.bulk_create(
        LightTableRow(
            cycle=cycle,
            cycle_kpi=cycle_kpis.get(row.kpi_name.text),
            position=position,
            goal_number=row.goal_number.text,
            goal_name=row.goal_name.text,
            item=row.item.text,
            kpi_name=row.kpi_name.text,
            initial_light_text=row.initial_light.text,
            review_light_text=row.review_light.text,
        )
        for position, row in enumerate(table.rows, start=1)
    )


def _write_light_statistics(cycle: Cycle, table: ir.LightStatistics) -> None:
    statistics, category = [], ""
    for position, row in enumerate(table.rows, start=1):
        category = row.light.text or category
        cells = zip(table.years, row.counts, row.percents, strict=True)
        for year, count, percent in cells:
            statistics.append(
                LightStatistic(
                    cycle=cycle,
                    position=position,
                    year=year,
                    category=STATISTIC_CATEGORIES[category],
                    stage=STATISTIC_STAGES[row.stage.text],
                    light_text=row.light.text,
                    stage_text=row.stage.text,
                    count_text=count.text,
                    count_value=parse_measure(count.text).value,
                    percent_text=percent.text,
                    percent_value=parse_measure(percent.text).value,
                )
            )
    LightStatistic.objects.bulk_create(statistics)


def _write_chapters(cycle: Cycle, chapters: list[ir.Chapter]) -> None:
    chapters_create(
        cycle=cycle,
        chapters=[
            NewChapter(
                key=chapter.key,
                numeral=chapter.numeral,
                title=chapter.title,
                blocks=[(block.kind, block.text) for block in chapter.blocks],
            )
            for chapter in chapters
        ],
    )


def _write_recommendations(cycle: Cycle, recommendations: list[ir.Recommendation]) -> None:
    items = [
        Recommendation(
            cycle=cycle,
            position=position,
            label=item.label,
            text=item.text,
            answer="\n".join(item.answer),
        )
        for position, item in enumerate(recommendations, start=1)
    ]
    recorded_bulk_create(items, Recommendation, actor=None, reason=IMPORTED)
