"""Build the format-neutral document of a cycle's 施政績效報告 from the stored data, as printed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from itertools import groupby
from operator import attrgetter
from typing import TypeVar

from govperf.domain.lights import Light, LightParseError, parse_light
from govperf.evaluation.models import Cycle, CycleKpi, KpiYear
from govperf.finance.models import ProgramCost
from govperf.narrative import layouts
from govperf.narrative.models import Block as StoredBlock
from govperf.reports.chart import BudgetTrend
from govperf.reports.document import Block, Cell, Document, Heading, Image, Paragraph, Table
from govperf.reports.selectors import cycle_for_report

T = TypeVar("T")
Rows = list[list[Cell]]

# Narrative lines numbered 一、 and （一） are headings of levels 3 and 4 when they read as one:
# no sentence (。), nothing after a colon (「一、亞太事務：」, not 「十、外館購置事務：駐洛…」).
NUMBERING = (
    (re.compile(r"^[一二三四五六七八九十]+、"), 3),
    (re.compile(r"^（[一二三四五六七八九十]+）"), 4),
)
BUDGET_CHAPTER = "budget"  # 貳: its picture is the 4-year budget trend chart
TOTAL_FUND = "合計"
UNIT_LINE = re.compile(r"^\S{0,10}單位：\S+$")  # 單位：千元 above a table


# What data a person typed can make a part fail with (a missing row, a value of the wrong kind).
PART_FAILURES = (ValueError, ArithmeticError, LookupError, TypeError, AttributeError)


class ReportPartError(ValueError):
    """A part of the report could not be built from the data: `part` names it as printed
    (「參、關鍵策略目標達成情形」), `cause` says what went wrong."""

    def __init__(self, part: str, cause: Exception) -> None:
        super().__init__(f"{part}：{cause}")
        self.part, self.cause = part, cause


def document_build(cycle: Cycle) -> Document:
    """The report of `cycle`: every chapter, with each structured part where its chapter has it.
    A chapter whose data cannot be laid out raises ReportPartError naming that chapter."""
    cycle = cycle_for_report(cycle=cycle)
    blocks: list[Block] = []
    for chapter in _chapters(cycle):
        heading = f"{chapter.numeral}、{chapter.title}"
        blocks.append(Heading(2, heading))
        try:
            for item in chapter.items:
                blocks.extend(_blocks(cycle, chapter.key, item, blocks))
        except PART_FAILURES as error:
            raise ReportPartError(heading, error) from error
    return Document(
        agency=cycle.agency.name,
        title=cycle.title,
        published_on_text=cycle.published_on_text,
        blocks=tuple(blocks),
    )


def document_build_draft(cycle: Cycle) -> Document:
    """The report of `cycle` as it would be published now, marked 草稿 on every page."""
    return replace(document_build(cycle), draft=True)


def _chapters(cycle: Cycle) -> tuple[layouts.Chapter, ...]:
    """The cycle's stored chapters; a cycle with none yet (being prepared) gets its layout's:
    headings, chart and parts, with no narrative until the units write it."""
    stored = tuple(
        layouts.Chapter(
            chapter.key,
            chapter.numeral,
            chapter.title,
            tuple(layouts.Item(block.kind, block.text) for block in chapter.blocks.all()),
        )
        for chapter in cycle.chapters.all()
    )
    return stored or layouts.layout_chapters(cycle.layout, cycle.year)


def _blocks(cycle: Cycle, chapter: str, item: layouts.Item, before: list[Block]) -> list[Block]:
    if item.kind == StoredBlock.Kind.PLACEHOLDER:
        part = PARTS.get(item.text)
        if part is None:
            raise ValueError(f"{cycle} 的章節含有不明的表格位置「{item.text}」")
        rows = TABLE_ROWS.get(item.text)
        if rows is not None and not getattr(cycle, rows).all():
            return []  # a table with no data yet (a cycle being prepared) is left out
        return part(cycle, _caption(before))
    if item.kind == StoredBlock.Kind.IMAGE:
        chart = chapter == BUDGET_CHAPTER
        return [Image(item.text, trend=_budget_trend(cycle) if chart else None)]
    if item.kind == StoredBlock.Kind.FOOTNOTE:
        return [Paragraph(item.text, style="footnote")]
    return [_paragraph(item.text)]


def _budget_trend(cycle: Cycle) -> BudgetTrend | None:
    """Budget and final accounts of all funds (合計) per year, for the trend chart; None when
    there are no figures yet."""
    amounts = {
        (figure.year, figure.measure): figure.value or Decimal(0)
        for figure in cycle.budget_figures.all()
        if figure.fund == TOTAL_FUND
    }
    years = sorted({year for year, _measure in amounts})
    if not years:
        return None
    return BudgetTrend(
        years=years,
        budget=[amounts.get((year, "budget"), Decimal(0)) for year in years],
        final=[amounts.get((year, "final"), Decimal(0)) for year in years],
    )


def _paragraph(text: str) -> Heading | Paragraph:
    level = _heading_level(text)
    if level is not None:
        return Heading(level, text)
    return Paragraph(text, style="caption" if UNIT_LINE.match(text) else "normal")


def _heading_level(text: str) -> int | None:
    line = text.rstrip()
    if line.endswith("。") or ("：" in line and not line.endswith("：")):
        return None
    return next((level for pattern, level in NUMBERING if pattern.match(line)), None)


def _caption(before: list[Block]) -> str:
    """A table's caption: the last heading before it, without its numbering or final colon."""
    heading = next((block for block in reversed(before) if isinstance(block, Heading)), None)
    if heading is None:
        return ""
    text = heading.text
    for pattern, _ in NUMBERING:
        text = pattern.sub("", text)
    return text.removesuffix("：")


