"""Formulas over named inputs compute as written, name what they lack, and never run as Python."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govperf.domain.formula import (
    AchievementError,
    FormulaError,
    evaluate_formula,
    formula_names,
    parse_formula,
)

CAPITAL_FORMULA = "（本年度資本門實支數＋資本門應付未付數＋資本門賸餘數）÷（資本門預算數）×100％"


def d(text: str) -> Decimal:
    return Decimal(text)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("１０ ÷ ４", "2.5"),
        ("-(2 - 5) × 2", "6"),
        ("甲 - 乙 - 1", "3"),
        ("【甲＋乙】×100％", "1000"),
        ("[甲] / 2", "3.5"),
        ("1,500 － 甲", "1493"),
    ],
)
def test_formula_arithmetic(formula: str, expected: str) -> None:
    assert evaluate_formula(formula, {"甲": d("7"), "乙": d("3")}) == d(expected)


def test_formula_names_are_what_it_needs() -> None:
    assert formula_names(parse_formula(CAPITAL_FORMULA)) == {
        "本年度資本門實支數",
        "資本門應付未付數",
        "資本門賸餘數",
        "資本門預算數",
    }


def test_formula_without_its_inputs_names_the_missing_one() -> None:
    with pytest.raises(FormulaError, match="資本門應付未付數、資本門賸餘數、資本門預算數"):
        evaluate_formula(CAPITAL_FORMULA, {"本年度資本門實支數": d("1")})


def test_formula_dividing_by_zero_is_an_error() -> None:
    with pytest.raises(AchievementError, match="除數為 0"):
        evaluate_formula("甲 ÷ 乙", {"甲": d("1"), "乙": d("0")})


def test_formula_is_not_evaluated_as_python() -> None:
    with pytest.raises(FormulaError):
        evaluate_formula("__import__('os')", {})
