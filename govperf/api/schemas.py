"""The API's JSON shapes, and how a record becomes one."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from govperf.domain.text import LONG_TEXT_MAX_LENGTH, REASON_MAX_LENGTH, unreadable
from govperf.domain.values import PRINTED_MAX_LENGTH, decimal_text
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


class PublicKpiYearOut(Schema):
    """A KPI of a published agency-year's own year, as its latest version published it."""

    agency_id: int
    agency: str
    year: int  # the ROC year evaluated, the year the light was given for
    version: int  # the published version's number
    goal_label: str
    goal: str
    kpi_id: int
    label: str
    kpi: str
    measurement_standard: str
    target: PrintedValue
    actual: PrintedValue
    achievement: PrintedValue
    light: str  # the official light: green ★, yellow ▲, red ●, white □, or "" for none
    tier: str
    page: str  # the KPI's history on the public portal


class LightCounts(Schema):
    green: int
    yellow: int
    red: int
    white: int


class PublishedYearOut(Schema):
    """A published agency-year in its latest version, with its files' addresses."""

    agency_id: int
    agency: str
    year: int
    version: int
    published_on: str  # ISO 8601 date, e.g. 2019-04-30 (民國108年4月30日)
    kpi_count: int
    lights: LightCounts  # the KPIs' official lights counted
    mean_achievement: str | None
    page: str  # the agency-year on the public portal
    reports: dict[str, str]  # format (pdf, odt, docx, html, txt) → the latest report's address
    data: dict[str, str]  # format (json, csv, xlsx) → the latest open data's address


class CyclePage(Schema):
    """A page of cycles: `count` in all, links to the `next` and `previous` page (or null)."""

    count: int
    next: str | None
    previous: str | None
    items: list[CycleOut]


class KpiYearPage(Schema):
    """A page of a cycle's KPI-years."""

    count: int
    next: str | None
    previous: str | None
    items: list[KpiYearOut]


class PublishedYearPage(Schema):
    """A page of published agency-years."""

    count: int
    next: str | None
    previous: str | None
    items: list[PublishedYearOut]


class PublicKpiYearPage(Schema):
    """A page of published KPI-years across cycles."""

    count: int
    next: str | None
    previous: str | None
    items: list[PublicKpiYearOut]


class SubMeasureOut(Schema):
    id: int
    name: str
    target: PrintedValue
    actual: PrintedValue


class KpiYearDetailOut(KpiYearOut):
    cycle_id: int
    version: int  # send it back with an entry: a save by someone else since answers 409
    formula: str
    inputs: dict[str, Any]  # the formula's raw numbers, as typed
    analysis: str
    missed_reason: str
    light_reason: str  # the initial light's reason where it differs from the suggestion
    review_light_reason: str  # the 複核 light's own reason
    sub_measures: list[SubMeasureOut]


def _storable(text: str) -> str:
    """Refuse, before any service runs, text no column can store (NUL, a lone surrogate)."""
    problem = unreadable(text)
    if problem:  # the domain's reasons are msgids of the API's catalog
        raise ValueError(gettext("內容%(problem)s。") % {"problem": gettext(problem)})
    return text


Storable = Annotated[str, AfterValidator(_storable)]
Printed = Annotated[Storable, Field(max_length=PRINTED_MAX_LENGTH)]
LongText = Annotated[Storable, Field(max_length=LONG_TEXT_MAX_LENGTH)]
Reason = Annotated[Storable, Field(max_length=REASON_MAX_LENGTH)]


