"""Typed text (narrative, reasons, names): what a column can store and read back."""

from __future__ import annotations

import re

# Limits for TextFields (no column limit): long enough for any chapter paragraph of a report.
LONG_TEXT_MAX_LENGTH = 20_000
REASON_MAX_LENGTH = 200  # a change's reason: a sentence or two, as the forms allow

_UNREADABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TextError(ValueError):
    """Typed text that cannot be stored as typed; the message names the field."""


def unreadable(text: str) -> str | None:
    """Why `text` cannot be stored and read back (NUL, a lone surrogate, a control), or None."""
    if "\x00" in text:
        return "含有空字元（NUL），無法儲存"
    if _UNREADABLE.search(text):
        return "含有無法辨識的字元（單獨的代理字元），無法儲存"
    if _CONTROL.search(text):
        return "含有控制字元，無法儲存"
    return None


def clean_text(value: str, *, field: str, max_length: int | None = LONG_TEXT_MAX_LENGTH) -> str:
    """`value` with its ends stripped and its line breaks as `\n` (a browser sends a textarea's
    as CRLF), or TextError naming `field` when it cannot be stored."""
    problem = unreadable(value)
    if problem:
        raise TextError(f"{field}{problem}。")
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if max_length is not None and len(text) > max_length:
        raise TextError(f"{field}超過 {max_length:,} 字（目前 {len(text):,} 字）。")
    return text
