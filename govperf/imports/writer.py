"""Write a checked report into the data model, replacing an earlier import of the same cycle."""

from __future__ import annotations

import re
from typing import Any

from govperf.agencies.models import Agency
from govperf.domain.achievement import Kind
from govperf.domain.kpi_kinds import infer_rule
from govperf.domain.lights import AGENCY_ASSESSED, parse_light
from govperf.domain.roc import parse_roc_date
from govperf.domain.values import parse_measure
from govperf.evaluation.models import (
    Cycle,
    CycleKpi,
    Goal,
    Kpi,
    KpiYear,
    LightStatistic,
    LightTableRow,
    Shortfall,
    SubMeasure,
)
from govperf.finance.models import BudgetFigure, HeadcountFigure, ProgramCost, ProgramCostYear
from govperf.imports import ir
from govperf.imports.checks import BUDGET_MEASURES, STATISTIC_CATEGORIES, STATISTIC_STAGES
from govperf.imports.errors import Problem, ReportImportError
from govperf.imports.submeasures import stated_sub_measures
from govperf.narrative.models import Recommendation
from govperf.narrative.services import chapter_create
from govperf.records.write import recorded_bulk_create, recorded_save
from govperf.workflow.models import PublishedFile

IMPORTED = "匯入已公告報告"  # the import writes as the system: no person typed these
_GOAL_LABEL = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def cycle_write(*, report: ir.Report, fingerprint: str) -> tuple[Cycle, bool]:
    """Store `report`; returns the cycle and whether anything changed. Call inside a transaction."""
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
    kpi_years = _write_goals(cycle, report)
    _write_shortfalls(cycle, report, kpi_years)
    _write_budget(cycle, report.budget)
    _write_headcount(cycle, report.headcount)
    _write_program_costs(cycle, report.program_costs)
    _write_light_table(cycle, report.light_table)
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
        "budget": _texts(report.budget.header),
        "headcount": _texts(report.headcount.header),
        "program_costs": [_texts(row) for row in report.program_costs.header],
        "light_table": _texts(report.light_table.header),
        "light_statistics": [_texts(row) for row in report.light_statistics.header],
    }
    recorded_save(cycle, actor=None, reason=IMPORTED)


def _texts(cells: list[ir.Cell]) -> list[str]:
    return [cell.text for cell in cells]


def _write_goals(cycle: Cycle, report: ir.Report) -> dict[str, KpiYear]:
    """Goals, KPIs and their yearly columns; returns this year's KpiYear by KPI name."""
    current: dict[str, KpiYear] = {}
    for goal_position, goal_ir in enumerate(report.goals, start=1):
        goal = Goal(cycle=cycle, position=goal_position, label=goal_ir.label, name=goal_ir.name)
        recorded_save(goal, actor=None, reason=IMPORTED)
        for position, kpi_ir in enumerate(goal_ir.kpis, start=1):
            kpi, _ = Kpi.objects.get_or_create(agency=cycle.agency, name=kpi_ir.name)
            cycle_kpi = CycleKpi.objects.create(
                cycle=cycle,
                goal=goal,
                kpi=kpi,
                position=position,
                label=kpi_ir.label,
                row_labels=_texts(kpi_ir.row_labels),
                table_note=kpi_ir.table_note,
            )
            years = [_kpi_year(cycle_kpi, kpi_ir, column, cycle.year) for column in kpi_ir.columns]
            created = recorded_bulk_create(years, KpiYear, actor=None, reason=IMPORTED)
            current.update((kpi.name, year) for year in created if year.year == cycle.year)
            _write_sub_measures(current[kpi.name], kpi_ir.analysis)
    return current


def _write_sub_measures(year: KpiYear, analysis: list[str]) -> None:
    """Sub-measures the analysis states make the year a sum of sub-measures."""
    stated = stated_sub_measures(analysis)
    if not stated:
        return
    for position, item in enumerate(stated, start=1):
        sub = SubMeasure(
            kpi_year=year,
            position=position,
            name=item.name,
            **_measure_fields("target", item.target),
            **_measure_fields("actual", item.actual),
        )
        recorded_save(sub, actor=None, reason=IMPORTED)
    year.kind = Kind.SUB_MEASURES
    recorded_save(year, actor=None, reason=IMPORTED, update_fields=["kind"])


def _measure_fields(prefix: str, text: str) -> dict[str, Any]:
    """`<prefix>_text`, `_value` and `_unit` of a printed value, for a model's fields."""
    measure = parse_measure(text)
    return {f"{prefix}_text": measure.text, f"{prefix}_value": measure.value,
            f"{prefix}_unit": measure.unit}  # fmt: skip


