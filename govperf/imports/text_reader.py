"""A cursor over the lines of a text export; its errors name the file and line."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NoReturn

from govperf.imports import ir
from govperf.imports.errors import Problem, ReportImportError

Row = list[ir.Cell]
Accepts = Callable[[str], object]

# Headings that more than one part of the report stops at.
CHAPTER_HEADING = re.compile(r"^([壹貳參肆伍陸柒捌玖拾]+)、(.*)$")
SECTION_HEADING = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
GOAL_HEADING = re.compile(r"^(（[一二三四五六七八九十]+）)關鍵策略目標：(.*)$")


def is_cell(line: str) -> bool:
    return line.startswith("\t")


def _is_blank(line: str) -> bool:
    return line.strip(" ") == ""


def _is_bookmark(line: str) -> bool:
    return line.startswith("[bookmark:")


def _is_chapter_heading(line: str) -> bool:
    return not is_cell(line) and CHAPTER_HEADING.match(line) is not None


def starts(prefix: str) -> Accepts:
    return lambda line: line.startswith(prefix)


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _describe(line: str) -> str:
    if _is_blank(line):
        return "空行"
    if is_cell(line):
        return f"表格儲存格「{short(line[1:])}」"
    return f"「{short(line)}」"


def _spaced(text: str) -> str:
    """A space before text that starts with a Latin letter or digit, as in 「預期 KPI 表格」."""
    return f" {text}" if text[:1].isascii() and text[:1].isalnum() else text


class Reader:
    """A cursor over the file's lines; `line` is the 1-based number of the current line."""

    def __init__(self, text: str, source: str) -> None:
        # Numbered as an editor shows them: text after the last newline is a line, even if empty.
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]
        self.source = source
        self.index = 0
        self.later_chapters: tuple[str, ...] = ()  # named when the file ends too early

    @property
    def line(self) -> int:
        return self.index + 1

    def peek(self) -> str | None:
        return self.lines[self.index] if self.index < len(self.lines) else None

    def take(self) -> str:
        line = self.lines[self.index]
        self.index += 1
        return line

    def skip_noise(self) -> str | None:
        """Skips blank and bookmark lines; the next line, or None at the end of the file."""
        while (line := self.peek()) is not None and (_is_blank(line) or _is_bookmark(line)):
            self.index += 1
        return line

    def next_in_chapter(self) -> str | None:
        """The next meaningful line of the current chapter, or None where the chapter ends."""
        line = self.skip_noise()
        return None if line is None or _is_chapter_heading(line) else line

    def require(self, accepts: Accepts, expected: str) -> str:
        """The next meaningful line of the chapter, which must be accepted; not consumed."""
        line = self.next_in_chapter()
        if line is None or is_cell(line) or not accepts(line):
            self.fail(expected)
        return line

    def expect(self, accepts: Accepts, expected: str) -> ir.Cell:
        """Like `require`, and consumes the line; returns it with its line number."""
        self.require(accepts, expected)
        return ir.Cell(self.take(), self.index)

    def fail(self, expected: str) -> NoReturn:
        line = self.peek()
        if line is None:
            end = len(self.lines)
            later = "、".join(f"「{name}」" for name in self.later_chapters)
            missing = f"，也缺少之後的{later}" if later else ""
            self.fail_at(end, f"檔案在第 {end} 行結束，預期還有{_spaced(expected)}{missing}")
        self.fail_at(self.line, f"預期{_spaced(expected)}，卻是{_describe(line)}")

    def fail_at(self, line: int, message: str) -> NoReturn:
        raise ReportImportError([Problem(source=self.source, line=line, message=message)])

    def table(self) -> list[Row]:
        """The rows of the table that starts at the current line, up to its end."""
        rows: list[Row] = []
        row: Row = []
        while (line := self.peek()) is not None:
            if is_cell(line):
                row.append(self._cell())
            elif not _is_blank(line):
                break
            else:
                self.index += 1
                if not row:
                    break  # a second blank line ends the table
                rows.append(row)
                row = []
        if row:
            rows.append(row)
        return rows

    def _cell(self) -> ir.Cell:
        start = self.line
        parts = [self.take()[1:]]
        while (line := self.peek()) is not None and not is_cell(line) and not _is_blank(line):
            self.index += 1
            if not _is_bookmark(line):
                parts.append(line)
        return ir.Cell("\n".join(parts), start)


def lines_until(reader: Reader, stop: Accepts) -> list[str]:
    """The chapter's text lines up to a line accepted by `stop`, a table or the chapter's end."""
    lines: list[str] = []
    while (line := reader.next_in_chapter()) is not None and not is_cell(line):
        if stop(line):
            break
        lines.append(reader.take())
    return lines


def labelled(reader: Reader, label: str) -> ir.Cell:
    """The line 「label…」; the text after the label, with the line number."""
    line = reader.expect(starts(label), f"「{label}」")
    return ir.Cell(line.text.removeprefix(label), line.line)


def labelled_lines(reader: Reader, label: str, stop: Accepts) -> list[str]:
    """The text after 「label」 on its line (if any), then the lines up to `stop`."""
    first = labelled(reader, label).text
    rest = lines_until(reader, stop)
    return [first, *rest] if first else rest


def matched(pattern: re.Pattern[str], text: str) -> re.Match[str]:
    """The match of a line that `pattern` already accepted."""
    match = pattern.match(text)
    assert match is not None  # the line was accepted by this pattern
    return match
