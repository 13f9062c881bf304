"""What a correction changed: two published snapshots compared, values and sentences."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# A KPI-year's printed fields a reader compares, with their names in the report.
KPI_YEAR_FIELDS = (
    ("measurement_standard", "衡量標準"),
    ("target", "原訂目標值"),
    ("actual", "實際值"),
    ("achievement", "達成度"),
    ("initial_light", "初核結果"),
    ("review_light", "複核結果"),
    ("analysis", "績效衡量暨達成情形分析"),
    ("missed_reason", "未達成原因分析暨因應策略"),
)
SENTENCE_END = re.compile(r"(?<=[。！？；!?])")


@dataclass(frozen=True)
class ValueChange:
    """One printed value of a KPI-year, as the older version had it and as the newer has."""

    goal: str
    kpi: str
    year: int
    field: str  # the field's name as the report prints it: 實際值, 達成度…
    old: str
    new: str


@dataclass(frozen=True)
class TextChange:
    """Sentences of a chapter the newer version dropped and those it wrote instead."""

    chapter: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class VersionDiff:
    """Everything a reader sees changed between two versions of a year's report."""

    values: tuple[ValueChange, ...]
    texts: tuple[TextChange, ...]
    kpis_added: tuple[str, ...]
    kpis_removed: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.values or self.texts or self.kpis_added or self.kpis_removed)


def snapshot_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> VersionDiff:
    """The changes from snapshot `old` to snapshot `new` (both `cycle_document`s)."""
    old_years, new_years = _kpi_years(old), _kpi_years(new)
    old_names = {name for name, _year in old_years}
    new_names = {name for name, _year in new_years}
    values = [
        change
        for key in sorted(new_years.keys() & old_years.keys(), key=_order(new_years))
        for change in _value_changes(old_years[key], new_years[key])
    ]
    return VersionDiff(
        values=tuple(values),
        texts=tuple(_text_changes(old, new)),
        kpis_added=tuple(sorted(new_names - old_names)),
        kpis_removed=tuple(sorted(old_names - new_names)),
    )


_Column = tuple[int, str, str, Mapping[str, Any]]  # position, goal, KPI, the KPI-year's column


def _kpi_years(snapshot: Mapping[str, Any]) -> dict[tuple[str, int], _Column]:
    found: dict[tuple[str, int], _Column] = {}
    for goal in snapshot.get("goals", []):
        for kpi in goal["kpis"]:
            for column in kpi["years"]:
                key = (kpi["name"], column["year"])
                found[key] = (len(found), goal["name"], kpi["name"], column)
    return found


def _order(columns: dict[tuple[str, int], _Column]) -> Any:
    return lambda key: columns[key][0]


def _printed(item: Any) -> str:
    """A field as printed: the text of a {text, value} cell, or the text itself."""
    if isinstance(item, Mapping):
        return str(item.get("text") or "")
    return str(item or "")


def _value_changes(old: _Column, new: _Column) -> Iterator[ValueChange]:
    _position, goal, kpi, column = new
    before = old[3]
    for key, label in KPI_YEAR_FIELDS:
        was, now = _printed(before.get(key)), _printed(column.get(key))
        if was != now:
            yield ValueChange(goal, kpi, column["year"], label, was, now)


def sentences(text: str) -> list[str]:
    """A paragraph cut after each 。！？； so one changed sentence shows alone."""
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def chapter_heading(chapter: Mapping[str, Any]) -> str:
    """`壹、前言`, as the report prints a chapter's heading; the title alone without a numeral."""
    numeral, title = chapter.get("numeral") or "", chapter.get("title") or ""
    return f"{numeral}、{title}" if numeral else str(title)


def _chapter_sentences(snapshot: Mapping[str, Any]) -> dict[str, tuple[str, list[str]]]:
    return {
        chapter["key"]: (
            chapter_heading(chapter),
            [s for block in chapter["blocks"] for s in sentences(block.get("text") or "")],
        )
        for chapter in snapshot.get("chapters", [])
    }


def _text_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[TextChange]:
    before, after = _chapter_sentences(old), _chapter_sentences(new)
    for key in [*after, *(k for k in before if k not in after)]:
        title, now = after.get(key) or (before[key][0], [])
        was = before.get(key, (title, []))[1]
        matcher = difflib.SequenceMatcher(a=was, b=now, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                yield TextChange(title, tuple(was[i1:i2]), tuple(now[j1:j2]))
