"""Read the text export of a 施政績效報告 (a Word document saved as text) into the import IR."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn, TypeVar

from govperf.imports import ir
from govperf.imports.errors import Problem, ReportImportError

T = TypeVar("T")
Row = list[ir.Cell]
Accepts = Callable[[str], object]

CHAPTER_HEADING = re.compile(r"^([壹貳參肆伍陸柒捌玖拾]+)、(.*)$")
SECTION_HEADING = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
SHORTFALLS_HEADING = re.compile(r"^[一二三四五六七八九十]+、未達目標項目檢討")
GOAL_HEADING = re.compile(r"^(（[一二三四五六七八九十]+）)關鍵策略目標：(.*)$")
KPI_HEADING = re.compile(r"^([０-９0-9]+)、關鍵績效指標：(.*)$")
TITLE = re.compile(r"^(\d+)年度.*報告$")
YEAR = re.compile(r"^(\d+)$")
YEAR_SUFFIXED = re.compile(r"^(\d+)年度$")
KPI_ROWS = ("衡量標準", "原訂目標值", "實際值", "達成度", "初核結果", "複核結果")
ANALYSIS_LABEL = "績效衡量暨達成情形分析："


def parse_text_report(text: str, *, source: str) -> ir.Report:
    """Parse a whole text export; a ReportImportError names the line of the first problem."""
    reader = _Reader(text, source)
    agency, title, published_on = _report_header(reader)
    parts = _Parts()
    chapters = [_chapter(reader, spec, parts) for spec in CHAPTERS]
    if reader.skip_noise() is not None:
        reader.fail("檔案結束")
    return ir.Report(
        source=source,
        agency=agency.text,
        title=title.text,
        year=int(_match(TITLE, title.text)[1]),
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


# --- lines and the reader -------------------------------------------------------------------


def _is_cell(line: str) -> bool:
    return line.startswith("\t")


def _is_blank(line: str) -> bool:
    return line.strip(" ") == ""


def _is_bookmark(line: str) -> bool:
    return line.startswith("[bookmark:")


def _is_chapter_heading(line: str) -> bool:
    return not _is_cell(line) and CHAPTER_HEADING.match(line) is not None


def _starts(prefix: str) -> Accepts:
    return lambda line: line.startswith(prefix)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _describe(line: str) -> str:
    if _is_blank(line):
        return "空行"
    if _is_cell(line):
        return f"表格儲存格「{_short(line[1:])}」"
    return f"「{_short(line)}」"


def _spaced(text: str) -> str:
    """A space before text that starts with a Latin letter or digit, as in 「預期 KPI 表格」."""
    return f" {text}" if text[:1].isascii() and text[:1].isalnum() else text


class _Reader:
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
        if line is None or _is_cell(line) or not accepts(line):
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
            if _is_cell(line):
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
        while (line := self.peek()) is not None and not _is_cell(line) and not _is_blank(line):
            self.index += 1
            if not _is_bookmark(line):
                parts.append(line)
        return ir.Cell("\n".join(parts), start)


def _lines_until(reader: _Reader, stop: Accepts) -> list[str]:
    """The chapter's text lines up to a line accepted by `stop`, a table or the chapter's end."""
    lines: list[str] = []
    while (line := reader.next_in_chapter()) is not None and not _is_cell(line):
        if stop(line):
            break
        lines.append(reader.take())
    return lines


def _labelled(reader: _Reader, label: str) -> ir.Cell:
    """The line 「label…」; the text after the label, with the line number."""
    line = reader.expect(_starts(label), f"「{label}」")
    return ir.Cell(line.text.removeprefix(label), line.line)


def _labelled_lines(reader: _Reader, label: str, stop: Accepts) -> list[str]:
    """The text after 「label」 on its line (if any), then the lines up to `stop`."""
    first = _labelled(reader, label).text
    rest = _lines_until(reader, stop)
    return [first, *rest] if first else rest


def _match(pattern: re.Pattern[str], text: str) -> re.Match[str]:
    match = pattern.match(text)
    assert match is not None  # the line was accepted by this pattern
    return match


def _present(value: T | None) -> T:
    assert value is not None  # every chapter's reader fills its parts or raises
    return value


# --- header and chapters --------------------------------------------------------------------


def _report_header(reader: _Reader) -> tuple[ir.Cell, ir.Cell, ir.Cell]:
    agency = reader.expect(lambda line: True, "機關名稱")
    title = reader.expect(TITLE.match, "報告標題（如「107年度施政績效報告」）")
    published_on = _labelled(reader, "公告日期：")
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


ChapterBody = Callable[[_Reader, ir.Chapter, _Parts], None]


@dataclass(frozen=True)
class _ChapterSpec:
    key: str
    marker: str  # the words of the title that identify the chapter
    name: str  # how an error message names it
    body: ChapterBody


def _chapter_key(title: str) -> str | None:
    """The key of the chapter whose marker the title holds (陸's title also holds 柒's words)."""
    return next((spec.key for spec in CHAPTERS if spec.marker in title), None)


def _chapter(reader: _Reader, spec: _ChapterSpec, parts: _Parts) -> ir.Chapter:
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


def _block_kind(line: str, after_table: bool) -> str:
    if line.startswith("[image:"):
        return "image"
    if line.startswith("＊") or (after_table and line.startswith("---表示")):
        return "footnote"
    return "paragraph"


def _narrative(
    reader: _Reader,
    chapter: ir.Chapter,
    stop: Accepts = lambda line: False,
    after_table: bool = False,
) -> None:
    """Adds text lines as blocks up to a line accepted by `stop`, a table or the chapter end."""
    while (line := reader.next_in_chapter()) is not None and not _is_cell(line) and not stop(line):
        chapter.blocks.append(ir.Block(_block_kind(line, after_table), line, reader.line))
        reader.take()
        after_table = False


def _placeholder(reader: _Reader, chapter: ir.Chapter, name: str) -> None:
    line = reader.line if reader.next_in_chapter() is not None else chapter.line
    chapter.blocks.append(ir.Block("placeholder", name, line))


def _table_part(reader: _Reader, chapter: ir.Chapter, name: str, expected: str) -> list[Row]:
    """The table that must come next; puts its placeholder into the chapter."""
    line = reader.next_in_chapter()
    if line is None or not _is_cell(line):
        reader.fail(expected)
    _placeholder(reader, chapter, name)
    return reader.table()


def _narrative_only(reader: _Reader, chapter: ir.Chapter, parts: _Parts) -> None:
    _narrative(reader, chapter)


def _budget_chapter(reader: _Reader, chapter: ir.Chapter, parts: _Parts) -> None:
    _narrative(reader, chapter)
    rows = _table_part(reader, chapter, "budget_table", "預決算表")
    parts.budget = _budget_table(reader, rows)
    _narrative(reader, chapter, after_table=True)
    rows = _table_part(reader, chapter, "headcount_table", "機關實際員額表")
    parts.headcount = _headcount_table(reader, rows)
    _narrative(reader, chapter, after_table=True)


def _goals_chapter(reader: _Reader, chapter: ir.Chapter, parts: _Parts) -> None:
    _narrative(reader, chapter, stop=GOAL_HEADING.match)
    reader.require(GOAL_HEADING.match, "「（一）關鍵策略目標：」")
    _placeholder(reader, chapter, "goals")
    parts.goals = _goals(reader)
    _narrative(reader, chapter)
    rows = _table_part(reader, chapter, "program_costs", "關鍵績效指標相關計畫活動之成本表")
    parts.program_costs = _program_cost_table(reader, rows)
    _narrative(reader, chapter, stop=SHORTFALLS_HEADING.match, after_table=True)
    heading = reader.expect(SHORTFALLS_HEADING.match, "「三、未達目標項目檢討」")
    chapter.blocks.append(ir.Block("paragraph", heading.text, heading.line))
    _placeholder(reader, chapter, "shortfalls")
    parts.shortfalls = _shortfalls(reader)


def _assessment_chapter(reader: _Reader, chapter: ir.Chapter, parts: _Parts) -> None:
    _narrative(reader, chapter)
    rows = _table_part(reader, chapter, "light_table", "各關鍵績效指標燈號表")
    parts.light_table = _light_table(reader, rows)
    _narrative(reader, chapter, after_table=True)
    rows = _table_part(reader, chapter, "light_statistics", "績效燈號統計表")
    parts.light_statistics = _light_statistics(reader, rows)
    _narrative(reader, chapter, after_table=True)


def _recommendations_chapter(reader: _Reader, chapter: ir.Chapter, parts: _Parts) -> None:
    _placeholder(reader, chapter, "recommendations")
    while reader.next_in_chapter() is not None:
        parts.recommendations.append(_recommendation(reader))


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


# --- table shapes ---------------------------------------------------------------------------


def _header_row(reader: _Reader, rows: list[Row], index: int, first: str, what: str) -> Row:
    """Header row `index` of a table, whose first cell must read `first`."""
    if index >= len(rows):
        reader.fail(f"{what}的表頭「{first}」列")
    row = rows[index]
    if row[0].text != first:
        reader.fail_at(row[0].line, f"預期{what}的表頭「{first}」，卻是「{_short(row[0].text)}」")
    return row


def _years(reader: _Reader, cells: Row, pattern: re.Pattern[str], what: str) -> list[int]:
    years: list[int] = []
    for cell in cells:
        match = pattern.match(cell.text)
        if match is None:
            reader.fail_at(cell.line, f"預期{what}表頭的年度，卻是「{_short(cell.text)}」")
        years.append(int(match[1]))
    if not years:
        reader.fail_at(cells[0].line if cells else reader.line, f"預期{what}表頭有年度")
    return years


def _check_width(reader: _Reader, row: Row, width: int, what: str) -> Row:
    if len(row) != width:
        reader.fail_at(row[0].line, f"預期{what}每列 {width} 格，這一列卻有 {len(row)} 格")
    return row


def _budget_table(reader: _Reader, rows: list[Row]) -> ir.BudgetTable:
    what = "預決算表"
    header = _header_row(reader, rows, 0, "項目", what)
    years = _years(reader, header[2:], YEAR, what)
    body = [_check_width(reader, row, 2 + len(years), what) for row in rows[1:]]
    budget_rows = [ir.BudgetRow(fund=row[0], measure=row[1], values=row[2:]) for row in body]
    return ir.BudgetTable(header=header, years=years, rows=budget_rows)


def _headcount_table(reader: _Reader, rows: list[Row]) -> ir.HeadcountTable:
    what = "機關實際員額表"
    header = _header_row(reader, rows, 0, "年度", what)
    years = _years(reader, header[1:], YEAR, what)
    body = [_check_width(reader, row, 1 + len(years), what) for row in rows[1:]]
    headcount_rows = [ir.HeadcountRow(label=row[0], values=row[1:]) for row in body]
    return ir.HeadcountTable(header=header, years=years, rows=headcount_rows)


def _program_cost_table(reader: _Reader, rows: list[Row]) -> ir.ProgramCostTable:
    what = "計畫活動成本表"
    first = _header_row(reader, rows, 0, "關鍵策略目標", what)
    years = _years(reader, first[2:-1], YEAR_SUFFIXED, what)
    width = 3 + 2 * len(years)
    second = _check_width(reader, _header_row(reader, rows, 1, "", what), width, what)
    body = [_program_cost_row(reader, row, width) for row in rows[2:]]
    return ir.ProgramCostTable(header=[first, second], years=years, rows=body)


def _program_cost_row(reader: _Reader, row: Row, width: int) -> ir.ProgramCostRow:
    if row[0].text == "合計" and len(row) == width - 1:
        # 合計 spans the goal and program columns: the export prints no program cell.
        row = [row[0], ir.Cell("", row[0].line), *row[1:]]
    _check_width(reader, row, width, "計畫活動成本表")
    kind = "total" if row[0].text == "合計" else "subtotal" if row[1].text == "小計" else "program"
    values = row[2:-1]
    return ir.ProgramCostRow(
        kind=kind,
        goal=row[0],
        program=row[1],
        budgets=values[0::2],
        progress=values[1::2],
        kpi=row[-1],
    )


def _light_table(reader: _Reader, rows: list[Row]) -> ir.LightTable:
    what = "各關鍵績效指標燈號表"
    header = _header_row(reader, rows, 0, "關鍵策略目標", what)
    body = [_check_width(reader, row, 6, what) for row in rows[1:]]
    return ir.LightTable(header=header, rows=[ir.LightTableRow(*row) for row in body])


def _light_statistics(reader: _Reader, rows: list[Row]) -> ir.LightStatistics:
    what = "績效燈號統計表"
    first = _header_row(reader, rows, 0, "構面", what)
    years = _years(reader, first[2:], YEAR, what)
    second = _header_row(reader, rows, 1, "關鍵策略目標", what)
    body = [_statistics_row(reader, row, 3 + 2 * len(years)) for row in rows[2:]]
    return ir.LightStatistics(header=[first, second], years=years, rows=body)


def _statistics_row(reader: _Reader, row: Row, width: int) -> ir.LightStatisticsRow:
    _check_width(reader, row, width, "績效燈號統計表")
    if row[0].text:  # the merged 構面 column: blank on every row, and not stored
        reader.fail_at(row[0].line, f"預期統計表「構面」欄空白，卻是「{_short(row[0].text)}」")
    return ir.LightStatisticsRow(light=row[1], stage=row[2], counts=row[3::2], percents=row[4::2])


# --- goals and KPIs -------------------------------------------------------------------------


def _ends_kpi(line: str) -> bool:
    return any(p.match(line) for p in (GOAL_HEADING, KPI_HEADING, SECTION_HEADING))


def _ends_standard(line: str) -> bool:
    return line.startswith(ANALYSIS_LABEL) or _ends_kpi(line)


def _goals(reader: _Reader) -> list[ir.Goal]:
    goals: list[ir.Goal] = []
    while (line := reader.next_in_chapter()) is not None and GOAL_HEADING.match(line):
        goals.append(_goal(reader))
    return goals


def _goal(reader: _Reader) -> ir.Goal:
    heading = reader.expect(GOAL_HEADING.match, "「關鍵策略目標：」")
    match = _match(GOAL_HEADING, heading.text)
    goal = ir.Goal(label=match[1], name=match[2], line=heading.line)
    while (line := reader.next_in_chapter()) is not None and KPI_HEADING.match(line):
        goal.kpis.append(_kpi(reader))
    if not goal.kpis:
        reader.fail("「１、關鍵績效指標：」")
    return goal


def _kpi(reader: _Reader) -> ir.Kpi:
    heading = reader.expect(KPI_HEADING.match, "「關鍵績效指標：」")
    match = _match(KPI_HEADING, heading.text)
    line = reader.next_in_chapter()
    if line is None or not _is_cell(line):
        reader.fail(f"「{match[2]}」的 KPI 表格")
    row_labels, columns = _kpi_table(reader, reader.table())
    note = reader.next_in_chapter()
    table_note = reader.take() if note is not None and note.startswith("---表示") else ""
    standard = _labelled_lines(reader, "衡量標準：", _ends_standard)
    analysis = _labelled_lines(reader, ANALYSIS_LABEL, _ends_kpi)
    return ir.Kpi(
        label=match[1],
        name=match[2],
        line=heading.line,
        row_labels=row_labels,
        columns=columns,
        table_note=table_note,
        standard_detail="\n".join(standard),
        analysis=analysis,
    )


def _kpi_table(reader: _Reader, rows: list[Row]) -> tuple[Row, list[ir.KpiYearColumn]]:
    header = _header_row(reader, rows, 0, "項目", "KPI 表格")
    years = _years(reader, header[1:], YEAR_SUFFIXED, "KPI 表格")
    body = [
        _kpi_row(reader, rows, index, label, len(header)) for index, label in enumerate(KPI_ROWS)
    ]
    if len(rows) > len(KPI_ROWS) + 1:
        extra = rows[len(KPI_ROWS) + 1][0]
        message = f"預期 KPI 表格在「複核結果」列之後結束，卻還有「{_short(extra.text)}」列"
        reader.fail_at(extra.line, message)
    columns = [
        ir.KpiYearColumn(year, header[i], *(row[i] for row in body))
        for i, year in enumerate(years, start=1)
    ]
    return [header[0], *(row[0] for row in body)], columns


def _kpi_row(reader: _Reader, rows: list[Row], index: int, label: str, width: int) -> Row:
    if index + 1 >= len(rows):
        reader.skip_noise()
        reader.fail(f"KPI 表格的「{label}」列")
    row = rows[index + 1]
    if row[0].text != label:
        reader.fail_at(row[0].line, f"預期 KPI 表格的「{label}」列，卻是「{_short(row[0].text)}」")
    return _check_width(reader, row, width, "KPI 表格")


# --- shortfalls and recommendations ---------------------------------------------------------


def _starts_shortfall(line: str) -> bool:
    return line.startswith("關鍵績效指標：") or GOAL_HEADING.match(line) is not None


def _shortfalls(reader: _Reader) -> list[ir.Shortfall]:
    shortfalls: list[ir.Shortfall] = []
    while reader.next_in_chapter() is not None:
        shortfalls.append(_shortfall(reader))
    return shortfalls


def _shortfall(reader: _Reader) -> ir.Shortfall:
    line = reader.next_in_chapter()
    goal_heading = reader.take() if line is not None and GOAL_HEADING.match(line) else None
    kpi_name = _labelled(reader, "關鍵績效指標：").text
    standard = _labelled_lines(reader, "衡量標準：", _starts("原訂目標值："))
    target = _labelled(reader, "原訂目標值：")
    actual = _labelled(reader, "實際值：")
    gap = _labelled(reader, "達成度差異值：")
    reason = _labelled_lines(reader, "未達成原因分析暨因應策略：", _starts_shortfall)
    return ir.Shortfall(
        goal_heading=goal_heading,
        kpi_name=kpi_name,
        standard="\n".join(standard),
        target=target,
        actual=actual,
        gap=gap,
        reason=reason,
    )


def _recommendation(reader: _Reader) -> ir.Recommendation:
    item = reader.expect(SECTION_HEADING.match, "建議事項（如「一、…」）")
    match = _match(SECTION_HEADING, item.text)
    first = _labelled(reader, "答：")
    answer = [first.text, *_lines_until(reader, SECTION_HEADING.match)]
    return ir.Recommendation(label=match[1], text=match[2], answer=answer, line=item.line)
