"""Entering a KPI-year's figures: the one way from a typed actual to value, unit and achievement.

Who may enter and when is the policy table's (`govperf/domain/policy.py`, area KPI_VALUES for
the cycle's own year, EARLIER_COLUMNS for the earlier years' columns, TARGETS for targets);
`kpi_year_refusal` asks it for a KPI-year, scoped to the KPI's owning unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext

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
from govperf.domain.policy import Area
from govperf.domain.values import (
    Measure,
    ValueParseError,
    check_fits,
    decimal_text,
    parse_inputs,
    parse_number,
)
from govperf.evaluation.models import KpiYear
from govperf.evaluation.policy import change_check, change_refusal

# A formula or growth KPI's actual is typed as already computed, so it is compared directly.
RULE_KINDS = (Kind.COUNT, Kind.RATIO, Kind.CUMULATIVE, Kind.CRITERIA_MET)
# Kinds whose actual is a count of something (次數, 累計, 達到項數): it cannot be negative.
COUNT_KINDS = frozenset({Kind.COUNT, Kind.CUMULATIVE, Kind.CRITERIA_MET, Kind.SUB_MEASURES})


def kpi_year_refusal(
    user: AbstractBaseUser | AnonymousUser, kpi_year: KpiYear, area: Area = Area.KPI_VALUES
) -> str | None:
    """Why `user` may not change `area` of `kpi_year` now (the policy table's words), or None."""
    cycle_kpi = kpi_year.cycle_kpi
    refusal = change_refusal(
        user=user, area=area, cycle=cycle_kpi.cycle, unit=cycle_kpi.unit, year=kpi_year.year
    )
    return refusal.text(get_language()) if refusal else None


def kpi_year_change_check(
    user: AbstractBaseUser | AnonymousUser, kpi_year: KpiYear, area: Area = Area.KPI_VALUES
) -> None:
    """Raise ChangeRefused unless `user` may change `area` of `kpi_year` now."""
    cycle_kpi = kpi_year.cycle_kpi
    change_check(
        user=user, area=area, cycle=cycle_kpi.cycle, unit=cycle_kpi.unit, year=kpi_year.year
    )


def entry_refusal(user: AbstractBaseUser | AnonymousUser, kpi_year: KpiYear) -> str | None:
    """Why `user` may not enter values for `kpi_year` now, or None."""
    return kpi_year_refusal(user, kpi_year)


def target_editable(user: AbstractBaseUser | AnonymousUser, kpi_year: KpiYear) -> bool:
    """Targets are the plan's: set by the planning office while the cycle is a draft."""
    return kpi_year_refusal(user, kpi_year, Area.TARGETS) is None


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
        return error.text(gettext)
    if text == stored_text.strip() or measure.value is None or target is None:
        return measure
    if measure.unit != unit:
        none = gettext("（無）")
        return gettext(
            "「%(text)s」的單位「%(unit)s」與目標值的單位「%(target_unit)s」不同；"
            "請填寫如「%(example)s」"
        ) % {
            "text": text,
            "unit": measure.unit or none,
            "target_unit": unit or none,
            "example": f"{decimal_text(measure.value)}{unit}",
        }
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