class KpiYearEntryIn(Schema):
    """A KPI-year's entry, as the web form takes it; a field left out keeps what is stored."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field must not be silently dropped

    version: int
    actual: Printed | None = None  # as typed, e.g. `112人次`; summed from sub-measures for those
    analysis: LongText | None = None
    missed_reason: LongText | None = None
    sub_measures: dict[int, Printed] = {}  # sub-measure id → its actual as typed
    inputs: dict[Storable, Printed] = {}  # formula input → number text, e.g. `8,500`
    reason: Reason = ""  # why, for the history


class ChangeOut(Schema):
    what: str
    field: str
    before: str
    after: str
    who: str
    when: datetime


class StaleOut(Schema):
    """Someone else saved after `version` was read: their changes; nothing was written."""

    detail: str
    changes: list[ChangeOut]
    version: int


class FieldErrors(Schema):
    """What is wrong with the request, by field as the caller wrote it; nothing was written."""

    detail: str
    errors: dict[str, list[str]]


EntryErrors = FieldErrors


class FindingOut(Schema):
    code: str
    severity: str
    place: str
    message: str
    numbers: dict[str, str]


DateText = Annotated[str, Field(max_length=20, examples=["2019-03-31"])]


class DeadlinesIn(Schema):
    """Each step's deadline as `YYYY-MM-DD`; `open_year` takes all four."""

    model_config = ConfigDict(extra="forbid")

    open: DateText | None = None  # 填報截止日
    unit_response: DateText | None = None  # 單位回應截止日
    revision: DateText | None = None  # 研考修正截止日
    approval: DateText | None = None  # 陳核截止日


class CycleActionIn(Schema):
    """A step of the cycle; `due` is the deadlines `open_year` sets, and only it takes them."""

    model_config = ConfigDict(extra="forbid")

    action: CycleAction
    reason: Reason = ""  # stored as the history's change reason
    due: DeadlinesIn | None = None


class SubmissionActionIn(Schema):
    action: SubmissionAction
    reason: Reason = ""  # stored as the history's change reason
    # Submitting with KPIs not fully entered: true says the unit submits them as they are.
    confirm: bool = False


class MissingOut(Schema):
    """One KPI-year the unit's submit finds not fully entered, and what it lacks."""

    kpi_year_id: int
    kpi: str
    lacks: list[str]  # codes: actual, analysis, missed_reason
    lacks_text: list[str]  # the same, in the caller's language


class IncompleteOut(Schema):
    """A submit refused until confirmed: what is missing; send `confirm: true` to submit."""

    detail: str
    confirm_required: bool
    missing: list[MissingOut]


class Refusal(Schema):
    """Why the request was refused, in the caller's language."""

    detail: str


# What any operation may answer: a bad token (401) or too many (429), a parameter off its
# schema (422); and a write: a body that is not JSON (400), the session's CSRF check (403), too
# large a body (413).
READ_ERRORS: dict[int, Any] = {401: Refusal, 422: FieldErrors, 429: Refusal}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: Refusal, 403: Refusal, 413: Refusal}


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


def printed_value(text: str, value: Decimal | None, unit: str = "") -> PrintedValue:
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
        "target": printed_value(year.target_text, year.target_value, year.target_unit),
        "actual": printed_value(year.actual_text, year.actual_value, year.actual_unit),
        "achievement": printed_value(year.achievement_text, year.achievement_value),
        "initial_light": year.initial_light,
        "review_light": year.review_light,
    }


def kpi_year_detail_out(year: KpiYear) -> KpiYearDetailOut:
    """`year` (its cycle KPI, goal, KPI and unit selected) with its texts and sub-measures."""
    return KpiYearDetailOut(
        **kpi_year_fields(year),
        cycle_id=year.cycle_kpi.cycle_id,
        version=year.version,
        formula=year.formula,
        inputs=year.inputs or {},
        analysis=year.analysis,
        missed_reason=year.missed_reason,
        light_reason=year.light_reason,
        review_light_reason=year.review_light_reason,
        sub_measures=[
            SubMeasureOut(
                id=sub.pk,
                name=sub.name,
                target=printed_value(sub.target_text, sub.target_value, sub.target_unit),
                actual=printed_value(sub.actual_text, sub.actual_value, sub.actual_unit),
            )
            for sub in year.sub_measures.all()
        ],
    )
