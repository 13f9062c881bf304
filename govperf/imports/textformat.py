"""Read the text export of a 施政績效報告 (a Word document saved as text) into the import IR."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from govperf.imports import ir
from govperf.imports.text_kpis import goals, shortfalls
from govperf.imports.text_reader import (
    CHAPTER_HEADING,
    GOAL_HEADING,
    SECTION_HEADING,
    Accepts,
    Reader,
    Row,
    is_cell,
    labelled,
    lines_until,
    matched,
)
from govperf.imports.text_tables import (
    budget_table,
    headcount_table,
    light_statistics,
    light_table,
    program_cost_table,
)

T = TypeVar("T")

SHORTFALLS_HEADING = re.compile(r"^[一二三四五六七八九十]+、未達目標項目檢討")
TITLE = re.compile(r"^(\d+)年度.*報告$")


def normalised_text(text: str) -> str:
    """The text as the front stage reads it: no byte-order mark, every line ending a `\\n`.

    A file saved with a BOM or with CRLF line endings is the same report; the fingerprint is
    of this text, so such a copy re-imports as unchanged."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_text_report(text: str, *, source: str) -> ir.Report:
    """Parse a whole text export; a ReportImportError names the line of the first problem."""
    reader = Reader(text, source)
    agency, title, published_on = _report_header(reader)
    parts = _Parts()
    chapters = [_chapter(reader, spec, parts) for spec in CHAPTERS]
    if reader.skip_noise() is not None:
        reader.fail("檔案結束")
    return ir.Report(
        source=source,
        agency=agency.text,
        title=title.text,
        year=int(matched(TITLE, title.text)[1]),
        published_on=published_on,
        chapters=chapters,
        budget=_present(parts.budget),
        headcount=_present(parts.headcount),
        goals=parts.goals,
        program_costs=_present(parts.program_costs),
        shortfalls=parts.shortfalls,
        light_table=_present(parts.light_table),
        light_statistics=_present(parts.light_statistics),
        recommendations=parts.recommendations,
    )


def _present(value: T | None) -> T:
    assert value is not None  # every chapter's reader fills its parts or raises
    return value


# --- header and chapters --------------------------------------------------------------------


VERSION_NOTE = re.compile(r"^第 \d+ 版")


def _report_header(reader: Reader) -> tuple[ir.Cell, ir.Cell, ir.Cell]:
    agency = reader.expect(lambda line: True, "機關名稱")
    title = reader.expect(TITLE.match, "報告標題（如「107年度施政績效報告」）")
    published_on = labelled(reader, "公告日期：")
    if VERSION_NOTE.match(reader.skip_noise() or ""):
        reader.take()  # a published version's note (reports/render_text.py): not report data
    return agency, title, published_on


@dataclass
class _Parts:
    """The structured parts of the report, filled chapter by chapter."""

    budget: ir.BudgetTable | None = None
    headcount: ir.HeadcountTable | None = None
    goals: list[ir.Goal] = field(default_factory=list)
    program_costs: ir.ProgramCostTable | None = None
    shortfalls: list[ir.Shortfall] = field(default_factory=list)
    light_table: ir.LightTable | None = None
    light_statistics: ir.LightStatistics | None = None
    recommendations: list[ir.Recommendation] = field(default_factory=list)


ChapterBody = Callable[[Reader, ir.Chapter, _Parts], None]


@dataclass(frozen=True)
class _ChapterSpec:
    key: str
    marker: str  # the words of the title that identify the chapter
    name: str  # how an error message names it
    body: ChapterBody


def _chapter_key(title: str) -> str | None:
    """The key of the chapter whose marker the title holds (陸's title also holds 柒's words)."""
    return next((spec.key for spec in CHAPTERS if spec.marker in title), None)


def _chapter(reader: Reader, spec: _ChapterSpec, parts: _Parts) -> ir.Chapter:
    reader.later_chapters = tuple(later.name for later in CHAPTERS[CHAPTERS.index(spec) + 1 :])
    line = reader.skip_noise()
    match = CHAPTER_HEADING.match(line) if line is not None else None
    if match is None or _chapter_key(match[2]) != spec.key:
        reader.fail(f"「{spec.name}」")
    chapter = ir.Chapter(key=spec.key, numeral=match[1], title=match[2], line=reader.line)
    reader.take()
    spec.body(reader, chapter, parts)
    if reader.next_in_chapter() is not None:
        reader.fail("文字段落或下一章")
    return chapter


# --- narrative blocks -----------------------------------------------------------------------


def _never(line: str) -> bool:
    return False


def _block_kind(line: str, after_table: bool) -> str:
    if line.startswith("[image:"):
        return "image"
    if line.startswith("＊") or (after_table and line.startswith("---表示")):
        return "footnote"
    return "paragraph"


