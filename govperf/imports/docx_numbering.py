"""Word's automatic numbering, printed as its text export prints it: 「壹、」「一、」「（一）」.

A heading numbered by Word (a list level on the paragraph or on its style) carries no number in
its text; the number comes from numbering.xml: each level's format (ideographLegalTraditional
壹貳參, taiwaneseCountingThousand 一二三, decimalFullWidth １２３ …), its text (「%1、」「（%1）」)
and counters that a higher level's next number restarts. Pure Python over the parsed XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.etree import _Element as Element

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
LEVELS = 9
FINANCIAL = "零壹貳參肆伍陸柒捌玖"
COUNTING = "〇一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
         (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
CLOSING_MARKS = "、）)．.：:"  # a label ending so needs no space before its text


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Level:
    format: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = "tab"


@dataclass
class Numbering:
    """The document's lists: numId → its levels; counters kept per list as Word does."""

    lists: dict[str, tuple[Level, ...]] = field(default_factory=dict)
    style_numbers: dict[str, tuple[str, int]] = field(default_factory=dict)  # style → list, level
    counters: dict[str, list[int]] = field(default_factory=dict)

    def label(self, paragraph: Element, style_id: str) -> str:
        """The number Word prints before the paragraph's text, or "" for none (or a bullet)."""
        numbered = _paragraph_number(paragraph) or self.style_numbers.get(style_id)
        if numbered is None or numbered[0] not in self.lists:
            return ""
        list_id, level = numbered
        levels = self.lists[list_id]
        if not 0 <= level < len(levels) or levels[level].format in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(list_id, [0] * LEVELS)
        counts[level] += 1
        for deeper in range(level + 1, LEVELS):
            counts[deeper] = 0
        return _printed(levels, counts, level)


def numbering_read(numbering: Element | None, styles: Element | None) -> Numbering:
    """The lists of numbering.xml, and the styles (Heading 1 …) that number their paragraphs."""
    result = Numbering()
    if numbering is None:
        return result
    abstract = {
        node.get(w("abstractNumId"), ""): _levels(node)
        for node in numbering.iterfind("w:abstractNum", NS)
    }
    for node in numbering.iterfind("w:num", NS):
        base = node.find("w:abstractNumId", NS)
        levels = list(abstract.get(base.get(w("val"), "") if base is not None else "", ()))
        for override in node.iterfind("w:lvlOverride", NS):
            index, start = _int(override.get(w("ilvl"))), override.find("w:startOverride", NS)
            if start is not None and 0 <= index < len(levels):
                old = levels[index]
                levels[index] = Level(
                    old.format, old.text, _int(start.get(w("val")), 1), old.suffix
                )
        result.lists[node.get(w("numId"), "")] = tuple(levels)
    for style in [] if styles is None else styles.iterfind("w:style", NS):
        number = _number_of(style.find("w:pPr/w:numPr", NS))
        if number is not None:
            result.style_numbers[style.get(w("styleId"), "")] = number
    return result


def _levels(abstract: Element) -> tuple[Level, ...]:
    levels = [Level()] * LEVELS
    for node in abstract.iterfind("w:lvl", NS):
        index = _int(node.get(w("ilvl")))
        if 0 <= index < LEVELS:
            levels[index] = Level(
                format=_val(node, "w:numFmt", "decimal"),
                text=_val(node, "w:lvlText", ""),
                start=_int(_val(node, "w:start", "1"), 1),
                suffix=_val(node, "w:suff", "tab"),
            )
    return tuple(levels)


def _paragraph_number(paragraph: Element) -> tuple[str, int] | None:
    return _number_of(paragraph.find("w:pPr/w:numPr", NS))


def _number_of(properties: Element | None) -> tuple[str, int] | None:
    if properties is None:
        return None
    list_id = properties.find("w:numId", NS)
    if list_id is None or list_id.get(w("val"), "0") == "0":  # numId 0: numbering removed
        return None
    return list_id.get(w("val"), ""), _int(_val(properties, "w:ilvl", "0"))


def _printed(levels: tuple[Level, ...], counts: list[int], level: int) -> str:
    text = levels[level].text
    for index in range(LEVELS):
        number = counts[index] + levels[index].start - 1
        text = text.replace(f"%{index + 1}", number_text(max(number, 0), levels[index].format))
    suffix = levels[level].suffix
    if suffix == "nothing" or (suffix == "tab" and text[-1:] in CLOSING_MARKS):
        return text
    return text + " "


def number_text(number: int, format: str) -> str:
    """`number` in a Word number format; an unknown format prints it in digits."""
    if format == "ideographLegalTraditional":
        return _chinese(number, FINANCIAL, "拾", "佰")
    if format in ("taiwaneseCountingThousand", "taiwaneseCounting", "chineseCounting",
                  "chineseCountingThousand", "ideographDigital"):  # fmt: skip
        return _chinese(number, COUNTING, "十", "百")
    if format == "ideographTraditional":
        return HEAVENLY_STEMS[(number - 1) % 10] if number > 0 else str(number)
    if format == "decimalFullWidth":
        return str(number).translate({ord(d): ord("０") + int(d) for d in "0123456789"})
    if format in ("upperLetter", "lowerLetter") and number > 0:
        letter = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter if format == "upperLetter" else letter.lower()
    if format in ("upperRoman", "lowerRoman") and 0 < number < 4000:
        roman = _roman(number)
        return roman if format == "upperRoman" else roman.lower()
    return str(number)


def _chinese(number: int, digits: str, ten: str, hundred: str) -> str:
    """1–999 the way a heading counts: 十, 十一, 二十, 一百零五 (拾, 拾壹, 貳拾 in financial)."""
    if not 0 < number < 1000:
        return str(number)
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    text = f"{digits[hundreds]}{hundred}" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else digits[tens]) + ten
    elif hundreds and ones:
        text += "零"
    return text + (digits[ones] if ones else "")


def _roman(number: int) -> str:
    text = ""
    for value, numeral in ROMAN:
        count, number = divmod(number, value)
        text += numeral * count
    return text


def _val(node: Element, path: str, default: str) -> str:
    found = node.find(path, NS)
    return found.get(w("val"), default) if found is not None else default


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default
