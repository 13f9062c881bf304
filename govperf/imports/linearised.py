"""A document's body as its text export prints it, with each line's place in the document.

The DOCX and ODT front stages walk their document and write it here, paragraph by paragraph and
table by table, in the text export's form (`govperf/reports/render_text.py`); the text front
stage then reads the lines, and a problem at a line is told at its place in the document."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from govperf.domain.lights import printed_light_symbol
from govperf.imports.errors import Problem

# A table row as read: each printed cell's grid column (1-based) and text.
PrintedRow = list[tuple[int, str]]


def table_place(table: int, row: int, column: int) -> str:
    return f"表格 {table} 第 {row} 列第 {column} 欄"


def _blank(line: str) -> bool:
    return line.strip(" ") == ""


def _untabbed(line: str) -> str:
    """A leading tab is Word's indent, not a table cell: the text export's lines keep it off."""
    return line.lstrip("\t")


@dataclass
class Linearised:
    """The lines of the text export and, line for line, where each stands in the document."""

    lines: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0

    def paragraph(self, text: str) -> None:
        """A body paragraph, a line per line of its text; an empty one (or of spaces) prints
        nothing, as the text export's blank lines mean nothing outside a table."""
        if _blank(text.replace("\n", "")):
            return
        self.paragraphs += 1
        for line in text.split("\n"):
            self._add(_untabbed(line), f"段落 {self.paragraphs}")

    def table(self, rows: list[PrintedRow]) -> None:
        """Each printed cell on a tab-led line, a blank line after each row and after the table."""
        if not any(rows):
            return
        self.tables += 1
        for number, row in enumerate(rows, start=1):
            for column, text in row:
                first, *rest = cell_lines(text)
                place = table_place(self.tables, number, column)
                self._add("\t" + first, place)
                for line in rest:
                    self._add(line, place)
            self._add("", f"表格 {self.tables} 第 {number} 列")
        self._add("", f"表格 {self.tables}")

    def _add(self, line: str, place: str) -> None:
        self.lines.append(line)
        self.places.append(place)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def place(self, line: int) -> str:
        """The place of a 1-based line; past the last, the document's end."""
        if line < 1:
            return ""
        return self.places[line - 1] if line <= len(self.places) else "文件結尾"

    def placed(self, problems: list[Problem]) -> list[Problem]:
        """The problems found in the lines, each told at its place in the document."""
        return [dataclasses.replace(item, place=self.place(item.line)) for item in problems]


def cell_lines(text: str) -> list[str]:
    """A cell's lines as the text export holds them: a light as its symbol, no blank or
    tab-led further line (those would end the row or start a cell)."""
    text = printed_light_symbol(text) or text
    lines = [_untabbed(line) for line in text.split("\n")]
    kept = [line for line in lines if not _blank(line)]
    if not kept:
        return [lines[0] if _blank(lines[0]) else ""]
    return kept