def _narrative(
    reader: Reader, chapter: ir.Chapter, stop: Accepts = _never, after_table: bool = False
) -> None:
    """Adds text lines as blocks up to a line accepted by `stop`, a table or the chapter end."""
    while (line := reader.next_in_chapter()) is not None and not is_cell(line) and not stop(line):
        chapter.blocks.append(ir.Block(_block_kind(line, after_table), line, reader.line))
        reader.take()
        after_table = False


def _placeholder(reader: Reader, chapter: ir.Chapter, name: str) -> None:
    line = reader.line if reader.next_in_chapter() is not None else chapter.line
    chapter.blocks.append(ir.Block("placeholder", name, line))


def _table_part(
    reader: Reader,
    chapter: ir.Chapter,
    name: str,
    expected: str,
    read: Callable[[Reader, list[Row]], T],
    stop: Accepts = _never,
) -> T:
    """The table that must come next, read by `read`; then the chapter's text up to `stop`."""
    line = reader.next_in_chapter()
    if line is None or not is_cell(line):
        reader.fail(expected)
    _placeholder(reader, chapter, name)
    table = read(reader, reader.table())
    _narrative(reader, chapter, stop=stop, after_table=True)
    return table


# --- the chapters' bodies -------------------------------------------------------------------


def _narrative_only(reader: Reader, chapter: ir.Chapter, parts: _Parts) -> None:
    _narrative(reader, chapter)


def _budget_chapter(reader: Reader, chapter: ir.Chapter, parts: _Parts) -> None:
    _narrative(reader, chapter)
    parts.budget = _table_part(reader, chapter, "budget_table", "預決算表", budget_table)
    parts.headcount = _table_part(
        reader, chapter, "headcount_table", "機關實際員額表", headcount_table
    )


def _goals_chapter(reader: Reader, chapter: ir.Chapter, parts: _Parts) -> None:
    _narrative(reader, chapter, stop=GOAL_HEADING.match)
    reader.require(GOAL_HEADING.match, "「（一）關鍵策略目標：」")
    _placeholder(reader, chapter, "goals")
    parts.goals = goals(reader)
    _narrative(reader, chapter)
    parts.program_costs = _table_part(
        reader,
        chapter,
        "program_costs",
        "關鍵績效指標相關計畫活動之成本表",
        program_cost_table,
        stop=SHORTFALLS_HEADING.match,
    )
    heading = reader.expect(SHORTFALLS_HEADING.match, "「三、未達目標項目檢討」")
    chapter.blocks.append(ir.Block("paragraph", heading.text, heading.line))
    _placeholder(reader, chapter, "shortfalls")
    parts.shortfalls = shortfalls(reader)


def _assessment_chapter(reader: Reader, chapter: ir.Chapter, parts: _Parts) -> None:
    _narrative(reader, chapter)
    parts.light_table = _table_part(
        reader, chapter, "light_table", "各關鍵績效指標燈號表", light_table
    )
    parts.light_statistics = _table_part(
        reader, chapter, "light_statistics", "績效燈號統計表", light_statistics
    )


def _recommendations_chapter(reader: Reader, chapter: ir.Chapter, parts: _Parts) -> None:
    _placeholder(reader, chapter, "recommendations")
    while reader.next_in_chapter() is not None:
        parts.recommendations.append(_recommendation(reader))


def _recommendation(reader: Reader) -> ir.Recommendation:
    item = reader.expect(SECTION_HEADING.match, "建議事項（如「一、…」）")
    match = matched(SECTION_HEADING, item.text)
    first = labelled(reader, "答：")
    answer = [first.text, *lines_until(reader, SECTION_HEADING.match)]
    return ir.Recommendation(label=match[1], text=match[2], answer=answer, line=item.line)


CHAPTERS = (
    _ChapterSpec("preface", "前言", "壹、前言", _narrative_only),
    _ChapterSpec("budget", "預算及人力", "貳、機關預算及人力", _budget_chapter),
    _ChapterSpec("goals", "關鍵策略目標達成情形", "參、關鍵策略目標達成情形", _goals_chapter),
    _ChapterSpec("achievements", "推動成果具體事蹟", "肆、推動成果具體事蹟", _narrative_only),
    _ChapterSpec("assessment", "績效總評", "伍、績效總評", _assessment_chapter),
    _ChapterSpec(
        "recommendations",
        "前年度",
        "陸、前年度『行政院評估綜合意見』辦理情形",
        _recommendations_chapter,
    ),
    _ChapterSpec("closing", "評估綜合意見", "柒、評估綜合意見", _narrative_only),
)