def _kpi_year(cycle_kpi: CycleKpi, kpi: ir.Kpi, column: ir.KpiYearColumn, year: int) -> KpiYear:
    is_current = column.year == year
    target_unit = parse_measure(column.target.text).unit
    rule = infer_rule(standard=column.standard.text, target_unit=target_unit)
    return KpiYear(
        cycle_kpi=cycle_kpi,
        year=column.year,
        header_text=column.header.text,
        measurement_standard=column.standard.text,
        **_measure_fields("target", column.target.text),
        **_measure_fields("actual", column.actual.text),
        achievement_text=column.achievement.text,
        achievement_value=parse_measure(column.achievement.text).value,
        initial_light_text=column.initial_light.text,
        initial_light=_light(column.initial_light),
        review_light_text=column.review_light.text,
        review_light=_light(column.review_light),
        tier=_tier(column),
        kind=rule.kind,
        direction=rule.direction,
        standard_detail=kpi.standard_detail if is_current else "",
        analysis="\n".join(kpi.analysis) if is_current else "",
    )


def _light(cell: ir.Cell) -> str:
    light = parse_light(cell.text)
    return "" if light is None else light.value


def _tier(column: ir.KpiYearColumn) -> str:
    """院管 when the Executive Yuan re-reviewed it, 部會管 when marked ---, none for --."""
    if column.review_light.text.strip() == AGENCY_ASSESSED:
        return KpiYear.Tier.AGENCY
    if parse_light(column.review_light.text) is not None:
        return KpiYear.Tier.EXECUTIVE
    return KpiYear.Tier.NONE


def _write_shortfalls(cycle: Cycle, report: ir.Report, kpi_years: dict[str, KpiYear]) -> None:
    for position, entry in enumerate(report.shortfalls, start=1):
        kpi_year = kpi_years[entry.kpi_name]
        kpi_year.missed_reason = "\n".join(entry.reason)
        recorded_save(kpi_year, actor=None, reason=IMPORTED, update_fields=["missed_reason"])
        Shortfall.objects.create(
            cycle=cycle,
            kpi_year=kpi_year,
            position=position,
            goal_heading=entry.goal_heading or "",
            kpi_name=entry.kpi_name,
            standard=entry.standard,
            target_text=entry.target.text,
            actual_text=entry.actual.text,
            gap_text=entry.gap.text,
            gap_value=parse_measure(entry.gap.text).value,
        )


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


def _write_program_costs(cycle: Cycle, table: ir.ProgramCostTable) -> None:
    goals = {_goal_key(goal.name): goal for goal in cycle.goals.all()}
    kpis = {kpi.name: kpi for kpi in cycle.agency.kpis.all()}
    goal = None
    for position, row in enumerate(table.rows, start=1):
        if row.kind == ProgramCost.Kind.SUBTOTAL:
            goal = goals.get(_goal_key(row.goal.text))
        cost = ProgramCost.objects.create(
            cycle=cycle,
            position=position,
            kind=row.kind,
            goal=None if row.kind == ProgramCost.Kind.TOTAL else goal,
            goal_text=row.goal.text,
            program_text=row.program.text,
            kpi=kpis.get(row.kpi.text.strip()),
            kpi_text=row.kpi.text,
        )
        years = [
            ProgramCostYear(
                program_cost=cost,
                year=year,
                budget_text=budget.text,
                budget_value=parse_measure(budget.text).value,
                progress_text=progress.text,
                progress_value=parse_measure(progress.text).value,
            )
            for year, budget, progress in zip(table.years, row.budgets, row.progress, strict=True)
        ]
        recorded_bulk_create(years, ProgramCostYear, actor=None, reason=IMPORTED)


def _goal_key(text: str) -> str:
    """A goal's name without its （一） label or trailing 。, to match it across chapters."""
    return _GOAL_LABEL.sub("", text.strip()).rstrip("。")


def _write_light_table(cycle: Cycle, table: ir.LightTable) -> None:
    cycle_kpis = {ck.kpi.name: ck for ck in cycle.cycle_kpis.select_related("kpi")}
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
    for position, chapter_ir in enumerate(chapters, start=1):
        chapter_create(
            cycle=cycle,
            position=position,
            key=chapter_ir.key,
            numeral=chapter_ir.numeral,
            title=chapter_ir.title,
            blocks=[(block.kind, block.text) for block in chapter_ir.blocks],
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
