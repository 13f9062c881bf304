"""ROC (民國) years and dates: 107 = 2018; `108年03月19日`."""

from __future__ import annotations

import re
from datetime import date

ROC_OFFSET = 1911
_ROC_DATE = re.compile(r"^\s*(\d{1,3})年(\d{1,2})月(\d{1,2})日\s*$")


class RocDateError(ValueError):
    """Text that is not an ROC date such as 108年03月19日."""


def roc_to_gregorian(roc_year: int) -> int:
    return roc_year + ROC_OFFSET


def gregorian_to_roc(year: int) -> int:
    return year - ROC_OFFSET


def parse_roc_date(text: str) -> date:
    """`108年03月19日` → 2019-03-19."""
    match = _ROC_DATE.match(text)
    if match is None:
        raise RocDateError(f"「{text}」不是民國日期（應如 108年03月19日）")
    year, month, day = (int(part) for part in match.groups())
    if year < 1:  # 民國元年 is 1912; there is no year 0
        raise RocDateError(f"「{text}」不是有效的日期")
    try:
        return date(roc_to_gregorian(year), month, day)
    except ValueError as error:
        raise RocDateError(f"「{text}」不是有效的日期") from error


def format_roc_date(value: date) -> str:
    """2019-03-19 → `108年03月19日`."""
    return f"{gregorian_to_roc(value.year)}年{value.month:02d}月{value.day:02d}日"
