"""Audit findings: what does not add up, where, with the numbers involved."""

from __future__ import annotations

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
class Finding:
    """One thing a reviewer should read, in a sentence, with its numbers."""

    code: str
    severity: Severity
    place: Place
    message: str
    numbers: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "severity": self.severity.value, "place_text": str(self.place)}
