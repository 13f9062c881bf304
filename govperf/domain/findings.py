"""Audit findings: what does not add up, where, with the numbers involved."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the report contradicts itself or the rules
    WARNING = "warning"  # worth a reviewer's look (soft target, judgement without reason)
    INFO = "info"  # context: where a person's judgement differs from the rule


@dataclass(frozen=True)
class Place:
    """Where in the report: chapter, table, row, cell or paragraph (as many as apply)."""

    chapter: str
    table: str = ""
    row: str = ""
    cell: str = ""
    paragraph: str = ""

    def __str__(self) -> str:
        parts = (self.chapter, self.table, self.row, self.cell, self.paragraph)
        return " › ".join(part for part in parts if part)


@dataclass(frozen=True)
class Phrase:
    """A sentence or term to translate where it is shown: its catalog msgid (zh-Hant, with
    `%(name)s` for each value) and its values; a value that is itself a Phrase or Joined is
    translated too, any other is data, shown as it is."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, translate: Callable[[str], str]) -> str:
        """The phrase in the language `translate` (gettext) gives."""
        values = {
            name: value.text(translate) if isinstance(value, Phrase | Joined) else value
            for name, value in self.params.items()
        }
        template = translate(self.template)
        return template % values if values else template

    def __str__(self) -> str:
        return self.text(lambda msgid: msgid)


@dataclass(frozen=True)
class Joined:
    """Phrases listed with the separator (a msgid, `、`) of the language they are shown in."""

    parts: tuple[Phrase, ...]
    separator: str = "、"

    def text(self, translate: Callable[[str], str]) -> str:
        return translate(self.separator).join(part.text(translate) for part in self.parts)


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer should read, in a sentence, with its numbers."""

    code: str
    severity: Severity
    place: Place
    phrase: Phrase
    numbers: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The sentence in zh-Hant, the report's own language."""
        return str(self.phrase)

    def text(self, translate: Callable[[str], str]) -> str:
        """The sentence in the language `translate` (gettext) gives."""
        return self.phrase.text(translate)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "place": asdict(self.place),
            "message": self.message,
            "numbers": dict(self.numbers),
            "place_text": str(self.place),
        }
