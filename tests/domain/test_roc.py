"""ROC (民國) years and dates: 107 is 2018, `108年03月19日` is 2019-03-19."""

from __future__ import annotations

import calendar
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govperf.domain.roc import (
    RocDateError,
    format_roc_date,
    gregorian_to_roc,
    parse_roc_date,
    roc_to_gregorian,
)

roc_dates = st.dates(min_value=date(1912, 1, 1), max_value=date(2100, 12, 31))


def test_sample_dates() -> None:
    assert roc_to_gregorian(107) == 2018
    assert parse_roc_date("108年03月19日") == date(2019, 3, 19)
    assert parse_roc_date(" 108年3月9日 ") == date(2019, 3, 9)
    assert format_roc_date(date(2019, 3, 19)) == "108年03月19日"
    assert format_roc_date(date(1912, 1, 1)) == "1年01月01日"


@given(value=roc_dates)
def test_format_then_parse_round_trips(value: date) -> None:
    text = format_roc_date(value)
    assert re.fullmatch(r"\d{1,3}年\d{2}月\d{2}日", text)
    assert parse_roc_date(text) == value


@given(year=st.integers(min_value=1912, max_value=2100))
def test_year_conversion_round_trips(year: int) -> None:
    assert roc_to_gregorian(gregorian_to_roc(year)) == year
    assert gregorian_to_roc(year) >= 1


@st.composite
def impossible_dates(draw: st.DrawFn) -> str:
    roc_year = draw(st.integers(min_value=1, max_value=189))
    month = draw(st.integers(min_value=0, max_value=99))
    if 1 <= month <= 12:
        last_day = calendar.monthrange(roc_to_gregorian(roc_year), month)[1]
        day = draw(st.one_of(st.just(0), st.integers(min_value=last_day + 1, max_value=99)))
    else:
        day = draw(st.integers(min_value=1, max_value=28))
    return f"{roc_year}年{month:02d}月{day:02d}日"


@given(text=impossible_dates())
def test_impossible_dates_are_rejected_and_quoted(text: str) -> None:
    with pytest.raises(RocDateError, match=re.escape(f"「{text}」")):
        parse_roc_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "0年01月01日",
        "108年02月29日",
        "2019-03-19",
        "108/03/19",
        "108年03月",
        "民國108年03月19日",
        "",
    ],
)
def test_malformed_or_invalid_dates_are_rejected(text: str) -> None:
    with pytest.raises(RocDateError):
        parse_roc_date(text)


@given(text=st.text(max_size=12).filter(lambda t: "年" not in t))
def test_text_without_year_mark_is_rejected(text: str) -> None:
    with pytest.raises(RocDateError):
        parse_roc_date(text)
