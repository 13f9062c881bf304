"""Entering a KPI-year's figures: the one way from a typed actual to value, unit and achievement.

Who may enter (written down here, enforced by `entry_refusal`):
- nobody once the cycle is published (a correction is its own state);
- unit staff (`kpi.enter_values`) of the owning unit while the cycle is OPEN and their unit's
  submission is DRAFT (submitted work is changed only after the head returns it);
- the planning office (`plan.edit`) in DRAFT, OPEN, INITIAL_REVIEW, UNIT_RESPONSE, REVISION and
  CORRECTION; not while the head approves (APPROVAL, APPROVED): what is signed must not move.
Targets: set by `plan.edit` holders in DRAFT only; afterwards through a TargetRevision.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError

from govperf.accounts.selectors import user_roles, user_roles_for_unit
from govperf.domain.achievement import (
    HUNDRED,
    AchievementError,
    Direction,
    Kind,
    Measured,
    Rule,
    achievement,
    rate,
    round2,
)
from govperf.domain.achievement import SubMeasure as SubFigures
from govperf.domain.formula import evaluate_formula
from govperf.domain.values import (
    Measure,
    ValueParseError,
    check_fits,
    decimal_text,
    parse_inputs,
    parse_number,
)
from govperf.domain.workflow import CycleState, Role, SubmissionState, may
from govperf.evaluation.models import Cycle, KpiYear

# A formula or growth KPI's actual is typed as already computed, so it is compared directly.
RULE_KINDS = (Kind.COUNT, Kind.RATIO, Kind.CUMULATIVE, Kind.CRITERIA_MET)
# Kinds whose actual is a count of something (次數, 累計, 達到項數): it cannot be negative.
COUNT_KINDS = frozenset({Kind.COUNT, Kind.CUMULATIVE, Kind.CRITERIA_MET, Kind.SUB_MEASURES})
PLANNING_STATES = frozenset(
    {
        CycleState.DRAFT,
        CycleState.OPEN,
        CycleState.INITIAL_REVIEW,
        CycleState.UNIT_RESPONSE,
        CycleState.REVISION,
        CycleState.CORRECTION,
    }
)


def published_refusal(cycle: Cycle) -> str | None:
    if cycle.state == CycleState.PUBLISHED:
        return f"{cycle}已公告，資料已鎖定；更正須由研考單位啟動更正。"
    return None


def _unit_open(user: AbstractBaseUser, kpi_year: KpiYear) -> str | None:
    """Why the owning unit's staff may not enter now, or None when they may."""
    from govperf.workflow.models import UnitSubmission

    cycle, unit = kpi_year.cycle_kpi.cycle, kpi_year.cycle_kpi.unit
    if unit is None or Role.UNIT_STAFF not in user_roles_for_unit(user=user, unit=unit):
        return "只有負責單位的承辦人可以填報此指標。"
    if cycle.state != CycleState.OPEN:
        return f"{cycle}目前為『{CycleState(cycle.state).label_zh}』，不在填報期間。"
    submission = UnitSubmission.objects.filter(cycle=cycle, unit=unit).first()
    if submission is not None and submission.state != SubmissionState.DRAFT:
        label = SubmissionState(submission.state).label_zh
        return f"{unit.name}的填報已是『{label}』，須經主管退回後才能修改。"
    return None


def entry_refusal(user: AbstractBaseUser | AnonymousUser, kpi_year: KpiYear) -> str | None:
    """Why `user` may not enter values for `kpi_year` now (see the module docstring), or None."""
    cycle = kpi_year.cycle_kpi.cycle
    refusal = published_refusal(cycle)
    if refusal or not user.is_authenticated:
        return refusal or "請先登入。"
    roles = user_roles(user=user, agency=cycle.agency)
    if may(roles, "plan.edit"):
        if cycle.state in PLANNING_STATES:
            return None
        return f"{cycle}目前為『{CycleState(cycle.state).label_zh}』，研考單位此時不能修改。"
    return _unit_open(user, kpi_year)


def target_editable(user: AbstractBaseUser | AnonymousUser, kpi_year: KpiYear) -> bool:
    """Targets are set by `plan.edit` holders while the cycle is a draft; frozen afterwards."""
    cycle = kpi_year.cycle_kpi.cycle
    if cycle.state != CycleState.DRAFT or not user.is_authenticated:
        return False
    return may(user_roles(user=user, agency=cycle.agency), "plan.edit")


