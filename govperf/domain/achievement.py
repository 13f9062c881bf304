"""Achievement rate (達成度) of a KPI for a year, in percent, for every kind of KPI seen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from govperf.domain.formula import AchievementError as AchievementError
from govperf.domain.formula import FormulaError as FormulaError
from govperf.domain.formula import Inputs, evaluate_formula, parse_formula

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Kind(StrEnum):
    """How a KPI's actual value (實際值) is obtained."""

    COUNT = "count"  # a plain count: 108人次
    RATIO = "ratio"  # a ratio entered as printed: 44.38%
    CUMULATIVE = "cumulative"  # a cumulative or total count: 簽證便利措施之累積數, 自有總數量
    CRITERIA_MET = "criteria_met"  # criteria met out of N: 達到項數
    FORMULA = "formula"  # computed from named raw inputs
    GROWTH = "growth"  # (this − previous) ÷ previous × 100, against a target percentage
    SUB_MEASURES = "sub_measures"  # Σ actual against Σ target of sub-measures
    NOT_MEASURABLE = "not_measurable"  # no achievement: white light (白燈)


class Direction(StrEnum):
    """Whether a larger actual value is better or worse."""

    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class SubMeasure:
    """A sub-measure (分項) with its own target and actual, e.g. 135 of a target of 196."""

    target: Decimal
    actual: Decimal


@dataclass(frozen=True)
class Measured:
    """The target and actual an achievement rate compares, after the kind's computation."""

    target: Decimal
    actual: Decimal


def round2(value: Decimal) -> Decimal:
    """Two decimals, ROUND_HALF_UP, as the reports print percentages (94.117… → 94.12)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rule:
    """How a KPI's achievement is computed: its kind, direction and, for a formula, the formula."""

    kind: Kind = Kind.COUNT
    direction: Direction = Direction.HIGHER
    formula: str = ""
    criteria_count: int | None = None  # N of 達到項數

    def __post_init__(self) -> None:
        if self.kind == Kind.FORMULA:
            if not self.formula.strip():
                raise FormulaError("公式類指標須填寫公式")
            parse_formula(self.formula)
        elif self.formula.strip():
            raise AchievementError(f"只有公式類指標可設定公式（此指標為 {self.kind}）")
        if self.criteria_count is not None and self.criteria_count < 1:
            raise AchievementError("達到項數的項目總數須至少為 1")


@dataclass(frozen=True)
class _Given:
    """What a unit entered for a KPI and year, as passed to `achievement`."""

    target: Decimal | None
    actual: Decimal | None
    previous: Decimal | None
    inputs: Inputs | None
    sub_measures: Sequence[SubMeasure] | None


def _required(value: Decimal | None, what: str) -> Decimal:
    if value is None:
        raise AchievementError(f"缺少{what}，無法計算達成度")
    return value


def _direct(rule: Rule, given: _Given) -> Measured:
    return Measured(_required(given.target, "目標值"), _required(given.actual, "實際值"))


def _criteria_met(rule: Rule, given: _Given) -> Measured:
    measured = _direct(rule, given)
    limit = rule.criteria_count
    if measured.actual < 0 or (limit is not None and measured.actual > limit):
        raise AchievementError(f"達到項數 {measured.actual} 不在 0 至 {limit} 之間")
    return measured


def _formula(rule: Rule, given: _Given) -> Measured:
    actual = evaluate_formula(rule.formula, given.inputs or {})
    return Measured(_required(given.target, "目標值"), round2(actual))


def _growth(rule: Rule, given: _Given) -> Measured:
    this, previous = _required(given.actual, "本年總次數"), _required(given.previous, "上年總次數")
    if previous == 0:
        raise AchievementError("上年總次數為 0，無法計算成長率")
    growth = round2((this - previous) / previous * HUNDRED)
    return Measured(_required(given.target, "目標值"), growth)


def _sub_measures(rule: Rule, given: _Given) -> Measured:
    if not given.sub_measures:
        raise AchievementError("缺少分項目標值與實際值，無法加總")
    if given.target is not None or given.actual is not None:
        raise AchievementError("分項加總類指標的目標值與實際值由分項加總而來，請勿另行填入")
    target = sum((sub.target for sub in given.sub_measures), Decimal(0))
    return Measured(target, sum((sub.actual for sub in given.sub_measures), Decimal(0)))


_MEASURE: dict[Kind, Callable[[Rule, _Given], Measured]] = {
    Kind.COUNT: _direct,
    Kind.RATIO: _direct,
    Kind.CUMULATIVE: _direct,
    Kind.CRITERIA_MET: _criteria_met,
    Kind.FORMULA: _formula,
    Kind.GROWTH: _growth,
    Kind.SUB_MEASURES: _sub_measures,
}


def measure(
    rule: Rule,
    target: Decimal | None,
    actual: Decimal | None,
    *,
    previous: Decimal | None = None,
    inputs: Inputs | None = None,
    sub_measures: Sequence[SubMeasure] | None = None,
) -> Measured:
    """The target and actual to compare; computed actuals are rounded to two decimals as printed."""
    if rule.kind == Kind.NOT_MEASURABLE:
        raise AchievementError("無法衡量的指標（白燈）沒有目標值與實際值可比較")
    given = _Given(target, actual, previous, inputs, sub_measures)
    return _MEASURE[rule.kind](rule, given)


def rate(direction: Direction, measured: Measured) -> Decimal:
    """Achievement in percent, 0–100, two decimals ROUND_HALF_UP.

    Higher is better: min(actual ÷ target, 1) × 100, and 0 for a negative actual.
    Lower is better (a ceiling, e.g. 中程歲出概算 overshoot): 100 when actual ≤ target, else 0.
    The target must be positive.
    """
    if measured.target <= 0:
        raise AchievementError(f"目標值為 {measured.target}，須大於 0 才能計算達成度")
    if direction == Direction.LOWER:
        return round2(HUNDRED if measured.actual <= measured.target else Decimal(0))
    ratio = min(max(measured.actual / measured.target, Decimal(0)), Decimal(1))
    return round2(ratio * HUNDRED)


def achievement(
    rule: Rule,
    target: Decimal | None,
    actual: Decimal | None,
    *,
    previous: Decimal | None = None,
    inputs: Inputs | None = None,
    sub_measures: Sequence[SubMeasure] | None = None,
) -> Decimal | None:
    """Achievement rate (達成度) in percent, or None for a KPI that cannot be measured."""
    if rule.kind == Kind.NOT_MEASURABLE:
        return None
    measured = measure(
        rule, target, actual, previous=previous, inputs=inputs, sub_measures=sub_measures
    )
    return rate(rule.direction, measured)