# --- table helpers --------------------------------------------------------------------------


def _cells(texts: Iterable[str]) -> list[Cell]:
    return [Cell(text) for text in texts]


def _table(rows: Rows, caption: str, header_rows: int = 1, header_columns: int = 1) -> Table:
    return Table(tuple(tuple(row) for row in rows), header_rows, header_columns, caption)


def _merge_down(rows: Rows, position: int, start: int, stop: int | None = None) -> None:
    """Blank cells at `position` below a printed one (rows start…stop) continue it: merged."""
    owner = start
    for index in range(start + 1, len(rows) if stop is None else stop):
        above, cell = rows[owner][position], rows[index][position]
        if cell.text or not above.text:
            owner = index
            continue
        rows[owner][position] = replace(above, rowspan=above.rowspan + 1)
        rows[index][position] = replace(cell, covered=True, colspan=above.colspan)


def _by_position(items: Iterable[T]) -> list[list[T]]:
    """Cells stored one per row and year, grouped into rows (they come ordered by position)."""
    return [list(group) for _, group in groupby(items, key=attrgetter("position"))]


def _light(text: str) -> Light | None:
    try:
        return parse_light(text)
    except LightParseError:
        return None


def _light_cell(text: str, light: str | None = None) -> Cell:
    return Cell(text, light=Light(light) if light else _light(text))


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _labelled(label: str, text: str) -> list[Block]:
    """「label」 on a line of its own, then the text's lines, as the report prints them."""
    return [Paragraph("", label=label), *(Paragraph(line) for line in _lines(text))]


# --- budget and headcount -------------------------------------------------------------------


def _budget_table(cycle: Cycle, caption: str) -> list[Block]:
    rows = [_cells(cycle.table_headers.get("budget", []))]
    for row in _by_position(cycle.budget_figures.all()):
        rows.append(_cells([row[0].fund_text, row[0].measure_text, *(f.text for f in row)]))
    _merge_down(rows, 0, start=1)  # a fund's name spans its 預算, 決算 and 執行率 rows
    return [_table(rows, caption, header_columns=2)]


def _headcount_table(cycle: Cycle, caption: str) -> list[Block]:
    rows = [_cells(cycle.table_headers.get("headcount", []))]
    for row in _by_position(cycle.headcount_figures.all()):
        rows.append(_cells([row[0].label, *(figure.text for figure in row)]))
    return [_table(rows, caption)]


# --- goals and KPIs -------------------------------------------------------------------------


def _goals(cycle: Cycle, caption: str) -> list[Block]:
    blocks: list[Block] = []
    for goal in cycle.goals.all():
        blocks.append(Heading(4, f"{goal.label}關鍵策略目標：{goal.name}"))
        for cycle_kpi in goal.cycle_kpis.all():
            blocks.extend(_kpi(cycle_kpi, cycle.year))
    return blocks


def _kpi(cycle_kpi: CycleKpi, year: int) -> list[Block]:
    """A KPI as the report prints it: heading, 4-year table, table note, standard, analysis."""
    years = list(cycle_kpi.years.all())
    current = next((column for column in years if column.year == year), None)
    blocks: list[Block] = [
        Heading(5, f"{cycle_kpi.label}、關鍵績效指標：{cycle_kpi.kpi.name}"),
        _kpi_table(cycle_kpi, years),
    ]
    if cycle_kpi.table_note:
        blocks.append(Paragraph(cycle_kpi.table_note, style="footnote"))
    blocks.extend(_labelled("衡量標準：", current.standard_detail if current else ""))
    blocks.extend(_labelled("績效衡量暨達成情形分析：", current.analysis if current else ""))
    return blocks


def _target_text(year: KpiYear) -> str:
    """The target as printed; an approved revision beside the original: 90％（修正後：85％）."""
    if year.revised_target_text:
        return f"{year.target_text}（修正後：{year.revised_target_text}）"
    return str(year.target_text)


def _kpi_table(cycle_kpi: CycleKpi, years: list[KpiYear]) -> Table:
    columns = [
        [Cell(column.header_text) for column in years],
        [Cell(column.measurement_standard) for column in years],
        [Cell(_target_text(column)) for column in years],
        [Cell(column.actual_text) for column in years],
        [Cell(column.achievement_text) for column in years],
        [_light_cell(column.initial_light_text, column.initial_light) for column in years],
        [_light_cell(column.review_light_text, column.review_light) for column in years],
    ]
    labels = _cells(cycle_kpi.row_labels)
    rows = [[label, *cells] for label, cells in zip(labels, columns, strict=True)]
    return _table(rows, cycle_kpi.kpi.name)


