"""Values as printed in a report (`90％`, `1,500次`, `--`) parsed to Decimal and unit."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NOT_APPLICABLE_MARKERS = ("--", "---")
PERCENT = "%"

_NUMBER = re.compile(r"^(?P<sign>[-+]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?")
_UNIT = re.compile(r"^[^\d\s.,+\-]*$")


class ValueParseError(ValueError):
    """A printed value that is neither a number with an optional unit nor a `--` marker."""


@dataclass(frozen=True)
class Measure:
    """A value as printed beside its parsed number and unit.

    `value` is None for a blank cell or a not-applicable marker (`--`: the KPI did not
    exist that year).
    """

    text: str
    value: Decimal | None
    unit: str

    @property
    def is_not_applicable(self) -> bool:
        return normalize(self.text) in NOT_APPLICABLE_MARKERS

    @property
    def is_blank(self) -> bool:
        return normalize(self.text) == ""

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT


def normalize(text: str) -> str:
    """Fold full-width digits, signs and symbols (`９０％`, `－`) to their ASCII forms."""
    folded = unicodedata.normalize("NFKC", text)
    return folded.replace("\u2212", "-").strip()


def parse_measure(text: str) -> Measure:
    """Parse `text` as printed: a number with optional thousands separators and a unit.

    >>> parse_measure("1,500次")
    Measure(text='1,500次', value=Decimal('1500'), unit='次')
    """
    folded = normalize(text)
    if folded == "" or folded in NOT_APPLICABLE_MARKERS:
        return Measure(text=text, value=None, unit="")
    match = _NUMBER.match(folded)
    if match is None:
        raise ValueParseError(f"「{text}」不是數值：應以數字開頭，如 95人次、90%、1,500次，或為 --")
    unit = folded[match.end() :].strip()
    if not _UNIT.match(unit):
        raise ValueParseError(f"「{text}」的單位「{unit}」含有數字或符號，無法解讀")
    number = match.group("sign") + match.group("digits").replace(",", "")
    try:
        value = Decimal(number + (match.group("fraction") or ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise ValueParseError(f"「{text}」不是數值") from error
    return Measure(text=text, value=value, unit=unit)


def decimal_text(value: Decimal | None) -> str | None:
    """A Decimal without storage's trailing zeros: 97.790000 → "97.79", 2620.000000 → "2620"."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
