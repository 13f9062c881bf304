"""Checkable numbers in a report's narrative: light tallies and totals split into parts."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from govperf.domain.lights import Light
from govperf.domain.values import normalize

# Full-width digits and point fold one-for-one, so offsets in the folded text are offsets in
# the original and quotes keep the report's own characters.
_FOLD = str.maketrans("０１２３４５６７８９．", "0123456789.")
_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
_NUMBER = r"(?<![\d.])(?<!\d[,，])(?:\d{1,3}(?:[,，]\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_HAS_DIGIT = re.compile(r"\d")

COUNT_UNITS = (
    "人次", "團次", "場次", "架次", "艘次", "項", "件", "次", "團", "個", "篇", "場", "人",
    "名", "位", "國", "家", "所", "處", "案", "部", "則", "份", "種", "本", "座", "艘", "架",
    "條", "筆", "期", "元", "美元",
)  # fmt: skip
_UNIT = "(?:萬|億)?(?:{})".format("|".join(sorted(COUNT_UNITS, key=len, reverse=True)))
INTERCHANGEABLE_UNITS = frozenset({"項", "件"})  # reports mix them within one enumeration

# A light count, either way round: 13項綠燈 or 綠燈13項 (not 第3項綠燈, an ordinal).
_COLOURS = {"綠": Light.GREEN, "黃": Light.YELLOW, "紅": Light.RED, "白": Light.WHITE}
_LIGHT_COUNT = re.compile(
    r"(?<!第)(?P<count>(?<!\d)\d+)\s*[項個]\s*(?P<colour>[綠黃紅白])燈"
    r"|(?P<colour_first>[綠黃紅白])燈\s*(?P<count_after>\d+)\s*[項個]"
)
_LIGHT_SEPARATOR = re.compile(r"\s*(?:、及|、以及|、|，|,|以及|及|與|和)\s*")
_INDICATOR_TOTAL = re.compile(r"(?<!\d)(?P<total>\d+)\s*項(?:關鍵績效|績效)?指標")

_TOTAL = re.compile(
    rf"(?:共計|合計|總計|共辦理|(?<![中公])共)\s*(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT})"
)
_MARKER = re.compile(r"其中(?:包括|包含)?[：:]?")
_ITEM = re.compile(rf"(?P<label>[\u3400-\u9fff]+?)\s*(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT})")
_ITEM_SEPARATOR = re.compile(r"、(?:以及|及)?|以及|及")
_ENUMERATION_END = re.compile(r"\s*(?:[，,。；;：:]|$)")
MAX_LABEL_LENGTH = 12
# Labels holding these name overlapping, cumulative or threshold categories (部長級以上,
# 含總理), not the pieces of a partition.
OVERLAP_WORDS = (
    "以上", "以下", "以內", "未滿", "不足", "超過", "至少", "含", "包括", "其中",
    "累計", "合計", "總計", "共計",
)  # fmt: skip
# Labels ending in these qualify the number (約12項 about, 逾 over, 各 each, 計/有/為/達 …).
QUALIFIER_ENDINGS = ("等", "約", "近", "逾", "達", "計", "共", "有", "為", "各", "均", "皆")


@dataclass(frozen=True)
class LightStatement:
    """A tally of lights in the text: 「16項指標…計13項綠燈及3項黃燈」.

    `total` is the number of indicators stated just before the tally, if any.
    """

    quote: str
    total: int | None
    counts: dict[Light, int]


@dataclass(frozen=True)
class Part:
    """One item of an enumeration: 亞太地區12項."""

    label: str
    value: Decimal
    unit: str


@dataclass(frozen=True)
class TotalStatement:
    """A total and the parts it is said to split into: 「共計63件，其中亞太地區7件、…」."""

    quote: str
    total: Decimal
    unit: str
    parts: list[Part]

    @property
    def parts_sum(self) -> Decimal:
        return sum((part.value for part in self.parts), Decimal(0))


@dataclass(frozen=True)
class _Sentence:
    """A sentence as printed (`quote`) and with its digits folded to ASCII (`folded`)."""

    quote: str
    folded: str


def light_statements(text: str) -> list[LightStatement]:
    """Every tally of lights (13項綠燈、2項黃燈及1項紅燈 / 綠燈13項) in `text`.

    A tally is a run of light counts joined by 、 ， 及 以及 與 和; a run naming one colour
    twice is ambiguous and skipped.
    """
    found: list[LightStatement] = []
    for sentence in _sentences(text):
        for run in _light_runs(sentence.folded):
            counts = _light_counts(run)
            if counts is not None:
                total = _indicator_total(sentence.folded[: run[0].start()])
                found.append(LightStatement(sentence.quote, total, counts))
    return found


def total_statements(text: str) -> list[TotalStatement]:
    """Every 「共N單位…其中A n單位、B n單位及C n單位」 in `text`.

    The total is the last 共/共計/合計/總計/共辦理 N單位 before 其中 (其中包括, 其中包含) in
    the same sentence, with no other number in between. The parts are the enumeration right
    after the marker, up to ， 。 ； or ：: at least two items `LABEL NUMBER UNIT` joined by
    、 or 及, each label a plain noun (see `_is_plain_label`) used once, each unit the
    total's (項 and 件 count alike). Anything else is skipped: a missed statement is better
    than a false finding.
    """
    found: list[TotalStatement] = []
    for sentence in _sentences(text):
        for marker in _MARKER.finditer(sentence.folded):
            statement = _total_statement(sentence, marker)
            if statement is not None:
                found.append(statement)
    return found


def _sentences(text: str) -> Iterator[_Sentence]:
    """The sentences of `text`, ended by 。 ； or a line break."""
    folded = text.translate(_FOLD)
    for match in _SENTENCE.finditer(folded):
        quote = text[match.start() : match.end()].strip()
        if quote:
            yield _Sentence(quote, match.group().strip())


def _light_runs(folded: str) -> Iterator[list[re.Match[str]]]:
    """Light counts grouped into runs joined only by separators."""
    run: list[re.Match[str]] = []
    for match in _LIGHT_COUNT.finditer(folded):
        if run and not _LIGHT_SEPARATOR.fullmatch(folded, run[-1].end(), match.start()):
            yield run
            run = []
        run.append(match)
    if run:
        yield run


def _light_counts(run: Sequence[re.Match[str]]) -> dict[Light, int] | None:
    """The count per light in a run, or None when a colour appears twice."""
    counts: dict[Light, int] = {}
    for match in run:
        light = _COLOURS[match.group("colour") or match.group("colour_first")]
        if light in counts:
            return None
        counts[light] = int(match.group("count") or match.group("count_after"))
    return counts


def _indicator_total(before: str) -> int | None:
    """The last 「N項指標」 before a tally, unless another number stands between them."""
    matches = list(_INDICATOR_TOTAL.finditer(before))
    if not matches or _HAS_DIGIT.search(before, matches[-1].end()):
        return None
    return int(matches[-1].group("total"))


def _total_statement(sentence: _Sentence, marker: re.Match[str]) -> TotalStatement | None:
    """The statement a 其中 marker closes, if its total and enumeration have the right shape."""
    before = sentence.folded[: marker.start()]
    totals = list(_TOTAL.finditer(before))
    if not totals or _HAS_DIGIT.search(before, totals[-1].end()):
        return None
    total, unit = _decimal(totals[-1].group("number")), totals[-1].group("unit")
    parts = _enumeration(sentence.folded, marker.end())
    if parts is None or not _is_partition(parts, unit):
        return None
    return TotalStatement(sentence.quote, total, unit, parts)


def _enumeration(folded: str, position: int) -> list[Part] | None:
    """Items `LABEL NUMBER UNIT` joined by 、/及 from `position` to ， 。 ； ： or the end."""
    parts: list[Part] = []
    while (item := _ITEM.match(folded, position)) is not None:
        parts.append(Part(item.group("label"), _decimal(item.group("number")), item.group("unit")))
        separator = _ITEM_SEPARATOR.match(folded, item.end())
        if separator is None:
            return parts if _ENUMERATION_END.match(folded, item.end()) else None
        position = separator.end()
    return None


def _is_partition(parts: Sequence[Part], unit: str) -> bool:
    """At least two plain, distinct labels counted in the total's unit."""
    labels = [part.label for part in parts]
    return (
        len(parts) >= 2
        and len(set(labels)) == len(labels)
        and all(_is_plain_label(label) for label in labels)
        and all(_same_unit(part.unit, unit) for part in parts)
    )


def _is_plain_label(label: str) -> bool:
    """A short noun (亞太地區): no overlap, threshold or qualifying words (部長級以上, 約)."""
    return (
        len(label) <= MAX_LABEL_LENGTH
        and not any(word in label for word in OVERLAP_WORDS)
        and not label.endswith(QUALIFIER_ENDINGS)
    )


def _same_unit(unit: str, other: str) -> bool:
    return unit == other or {unit, other} <= INTERCHANGEABLE_UNITS


def _decimal(number: str) -> Decimal:
    """A printed number (`1,500`, `１，５００`) as a Decimal."""
    return Decimal(normalize(number).replace(",", ""))