# --- program costs and shortfalls -----------------------------------------------------------


def _program_costs(cycle: Cycle, caption: str) -> list[Block]:
    first, second = cycle.table_headers.get("program_costs", [[], []])
    # Each year spans its 預算數 and 預算執行進度(%) columns; the other headers span both rows.
    rows = [
        [*_cells(first[:2]), *(Cell(text, colspan=2) for text in first[2:-1]), *_cells(first[-1:])],
        _cells(second),
        *(_program_cost_row(cost) for cost in cycle.program_costs.all()),
    ]
    _merge_down(rows, 0, start=0)  # a goal spans its 小計 and program rows
    _merge_down(rows, 1, start=0, stop=2)
    _merge_down(rows, -1, start=0, stop=2)
    return [_table(rows, caption, header_rows=2, header_columns=2)]


def _program_cost_row(cost: ProgramCost) -> list[Cell]:
    values = [text for y in cost.years.all() for text in (y.budget_text, y.progress_text)]
    if cost.kind == ProgramCost.Kind.TOTAL:  # 合計 spans the goal and program columns
        names = [Cell(cost.goal_text, colspan=2)]
    else:
        names = _cells([cost.goal_text, cost.program_text])
    return [*names, *_cells(values), Cell(cost.kpi_text)]


def _shortfalls(cycle: Cycle, caption: str) -> list[Block]:
    blocks: list[Block] = []
    for entry in cycle.shortfalls.all():
        if entry.goal_heading:
            blocks.append(Heading(4, entry.goal_heading))
        blocks.append(Heading(5, f"關鍵績效指標：{entry.kpi_name}"))
        blocks.extend(_labelled("衡量標準：", entry.standard))
        blocks.append(Paragraph(entry.target_text, label="原訂目標值："))
        blocks.append(Paragraph(entry.actual_text, label="實際值："))
        blocks.append(Paragraph(entry.gap_text, label="達成度差異值："))
        blocks.extend(_labelled("未達成原因分析暨因應策略：", entry.kpi_year.missed_reason))
    return blocks


# --- lights and recommendations -------------------------------------------------------------


def _light_table(cycle: Cycle, caption: str) -> list[Block]:
    header = cycle.table_headers.get("light_table", [])
    # 關鍵策略目標 spans the goal's number and name: the header has fewer cells than a row.
    rows = [[Cell(text, colspan=max(1, 7 - len(header))) for text in header[:1]]]
    rows[0].extend(_cells(header[1:]))
    for row in cycle.light_rows.all():
        names = _cells([row.goal_number, row.goal_name, row.item, row.kpi_name])
        lights = [_light_cell(row.initial_light_text), _light_cell(row.review_light_text)]
        rows.append([*names, *lights])
    _merge_down(rows, 0, start=1)
    _merge_down(rows, 1, start=1)
    return [_table(rows, caption, header_columns=4)]


def _light_statistics(cycle: Cycle, caption: str) -> list[Block]:
    first, second = cycle.table_headers.get("light_statistics", [[], []])
    # 年度 and each year span two columns, as 燈號 does over a light's name and its stage
    rows = [
        [*_cells(first[:1]), *(Cell(text, colspan=2) for text in first[1:])],
        [*_cells(second[:1]), *(Cell(text, colspan=2) for text in second[1:2])],
    ]
    rows[1].extend(_cells(second[2:]))
    for row in _by_position(cycle.light_statistics.all()):
        values = [text for s in row for text in (s.count_text, s.percent_text)]
        rows.append(_cells(["", row[0].light_text, row[0].stage_text, *values]))
    _merge_down(rows, 0, start=1)  # 關鍵策略目標 (the 構面) spans every row below it
    _merge_down(rows, 1, start=2)  # a light spans its 初核 and 複核 rows
    return [_table(rows, caption, header_rows=2, header_columns=3)]


def _recommendations(cycle: Cycle, caption: str) -> list[Block]:
    blocks: list[Block] = []
    for item in cycle.recommendations.all():
        first, *rest = item.answer.split("\n")
        blocks.append(Paragraph(f"{item.label}、{item.text}"))
        blocks.append(Paragraph(first, label="答："))
        blocks.extend(Paragraph(line) for line in rest)
    return blocks


# The table parts, and the cycle's rows each is printed from: without rows, nothing is printed.
TABLE_ROWS = {
    "budget_table": "budget_figures",
    "headcount_table": "headcount_figures",
    "program_costs": "program_costs",
    "light_table": "light_rows",
    "light_statistics": "light_statistics",
}
PARTS: dict[str, Callable[[Cycle, str], list[Block]]] = {
    "budget_table": _budget_table,
    "headcount_table": _headcount_table,
    "goals": _goals,
    "program_costs": _program_costs,
    "shortfalls": _shortfalls,
    "light_table": _light_table,
    "light_statistics": _light_statistics,
    "recommendations": _recommendations,
}
