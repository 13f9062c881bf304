"""Printed values (`90％`, `1,500次`, `--`) parse to the number and unit a person reads."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from govperf.domain.text import TextError, clean_text, unreadable
from govperf.domain.values import (
    NUMBER_MAX_DIGITS,
    ValueParseError,
    fits,
    normalize,
    parse_inputs,
    parse_measure,
    parse_number,
)

SAMPLE_UNITS = ["", "次", "人次", "項", "件", "個", "篇", "%", "％", "達到項數"]
FULL_WIDTH = str.maketrans("0123456789,.%-+", "０１２３４５６７８９，．％－＋")

decimals = st.decimals(
    min_value=Decimal("-1e12"),
    max_value=Decimal("1e12"),
    allow_nan=False,
    allow_infinity=False,
    places=6,
)
spaces = st.text(alphabet=" \t\u3000", max_size=2)


def printed(value: Decimal) -> str:
    """The value as a report prints it: fixed-point with thousands separators."""
    return f"{value:,f}"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("90％", Decimal("90"), "%"),
        ("1,500次", Decimal("1500"), "次"),
        ("3達到項數", Decimal("3"), "達到項數"),
        ("7,332,001", Decimal("7332001"), ""),
        ("97.79%", Decimal("97.79"), "%"),
        ("95人次", Decimal("95"), "人次"),
        ("１，５００次", Decimal("1500"), "次"),
        ("-2.5%", Decimal("-2.5"), "%"),
    ],
)
def test_sample_values_parse_to_number_and_unit(text: str, value: Decimal, unit: str) -> None:
    measure = parse_measure(text)
    assert (measure.text, measure.value, measure.unit) == (text, value, unit)


def test_percent_units_are_percent() -> None:
    assert parse_measure("90％").is_percent
    assert parse_measure("97.79%").is_percent
    assert not parse_measure("1,500次").is_percent


@given(value=decimals, unit=st.sampled_from(SAMPLE_UNITS), gap=st.sampled_from(["", " "]))
def test_printed_value_parses_back(value: Decimal, unit: str, gap: str) -> None:
    text = printed(value) + gap + unit
    measure = parse_measure(text)
    assert measure.text == text
    assert measure.value == value
    assert measure.unit == ("%" if unit in ("%", "％") else unit)
    assert not measure.is_blank and not measure.is_not_applicable


@given(value=decimals, unit=st.sampled_from(SAMPLE_UNITS))
def test_full_width_forms_parse_as_ascii(value: Decimal, unit: str) -> None:
    ascii_text = printed(value) + unit
    full_width = ascii_text.translate(FULL_WIDTH)
    wide, narrow = parse_measure(full_width), parse_measure(ascii_text)
    assert (wide.value, wide.unit) == (narrow.value, narrow.unit)
    assert wide.text == full_width


@given(marker=st.sampled_from(["--", "---", "－－", "－－－", ""]), before=spaces, after=spaces)
def test_markers_and_blanks_have_no_value(marker: str, before: str, after: str) -> None:
    text = before + marker + after
    measure = parse_measure(text)
    assert measure.value is None and measure.unit == "" and measure.text == text
    assert measure.is_blank == (marker == "")
    assert measure.is_not_applicable == (marker != "")


@given(text=st.text(min_size=1, max_size=20))
def test_text_not_starting_with_a_number_is_rejected_and_quoted(text: str) -> None:
    folded = normalize(text)
    assume(folded not in ("", "--", "---"))
    assume(re.match(r"[\d+\-]", folded) is None)
    assume(unreadable(text) is None)  # refused without quoting what cannot be shown
    with pytest.raises(ValueParseError) as error:
        parse_measure(text)
    assert f"「{text}」" in str(error.value)


@given(value=decimals, unit=st.sampled_from(["次", "%", "項"]), tail=st.sampled_from("0123456789"))
def test_digits_after_the_unit_are_rejected(value: Decimal, unit: str, tail: str) -> None:
    text = printed(value) + unit + tail
    with pytest.raises(ValueParseError, match=re.escape(f"「{text}」")):
        parse_measure(text)


@pytest.mark.parametrize("text", ["1,50次", "1.2.3", "12,3456", "1E5", "1.", "五次", "約90%"])
def test_malformed_numbers_are_rejected(text: str) -> None:
    with pytest.raises(ValueParseError, match=re.escape(f"「{text}」")):
        parse_measure(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("8,500", Decimal("8500")),
        ("８，５００", Decimal("8500")),
        ("99,999,999,999,999.999999", Decimal("99999999999999.999999")),
        ("0.000001", Decimal("0.000001")),
        ("1.5000000", Decimal("1.5")),  # trailing zeros are not decimals lost
    ],
)
def test_numbers_that_fit_the_column_parse(text: str, value: Decimal) -> None:
    assert parse_measure(text).value == value


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1" * 15, "整數部分最多 14 位"),
        ("1" * 30 + "次", "整數部分最多 14 位"),
        ("100,000,000,000,000", "整數部分最多 14 位"),
        ("0.0000001", "小數超過 6 位"),
        ("1\x00", "空字元"),
        ("12\ud800", "代理字元"),
        ("1" + "次" * 21, "單位超過 20 字"),
        ("1" * 201, "超過 200 字"),
        ("NaN", "不是數值"),
        ("Infinity", "不是數值"),
        ("1e5", "無法解讀"),
        ("١٢", "不是數值"),  # Arabic-Indic digits are not the report's digits
    ],
)
def test_numbers_a_column_cannot_hold_are_refused_with_the_reason(text: str, says: str) -> None:
    with pytest.raises(ValueParseError, match=re.escape(says)):
        parse_measure(text)


@given(value=st.decimals(allow_nan=False, allow_infinity=False))
def test_whatever_parses_fits_the_column(value: Decimal) -> None:
    """Every number accepted can be stored as NUMERIC(20, 6) and read back unchanged."""
    try:
        parsed = parse_measure(f"{value:f}").value
    except ValueParseError:
        return
    assert parsed is not None and fits(parsed) is None
    assert parsed.quantize(Decimal("0.000001")) == parsed
    assert len(parsed.quantize(Decimal("0.000001")).as_tuple().digits) <= NUMBER_MAX_DIGITS


def test_a_count_cannot_be_negative() -> None:
    assert parse_number("-5次").value == Decimal(-5)
    with pytest.raises(ValueParseError, match="不能是負數"):
        parse_number("-5次", negative_ok=False)


def test_formula_inputs_parse_like_any_number_and_name_the_bad_one() -> None:
    assert parse_inputs({"甲": "8,500", "乙": "１２", "丙": ""}) == {
        "甲": Decimal(8500),
        "乙": Decimal(12),
    }
    with pytest.raises(ValueParseError, match="公式數值「乙」"):
        parse_inputs({"甲": "1", "乙": "很多"})


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a\x00b", "空字元"),
        ("a\udfffb", "代理字元"),
        ("a\x07", "控制字元"),
        ("長" * 11, "超過 10 字"),
    ],
)
def test_typed_text_that_cannot_be_stored_is_refused_naming_the_field(text: str, says: str) -> None:
    with pytest.raises(TextError, match=re.escape(says)) as error:
        clean_text(text, field="未達成原因", max_length=10)
    assert str(error.value).startswith("未達成原因")


def test_typed_text_keeps_line_breaks_and_cjk() -> None:
    assert clean_text("  第一行\n第二行\t完  ", field="分析") == "第一行\n第二行\t完"
