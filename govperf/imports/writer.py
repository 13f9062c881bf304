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
from govperf.imports.submeasures import StatedSubMeasure, stated_sub_measures
from govperf.narrative.models import Recommendation
from govperf.narrative.services import NewChapter, chapters_create
from govperf.records.write import recorded_bulk_create, recorded_save
from govperf.workflow.models import PublishedFile

IMPORTED = "匯入已公告報告"  # the import writes as the system: no person typed these
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
    kpis = _kpis_ensure(agency, report)
    goals = _write_goals(cycle, report)
    cycle_kpis = _write_cycle_kpis(cycle, report, goals, kpis)
    kpi_years = _write_kpi_years(cycle, report, cycle_kpis)
    _write_shortfalls(cycle, report, kpi_years)
    _write_budget(cycle, report.budget)
    _write_headcount(cycle, report.headcount)
    _write_program_costs(cycle, report.program_costs, goals, kpis)
    _write_light_table(cycle, report.light_table, cycle_kpis)
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


def _kpis_ensure(agency: Agency, report: ir.Report) -> dict[str, Kpi]:
    """Every KPI of the agency by name (a KPI is one across years), the report's new ones made."""
    kpis = {kpi.name: kpi for kpi in Kpi.objects.filter(agency=agency).order_by()}
    names = dict.fromkeys(kpi.name for goal in report.goals for kpi in goal.kpis)
    new = [Kpi(agency=agency, name=name) for name in names if name not in kpis]
    kpis.update((kpi.name, kpi) for kpi in Kpi.objects.bulk_create(new))
    return kpis


def _write_goals(cycle: Cycle, report: ir.Report) -> list[Goal]:
    goals = [
        Goal(cycle=cycle, position=position, label=goal.label, name=goal.name)
        for position, goal in enumerate(report.goals, start=1)
    ]
    return recorded_bulk_create(goals, Goal, actor=None, reason=IMPORTED)


def _write_cycle_kpis(
    cycle: Cycle, report: ir.Report, goals: list[Goal], kpis: dict[str, Kpi]
) -> dict[str, CycleKpi]:
    """Each KPI's place under its goal in this cycle; returns them by the KPI's name."""
    cycle_kpis = [
        CycleKpi(cycle=cycle, goal=goal, kpi=kpis[kpi_ir.name], position=position,
                 label=kpi_ir.label, row_labels=_texts(kpi_ir.row_labels),
                 table_note=kpi_ir.table_note)
        for goal, goal_ir in zip(goals, report.goals, strict=True)
        for position, kpi_ir in enumerate(goal_ir.kpis, start=1)
    ]  # fmt: skip
    return {ck.kpi.name: ck for ck in CycleKpi.objects.bulk_create(cycle_kpis)}


def _write_kpi_years(
    cycle: Cycle, report: ir.Report, cycle_kpis: dict[str, CycleKpi]
) -> dict[str, KpiYear]:
    """Every KPI's yearly columns and this year's sub-measures; returns this year's by KPI name.

    What later parts of the report say of this year's column (its shortfall's reason, the
    sub-measures its analysis states) is set before it is written: one record per column."""
    missed = {entry.kpi_name: "\n".join(entry.reason) for entry in report.shortfalls}
    years, stated = [], {}
    for kpi_ir in (kpi for goal in report.goals for kpi in goal.kpis):
        for column in kpi_ir.columns:
            year = _kpi_year(cycle_kpis[kpi_ir.name], kpi_ir, column, cycle.year)
            if year.year == cycle.year:
                year.missed_reason = missed.get(kpi_ir.name, "")
                stated[kpi_ir.name] = stated_sub_measures(kpi_ir.analysis)
                year.kind = Kind.SUB_MEASURES if stated[kpi_ir.name] else year.kind
            years.append(year)
    created = recorded_bulk_create(years, KpiYear, actor=None, reason=IMPORTED)
    current = {y.cycle_kpi.kpi.name: y for y in created if y.year == cycle.year}
    subs = [
        _sub_measure(current[name], position, item)
        for name, items in stated.items()
        for position, item in enumerate(items, start=1)
    ]
    recorded_bulk_create(subs, SubMeasure, actor=None, reason=IMPORTED)
    return current


def _sub_measure(year: KpiYear, position: int, item: StatedSubMeasure) -> SubMeasure:
    return SubMeasure(
        kpi_year=year,
        position=position,
        name=item.name,
        **_measure_fields("target", item.target),
        **_measure_fields("actual", item.actual),
    )


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
    Shortfall.objects.bulk_create(
        Shortfall(
            cycle=cycle,
            kpi_year=kpi_years[entry.kpi_name],
            position=position,
            goal_heading=entry.goal_heading or "",
            kpi_name=entry.kpi_name,
            standard=entry.standard,
            target_text=entry.target.text,
            actual_text=entry.actual.text,
            gap_text=entry.gap.text,
            gap_value=parse_measure(entry.gap.text).value,
        )
        for position, entry in enumerate(report.shortfalls, start=1)
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
