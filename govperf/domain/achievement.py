"""Achievement rate (達成度) of a KPI for a year, in percent, for every kind of KPI seen."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class AchievementError(ValueError):
    """Inputs from which no achievement rate can be computed (zero target, missing input …)."""


class FormulaError(AchievementError):
    """A formula that cannot be read or evaluated."""


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


# --- formulas over named inputs -------------------------------------------------------------

_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "×": "*", "÷": "/"})
_TOKEN = re.compile(
    r"(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)|(?P<op>[-+*/()])"
    r"|(?P<name>[^\s\d\-+*/()][^\s\-+*/()]*)"
)
Inputs = Mapping[str, Decimal]


@dataclass(frozen=True)
class Number:
    """A literal number in a formula."""

    value: Decimal

    def evaluate(self, inputs: Inputs) -> Decimal:
        return self.value


@dataclass(frozen=True)
class Name:
    """A named raw input in a formula, e.g. 資本門預算數."""

    name: str

    def evaluate(self, inputs: Inputs) -> Decimal:
        if self.name not in inputs:
            raise FormulaError(f"公式需要「{self.name}」的數值，但未提供")
        return inputs[self.name]


@dataclass(frozen=True)
class Negate:
    """A unary minus."""

    operand: Expression

    def evaluate(self, inputs: Inputs) -> Decimal:
        return -self.operand.evaluate(inputs)


@dataclass(frozen=True)
class Binary:
    """Two sub-expressions joined by + − × ÷."""

    op: str
    left: Expression
    right: Expression

    def evaluate(self, inputs: Inputs) -> Decimal:
        left, right = self.left.evaluate(inputs), self.right.evaluate(inputs)
        if self.op == "/" and right == 0:
            raise FormulaError("公式的除數為 0，無法計算")
        return _OPERATIONS[self.op](left, right)


Expression = Number | Name | Negate | Binary
_OPERATIONS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


def normalize_formula(formula: str) -> str:
    """Fold full-width （）＋－ and 【】 × ÷ to ASCII; drop `%`, the unit mark of `×100％`."""
    folded = unicodedata.normalize("NFKC", formula).translate(_BRACKETS)
    return folded.replace("\u2212", "-").replace("%", "")


def _tokens(formula: str) -> list[tuple[str, str]]:
    """Split a normalized formula into (kind, text) tokens."""
    tokens: list[tuple[str, str]] = []
    position = 0
    text = formula.strip()
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:  # pragma: no cover - the name class admits all
            raise FormulaError(f"公式「{formula}」第 {position + 1} 字無法辨識")
        tokens.append((match.lastgroup, match.group()))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent over the tokens: expression, term, factor."""

    def __init__(self, formula: str) -> None:
        self.formula = formula
        self.tokens = _tokens(normalize_formula(formula))
        self.index = 0

    def peek(self) -> str | None:
        return self.tokens[self.index][1] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        if self.index >= len(self.tokens):
            raise FormulaError(f"公式「{self.formula}」不完整")
        self.index += 1
        return self.tokens[self.index - 1]

    def parse(self) -> Expression:
        expression = self.expression()
        if self.peek() is not None:
            raise FormulaError(f"公式「{self.formula}」在「{self.peek()}」處有多餘內容")
        return expression

    def expression(self) -> Expression:
        node = self.term()
        while self.peek() in ("+", "-"):
            node = Binary(self.take()[1], node, self.term())
        return node

    def term(self) -> Expression:
        node = self.factor()
        while self.peek() in ("*", "/"):
            node = Binary(self.take()[1], node, self.factor())
        return node

    def factor(self) -> Expression:
        kind, text = self.take()
        if text in ("+", "-"):
            operand = self.factor()
            return Negate(operand) if text == "-" else operand
        if text == "(":
            inner = self.expression()
            if self.take()[1] != ")":
                raise FormulaError(f"公式「{self.formula}」的括號不成對")
            return inner
        if kind == "number":
            return Number(Decimal(text.replace(",", "")))
        if kind == "name":
            return Name(text)
        raise FormulaError(f"公式「{self.formula}」在「{text}」處無法解讀")


def parse_formula(formula: str) -> Expression:
    """Parse `（甲＋乙）÷（丙）×100％` into an expression tree; no `eval`."""
    return _Parser(formula).parse()


def formula_names(expression: Expression) -> frozenset[str]:
    """The named inputs an expression needs."""
    if isinstance(expression, Name):
        return frozenset({expression.name})
    if isinstance(expression, Negate):
        return formula_names(expression.operand)
    if isinstance(expression, Binary):
        return formula_names(expression.left) | formula_names(expression.right)
    return frozenset()


def evaluate_formula(formula: str, inputs: Inputs) -> Decimal:
    """The formula's value from named inputs (names folded like the formula), unrounded."""
    folded = {normalize_formula(name).strip(): value for name, value in inputs.items()}
    expression = parse_formula(formula)
    missing = sorted(formula_names(expression) - folded.keys())
    if missing:
        raise FormulaError(f"公式需要以下數值，但未提供：{'、'.join(missing)}")
    return expression.evaluate(folded)


# --- rules and achievement ------------------------------------------------------------------


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
