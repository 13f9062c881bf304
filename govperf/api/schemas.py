"""The API's JSON shapes, and how a record becomes one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Schema

from govperf.domain.values import decimal_text
from govperf.domain.workflow import CycleAction, SubmissionAction
from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.models import UnitSubmission


class CycleOut(Schema):
    id: int
    agency: str
    year: int
    title: str
    state: str
    published_on: str


class SubmissionOut(Schema):
    id: int
    unit: str
    state: str
    state_label: str


class CycleDetailOut(CycleOut):
    state_label: str
    layout: str
    submissions: list[SubmissionOut]  # the caller's own units', or all for the planning office


class PrintedValue(Schema):
    """A cell as printed, with the number parsed from it and its unit."""

    text: str
    value: str | None
    unit: str


class KpiYearOut(Schema):
    id: int
    goal: str
    label: str
    kpi: str
    unit: str | None
    year: int
    measurement_standard: str
    target: PrintedValue
    actual: PrintedValue
    achievement: PrintedValue
    initial_light: str
    review_light: str


class KpiYearDetailOut(KpiYearOut):
    cycle_id: int
    formula: str
    analysis: str
    missed_reason: str
    light_reason: str


class FindingOut(Schema):
    code: str
    severity: str
    place: str
    message: str
    numbers: dict[str, str]


class CycleActionIn(Schema):
    action: CycleAction
    reason: str = ""


class SubmissionActionIn(Schema):
    action: SubmissionAction
    reason: str = ""


class Refusal(Schema):
    detail: str


def cycle_out(cycle: Cycle) -> CycleOut:
    return CycleOut(
        id=cycle.pk,
        agency=cycle.agency.name,
        year=cycle.year,
        title=cycle.title,
        state=cycle.state,
        published_on=cycle.published_on_text,
    )


def submission_out(submission: UnitSubmission) -> SubmissionOut:
    return SubmissionOut(
        id=submission.pk,
        unit=submission.unit.name,
        state=submission.state,
        state_label=submission.get_state_display(),
    )


def _printed(text: str, value: Decimal | None, unit: str = "") -> PrintedValue:
    return PrintedValue(text=text, value=decimal_text(value), unit=unit)


def kpi_year_fields(year: KpiYear) -> dict[str, Any]:
    """The fields of `KpiYearOut` for `year` (its cycle KPI, goal, KPI and unit selected)."""
    cycle_kpi = year.cycle_kpi
    return {
        "id": year.pk,
        "goal": str(cycle_kpi.goal),
        "label": cycle_kpi.label,
        "kpi": cycle_kpi.kpi.name,
        "unit": cycle_kpi.unit.name if cycle_kpi.unit else None,
        "year": year.year,
        "measurement_standard": year.measurement_standard,
        "target": _printed(year.target_text, year.target_value, year.target_unit),
        "actual": _printed(year.actual_text, year.actual_value, year.actual_unit),
        "achievement": _printed(year.achievement_text, year.achievement_value),
        "initial_light": year.initial_light,
        "review_light": year.review_light,
    }
