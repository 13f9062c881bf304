"""Typed text (narrative, reasons, names): what a column can store and read back."""

from __future__ import annotations

import re
from collections.abc import Callable

# Limits for TextFields (no column limit): long enough for any chapter paragraph of a report.
LONG_TEXT_MAX_LENGTH = 20_000
REASON_MAX_LENGTH = 200  # a change's reason: a sentence or two, as the forms allow

_UNREADABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TextError(ValueError):
    """Typed text that cannot be stored as typed; the message names the field.

    Its text is Chinese; `template` (a catalog msgid) and `params` let a page translate it:
    `error.text(gettext)`, the field's name (a msgid too where it is one) translated with it."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template % params)
        self.template, self.params = template, params

    def text(self, translate: Callable[[str], str]) -> str:
        """The message in the language `translate` (gettext) gives."""
        values = {**self.params, "field": translate(str(self.params["field"]))}
        return translate(self.template) % values


# Why a text cannot be stored: a part of a sentence (`unreadable`) and, naming the field, a
# whole one (`clean_text`'s TextError), by what is wrong.
_PROBLEMS = {
    "nul": ("含有空字元（NUL），無法儲存", "%(field)s含有空字元（NUL），無法儲存。"),
    "surrogate": (
        "含有無法辨識的字元（單獨的代理字元），無法儲存",
        "%(field)s含有無法辨識的字元（單獨的代理字元），無法儲存。",
    ),
    "control": ("含有控制字元，無法儲存", "%(field)s含有控制字元，無法儲存。"),
}


def _unreadable_kind(text: str) -> str | None:
    if "\x00" in text:
        return "nul"
    if _UNREADABLE.search(text):
        return "surrogate"
    if _CONTROL.search(text):
        return "control"
    return None


def unreadable(text: str) -> str | None:
    """Why `text` cannot be stored and read back (NUL, a lone surrogate, a control), or None."""
    kind = _unreadable_kind(text)
    return _PROBLEMS[kind][0] if kind else None


def clean_text(value: str, *, field: str, max_length: int | None = LONG_TEXT_MAX_LENGTH) -> str:
    """`value` with its ends stripped and its line breaks as `\n` (a browser sends a textarea's
    as CRLF), or TextError naming `field` when it cannot be stored."""
    kind = _unreadable_kind(value)
    if kind:
        raise TextError(_PROBLEMS[kind][1], field=field)
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if max_length is not None and len(text) > max_length:
        raise TextError(
            "%(field)s超過 %(limit)s 字（目前 %(length)s 字）。",
            field=field,
            limit=f"{max_length:,}",
            length=f"{len(text):,}",
        )
    return text
