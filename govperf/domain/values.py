"""Values as printed in a report (`90％`, `1,500次`, `--`) parsed to Decimal and unit."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from govperf.domain.text import unreadable

NOT_APPLICABLE_MARKERS = ("--", "---")
PERCENT = "%"

# The columns every number and its printed text are stored in (`evaluation.models.number`,
# `printed`, `unit` are built from these): a value that does not fit is refused here, once.
NUMBER_MAX_DIGITS = 20
NUMBER_DECIMAL_PLACES = 6
PRINTED_MAX_LENGTH = 200
UNIT_MAX_LENGTH = 20
INTEGER_DIGITS = NUMBER_MAX_DIGITS - NUMBER_DECIMAL_PLACES
NUMBER_LIMIT = Decimal(10) ** INTEGER_DIGITS

_NUMBER = re.compile(
    r"^(?P<sign>[-+]?)(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<fraction>\.[0-9]+)?"
)
_UNIT = re.compile(r"^[^\d\s.,+\-]*$")


class ValueParseError(ValueError):
    """A printed value that is neither a number with an optional unit nor a `--` marker.

    Its text is Chinese; `template` (a catalog msgid) and `params` let a page translate it:
    `error.text(gettext)`. A message built from other parts keeps its text as the template."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template % params if params else template)
        self.template, self.params = template, params

    def text(self, translate: Callable[[str], str]) -> str:
        """The message in the language `translate` (gettext) gives."""
        template = translate(self.template)
        return template % self.params if self.params else template


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


def misfit(value: Decimal) -> ValueParseError | None:
    """Why `value` cannot be stored in a number column and read back as it is (a msgid and
    its values, for a page to translate), or None."""
    if not value.is_finite():
        return ValueParseError("不是有限的數值")
    if abs(value) >= NUMBER_LIMIT:
        return ValueParseError(
            "超過可儲存的範圍（整數部分最多 %(digits)s 位）", digits=INTEGER_DIGITS
        )
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > NUMBER_DECIMAL_PLACES:
        return ValueParseError(
            "小數超過 %(places)s 位，無法照原值儲存", places=NUMBER_DECIMAL_PLACES
        )
    return None


def fits(value: Decimal) -> str | None:
    """Why `value` cannot be stored in a number column and read back as it is, or None."""
    problem = misfit(value)
    return str(problem) if problem else None


def check_fits(value: Decimal, what: str) -> Decimal:
    """`value` if it fits a number column; ValueParseError naming `what` otherwise."""
    problem = fits(value)
    if problem:
        raise ValueParseError(f"{what}{problem}")
    return value


def _check_text(text: str) -> None:
    problem = unreadable(text)
    if problem:
        raise ValueParseError(f"填寫的內容{problem}")
    if len(text.strip()) > PRINTED_MAX_LENGTH:
        raise ValueParseError("填寫的內容超過 %(n)s 字", n=PRINTED_MAX_LENGTH)


def parse_measure(text: str) -> Measure:
    """Parse `text` as printed: a number with optional thousands separators and a unit.

    The one parser of every typed or imported number: full-width forms fold, `8,500` reads as
    8500, and a number that the columns cannot hold (too large, too many decimals, too long a
    text or unit, NUL or a lone surrogate) is refused with ValueParseError.

    >>> parse_measure("1,500次")
    Measure(text='1,500次', value=Decimal('1500'), unit='次')
    """
    _check_text(text)
    folded = normalize(text)
    if folded == "" or folded in NOT_APPLICABLE_MARKERS:
        return Measure(text=text, value=None, unit="")
    match = _NUMBER.match(folded)
    if match is None:
        raise ValueParseError(
            "「%(text)s」不是數值：應以數字開頭，如 95人次、90%%、1,500次，或為 --", text=text
        )
    unit = folded[match.end() :].strip()
    if not _UNIT.match(unit):
        raise ValueParseError(
            "「%(text)s」的單位「%(unit)s」含有數字或符號，無法解讀", text=text, unit=unit
        )
    if len(unit) > UNIT_MAX_LENGTH:
        raise ValueParseError("「%(text)s」的單位超過 %(n)s 字", text=text, n=UNIT_MAX_LENGTH)
    number = match.group("sign") + match.group("digits").replace(",", "")
    try:
        value = Decimal(number + (match.group("fraction") or ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise ValueParseError(f"「{text}」不是數值") from error
    check_fits(value, f"「{text}」")
    return Measure(text=text, value=value, unit=unit)


def parse_number(text: str, *, negative_ok: bool = True) -> Measure:
    """`parse_measure`, refusing a negative number where it cannot be (a count, an amount)."""
    measure = parse_measure(text)
    if not negative_ok and measure.value is not None and measure.value < 0:
        raise ValueParseError("「%(text)s」不能是負數", text=text)
    return measure


def parse_inputs(typed: Mapping[str, object]) -> dict[str, Decimal]:
    """A formula's raw inputs as stored (name → text as typed) parsed; blanks are left out.

    Raises ValueParseError naming the input for one that is not a number.
    """
    parsed: dict[str, Decimal] = {}
    for name, text in typed.items():
        try:
            value = parse_measure(str(text)).value
        except ValueParseError as error:
            raise ValueParseError(f"公式數值「{name}」：{error}") from error
        if value is not None:
            parsed[name] = value
    return parsed


def decimal_text(value: Decimal | None) -> str | None:
    """A Decimal without storage's trailing zeros: 97.790000 → "97.79", 2620.000000 → "2620"."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
