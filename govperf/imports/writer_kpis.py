"""Write a report's goals, KPIs, their yearly columns, sub-measures and shortfalls in bulk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govperf.domain.achievement import Kind
from govperf.domain.kpi_kinds import infer_rule
from govperf.domain.lights import AGENCY_ASSESSED, parse_light
from govperf.domain.values import parse_measure
from govperf.evaluation.models import Cycle, CycleKpi, Goal, Kpi, KpiYear, Shortfall, SubMeasure
from govperf.imports import ir
from govperf.imports.submeasures import StatedSubMeasure, stated_sub_measures
from govperf.records.write import recorded_bulk_create

IMPORTED = "匯入已公告報告"  # the import writes as the system: no person typed these


@dataclass(frozen=True)
class WrittenKpis:
    """What the rest of the report refers to: goals, the agency's KPIs, this cycle's KPIs."""

    goals: list[Goal]
    kpis: dict[str, Kpi]  # every KPI of the agency, by name
    cycle_kpis: dict[str, CycleKpi]  # by the KPI's name


def goals_and_kpis_write(cycle: Cycle, report: ir.Report) -> WrittenKpis:
    """The report's goals and KPIs with their yearly columns, sub-measures and shortfalls."""
    kpis = _kpis_ensure(cycle, report)
    goals = _write_goals(cycle, report)
    cycle_kpis = _write_cycle_kpis(cycle, report, goals, kpis)
    kpi_years = _write_kpi_years(cycle, report, cycle_kpis)
    _write_shortfalls(cycle, report, kpi_years)
    return WrittenKpis(goals=goals, kpis=kpis, cycle_kpis=cycle_kpis)


def texts(cells: list[ir.Cell]) -> list[str]:
    return [cell.text for cell in cells]


def _measure_fields(prefix: str, text: str) -> dict[str, Any]:
    """`<prefix>_text`, `_value` and `_unit` of a printed value, for a model's fields."""
    measure = parse_measure(text)
    return {f"{prefix}_text": measure.text, f"{prefix}_value": measure.value,
            f"{prefix}_unit": measure.unit}  # fmt: skip


def _kpis_ensure(cycle: Cycle, report: ir.Report) -> dict[str, Kpi]:
    """Every KPI of the agency by name (a KPI is one across years), the report's new ones made."""
    kpis = {kpi.name: kpi for kpi in Kpi.objects.filter(agency_id=cycle.agency_id).order_by()}
    names = dict.fromkeys(kpi.name for goal in report.goals for kpi in goal.kpis)
    new = [Kpi(agency_id=cycle.agency_id, name=name) for name in names if name not in kpis]
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
                 label=kpi_ir.label, row_labels=texts(kpi_ir.row_labels),
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
