"""Formulas (公式) over named raw inputs, as `（甲＋乙）÷（丙）×100％`, evaluated without `eval`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal


class AchievementError(ValueError):
    """Inputs from which no achievement rate can be computed (zero target, missing input …).

    Defined here, beneath `achievement.py` which re-exports it, because a formula that cannot be
    read or evaluated is one such case.
    """


class FormulaError(AchievementError):
    """A formula that cannot be read or evaluated."""


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
