"""Traffic lights (燈號): ★ green, ▲ yellow, ● red, □ white, and the markers around them."""

from __future__ import annotations

from enum import StrEnum


class Light(StrEnum):
    """A light given to a KPI for a year."""

    GREEN = "green"  # 綠燈 ★
    YELLOW = "yellow"  # 黃燈 ▲
    RED = "red"  # 紅燈 ●
    WHITE = "white"  # 白燈 □

    @property
    def symbol(self) -> str:
        return SYMBOLS[self]

    @property
    def label_zh(self) -> str:
        return LABELS_ZH[self]


SYMBOLS = {Light.GREEN: "★", Light.YELLOW: "▲", Light.RED: "●", Light.WHITE: "□"}
LABELS_ZH = {Light.GREEN: "綠燈", Light.YELLOW: "黃燈", Light.RED: "紅燈", Light.WHITE: "白燈"}
AGENCY_ASSESSED = "---"  # 部會評估指標: no Executive Yuan re-review (複核)
NOT_APPLICABLE = "--"  # the KPI did not exist that year


class LightParseError(ValueError):
    """A light cell holding something other than ★ ▲ ● □, `---` or `--`."""


def parse_light(text: str) -> Light | None:
    """The light printed in a cell, or None for `---`, `--` or a blank cell."""
    symbol = text.strip()
    if symbol in ("", AGENCY_ASSESSED, NOT_APPLICABLE):
        return None
    for light, light_symbol in SYMBOLS.items():
        if symbol == light_symbol:
            return light
    raise LightParseError(f"燈號「{text}」無法辨識：應為 ★、▲、●、□、--- 或 --")


def printed_light_symbol(text: str) -> str | None:
    """The symbol of a cell printed as a light's symbol and its own word (「★ 綠燈」), else None.

    The DOCX and ODT reports print a light as symbol and word, so that it reads without colour;
    the text export and the data hold the symbol alone."""
    for light, symbol in SYMBOLS.items():
        rest = text.strip().removeprefix(symbol)
        if rest != text.strip() and rest.strip() == LABELS_ZH[light]:
            return symbol
    return None
