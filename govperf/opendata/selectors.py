"""Reads for open data: cycles by agency and year, and a cycle as one nested document."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from govperf.domain.values import decimal_text
from govperf.evaluation.models import Cycle, CycleKpi, KpiYear
from govperf.finance.models import ProgramCost
from govperf.narrative.models import Chapter


class CycleNotFound(LookupError):
    """No cycle matches the agency and year asked for."""


def cycle_list(*, agency: str | None = None, year: int | None = None) -> QuerySet[Cycle]:
    """Cycles of `agency` in `year`; either left out means every one."""
    cycles = Cycle.objects.select_related("agency").order_by("agency__name", "year")
    if agency:
        cycles = cycles.filter(agency__name=agency)
    if year:
        cycles = cycles.filter(year=year)
    return cycles


def printed_value(text: str, value: Decimal | None, unit: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"text": text, "value": decimal_text(value)}
    if unit is not None:
        item["unit"] = unit
    return item


def cycle_document(cycle: Cycle) -> dict[str, Any]:
    """The whole cycle, nested, every printed cell beside its parsed value."""
    return {
        "agency": cycle.agency.name,
        "year": cycle.year,
        "title": cycle.title,
        "published_on": cycle.published_on.isoformat() if cycle.published_on else None,
        "published_on_text": cycle.published_on_text,
        "state": cycle.state,
        "chapters": _chapters(cycle),
        "budget": _budget(cycle),
        "headcount": _headcount(cycle),
        "goals": _goals(cycle),
        "program_costs": _program_costs(cycle),
        "shortfalls": _shortfalls(cycle),
        "light_table": _light_table(cycle),
        "light_statistics": _light_statistics(cycle),
        "recommendations": [
            {"label": item.label, "text": item.text, "answer": item.answer}
            for item in cycle.recommendations.all()
        ],
    }


def _chapters(cycle: Cycle) -> list[dict[str, Any]]:
    chapters = Chapter.objects.filter(cycle=cycle).prefetch_related("blocks")
    return [
        {
            "key": chapter.key,
            "numeral": chapter.numeral,
            "title": chapter.title,
            "blocks": [{"kind": block.kind, "text": block.text} for block in chapter.blocks.all()],
        }
        for chapter in chapters
    ]


def _rows_by_position(figures: Any) -> list[list[Any]]:
    rows: dict[int, list[Any]] = {}
    for figure in figures:
        rows.setdefault(figure.position, []).append(figure)
    return [rows[position] for position in sorted(rows)]


def _budget(cycle: Cycle) -> dict[str, Any]:
    rows = _rows_by_position(cycle.budget_figures.all())
    return {
        "header": cycle.table_headers.get("budget", []),
        "years": [figure.year for figure in rows[0]] if rows else [],
        "rows": [
            {
                "fund": row[0].fund,
                "fund_text": row[0].fund_text,
                "measure": row[0].measure,
                "measure_text": row[0].measure_text,
                "values": [{"year": f.year, **printed_value(f.text, f.value)} for f in row],
            }
            for row in rows
        ],
    }


def _headcount(cycle: Cycle) -> dict[str, Any]:
    rows = _rows_by_position(cycle.headcount_figures.all())
    return {
        "header": cycle.table_headers.get("headcount", []),
        "years": [figure.year for figure in rows[0]] if rows else [],
        "rows": [
            {
                "label": row[0].label,
                "values": [{"year": f.year, **printed_value(f.text, f.value)} for f in row],
            }
            for row in rows
        ],
    }


def _goals(cycle: Cycle) -> list[dict[str, Any]]:
    cycle_kpis = (
        CycleKpi.objects.filter(cycle=cycle)
        .select_related("kpi")
        .prefetch_related(Prefetch("years", KpiYear.objects.prefetch_related("sub_measures")))
    )
    by_goal: dict[int, list[CycleKpi]] = {}
    for cycle_kpi in cycle_kpis:
        by_goal.setdefault(cycle_kpi.goal_id, []).append(cycle_kpi)
    return [
        {
            "label": goal.label,
            "name": goal.name,
            "kpis": [_kpi(cycle_kpi) for cycle_kpi in by_goal.get(goal.pk, [])],
        }
        for goal in cycle.goals.all()
    ]


def _kpi(cycle_kpi: CycleKpi) -> dict[str, Any]:
    return {
        "label": cycle_kpi.label,
        "name": cycle_kpi.kpi.name,
        "row_labels": cycle_kpi.row_labels,
        "table_note": cycle_kpi.table_note,
        "years": [_kpi_year(year) for year in cycle_kpi.years.all()],
    }


def _kpi_year(year: KpiYear) -> dict[str, Any]:
    return {
        "year": year.year,
        "header_text": year.header_text,
        "measurement_standard": year.measurement_standard,
        "target": printed_value(year.target_text, year.target_value, year.target_unit),
        "actual": printed_value(year.actual_text, year.actual_value, year.actual_unit),
        "achievement": printed_value(year.achievement_text, year.achievement_value),
        "initial_light": {"text": year.initial_light_text, "light": year.initial_light or None},
        "review_light": {"text": year.review_light_text, "light": year.review_light or None},
        "tier": year.tier or None,
        "standard_detail": year.standard_detail,
        "analysis": year.analysis,
        "missed_reason": year.missed_reason,
        "sub_measures": [
            {
                "name": sub.name,
                "target": printed_value(sub.target_text, sub.target_value, sub.target_unit),
                "actual": printed_value(sub.actual_text, sub.actual_value, sub.actual_unit),
            }
            for sub in year.sub_measures.all()
        ],
    }


def _program_costs(cycle: Cycle) -> dict[str, Any]:
    costs = ProgramCost.objects.filter(cycle=cycle).select_related("goal", "kpi")
    rows = [
        {
            "kind": cost.kind,
            "goal_text": cost.goal_text,
            "goal": cost.goal.name if cost.goal else None,
            "program_text": cost.program_text,
            "kpi_text": cost.kpi_text,
            "kpi": cost.kpi.name if cost.kpi else None,
            "years": [
                {
                    "year": item.year,
                    "budget": printed_value(item.budget_text, item.budget_value),
                    "progress": printed_value(item.progress_text, item.progress_value),
                }
                for item in cost.years.all()
            ],
        }
        for cost in costs.prefetch_related("years")
    ]
    return {"header": cycle.table_headers.get("program_costs", []), "rows": rows}


def _shortfalls(cycle: Cycle) -> list[dict[str, Any]]:
    return [
        {
            "goal_heading": entry.goal_heading,
            "kpi_name": entry.kpi_name,
            "standard": entry.standard,
            "target_text": entry.target_text,
            "actual_text": entry.actual_text,
            "gap": printed_value(entry.gap_text, entry.gap_value),
            "reason": entry.kpi_year.missed_reason,
        }
        for entry in cycle.shortfalls.select_related("kpi_year")
    ]


def _light_table(cycle: Cycle) -> dict[str, Any]:
    fields = ["goal_number", "goal_name", "item", "kpi_name"]
    rows = [
        {
            **{field: getattr(row, field) for field in fields},
            "initial_light_text": row.initial_light_text,
            "review_light_text": row.review_light_text,
        }
        for row in cycle.light_rows.all()
    ]
    return {"header": cycle.table_headers.get("light_table", []), "rows": rows}


def _light_statistics(cycle: Cycle) -> dict[str, Any]:
    rows = _rows_by_position(cycle.light_statistics.all())
    return {
        "header": cycle.table_headers.get("light_statistics", []),
        "years": [statistic.year for statistic in rows[0]] if rows else [],
        "rows": [
            {
                "category": row[0].category,
                "stage": row[0].stage,
                "light_text": row[0].light_text,
                "stage_text": row[0].stage_text,
                "values": [
                    {
                        "year": s.year,
                        "count": printed_value(s.count_text, s.count_value),
                        "percent": printed_value(s.percent_text, s.percent_value),
                    }
                    for s in row
                ],
            }
            for row in rows
        ],
    }