def actual_parse(
    text: str,
    stored_text: str,
    target: Decimal | None,
    unit: str,
    *,
    negative_ok: bool = True,
) -> Measure | str:
    """The typed actual parsed, or what is wrong with it; an unchanged unit is not re-checked.

    Every door (web form, API, XLSX) parses actuals here, through `domain.values`: the value
    must fit its column, and a count (`negative_ok=False`) cannot be negative.
    """
    try:
        measure = parse_number(text, negative_ok=negative_ok)
    except ValueParseError as error:
        return str(error)
    if text == stored_text.strip() or measure.value is None or target is None:
        return measure
    if measure.unit != unit:
        shown = measure.unit or "（無）"
        return (
            f"「{text}」的單位「{shown}」與目標值的單位「{unit or '（無）'}」不同；"
            f"請填寫如「{decimal_text(measure.value)}{unit}」"
        )
    return measure


def counts(kpi_year: KpiYear) -> bool:
    """Whether the KPI-year's actual (or its sub-measures') is a count, never negative."""
    return Kind(kpi_year.kind) in COUNT_KINDS


@dataclass(frozen=True)
class Target:
    """The target achievement is measured against: the revised one when approved."""

    text: str
    value: Decimal | None
    unit: str


def target_of(kpi_year: KpiYear) -> Target:
    if kpi_year.revised_target_text:
        return Target(
            kpi_year.revised_target_text,
            kpi_year.revised_target_value,
            kpi_year.revised_target_unit,
        )
    return Target(kpi_year.target_text, kpi_year.target_value, kpi_year.target_unit)


def achievement_of(
    kpi_year: KpiYear, actual: Decimal | None, subs: list[SubFigures] | None
) -> Decimal | None:
    """Achievement (達成度) of `actual` against the KPI-year's target (revised if approved);
    None when it cannot be told yet. Raises AchievementError for an impossible figure."""
    kind, direction = Kind(kpi_year.kind), Direction(kpi_year.direction)
    if kind == Kind.SUB_MEASURES:
        rule = Rule(kind=kind, direction=direction)
        return None if not subs else achievement(rule, None, None, sub_measures=subs)
    target = target_of(kpi_year).value
    if kind == Kind.NOT_MEASURABLE or actual is None or target is None or target <= 0:
        return None
    if kind in RULE_KINDS:
        rule = Rule(kind=kind, direction=direction, criteria_count=kpi_year.criteria_count)
        return achievement(rule, target, actual)
    return rate(direction, Measured(target, actual))


def formula_actual(kpi_year: KpiYear, inputs: dict[str, Any]) -> Measure | str | None:
    """A formula KPI's actual computed from its raw inputs (公式原始數值), rounded as printed;
    None when it has no inputs or some is still blank; what is wrong as text otherwise."""
    if kpi_year.kind != Kind.FORMULA or not kpi_year.formula or not inputs:
        return None
    try:
        parsed = parse_inputs(inputs)
        if len(parsed) < len(inputs):
            return None
        value = check_fits(round2(evaluate_formula(kpi_year.formula, parsed)), "依公式計算的實際值")
    except (ValueParseError, AchievementError) as error:
        return str(error)
    except ArithmeticError:  # beyond Decimal's precision: far beyond the column too
        return "依公式計算的實際值超過可儲存的範圍"
    unit = target_of(kpi_year).unit
    return Measure(text=f"{decimal_text(value)}{unit}", value=value, unit=unit)


def summed(kpi_year: KpiYear, values: list[Decimal | None]) -> Measure:
    """The KPI-year's actual as the sum of its sub-measures, printed like `1,629次`.

    Raises ValueParseError when the sum does not fit the actual's column."""
    if not values or any(value is None for value in values):
        return Measure(text="", value=None, unit="")
    total = sum((value for value in values if value is not None), Decimal(0))
    check_fits(total, "分項加總的實際值")
    unit = kpi_year.target_unit or kpi_year.actual_unit
    return Measure(text=f"{Decimal(decimal_text(total) or '0'):,f}{unit}", value=total, unit=unit)


def achievement_fields(value: Decimal | None) -> dict[str, Any]:
    """The stored pair for an achievement: `100%` beside Decimal 100."""
    return {
        "achievement_value": value,
        "achievement_text": f"{decimal_text(value)}%" if value is not None else "",
    }


def missed(value: Decimal | None) -> bool:
    return value is not None and value < HUNDRED


def recompute(kpi_year: KpiYear) -> dict[str, Any]:
    """The achievement fields for the KPI-year's stored figures; unchanged when not computable."""
    subs = [
        SubFigures(sub.target_value, sub.actual_value)
        for sub in kpi_year.sub_measures.all()
        if sub.target_value is not None and sub.actual_value is not None
    ]
    complete = len(subs) == kpi_year.sub_measures.count()
    try:
        value = achievement_of(kpi_year, kpi_year.actual_value, subs if complete else None)
    except AchievementError as error:
        raise ValidationError(str(error)) from error
    return achievement_fields(value)
