"""Chapter 參 of a text export: the goals with their KPI tables, and the shortfall reviews."""

from __future__ import annotations

import re

from govperf.imports import ir
from govperf.imports.text_reader import (
    GOAL_HEADING,
    SECTION_HEADING,
    Reader,
    Row,
    is_cell,
    labelled,
    labelled_lines,
    matched,
    short,
    starts,
)
from govperf.imports.text_tables import YEAR_SUFFIXED, check_width, header_row, years_of

KPI_HEADING = re.compile(r"^([０-９0-9]+)、關鍵績效指標：(.*)$")
KPI_ROWS = ("衡量標準", "原訂目標值", "實際值", "達成度", "初核結果", "複核結果")
ANALYSIS_LABEL = "績效衡量暨達成情形分析："


# --- goals and KPIs -------------------------------------------------------------------------


def _ends_kpi(line: str) -> bool:
    return any(p.match(line) for p in (GOAL_HEADING, KPI_HEADING, SECTION_HEADING))


def _ends_standard(line: str) -> bool:
    return line.startswith(ANALYSIS_LABEL) or _ends_kpi(line)


def goals(reader: Reader) -> list[ir.Goal]:
    """The goals (關鍵策略目標) from the current line on, each with its KPIs."""
    found: list[ir.Goal] = []
    while (line := reader.next_in_chapter()) is not None and GOAL_HEADING.match(line):
        found.append(_goal(reader))
    return found


def _goal(reader: Reader) -> ir.Goal:
    heading = reader.expect(GOAL_HEADING.match, "「關鍵策略目標：」")
    match = matched(GOAL_HEADING, heading.text)
    goal = ir.Goal(label=match[1], name=match[2], line=heading.line)
    while (line := reader.next_in_chapter()) is not None and KPI_HEADING.match(line):
        goal.kpis.append(_kpi(reader))
    if not goal.kpis:
        reader.fail("「１、關鍵績效指標：」")
    return goal


def _kpi(reader: Reader) -> ir.Kpi:
    heading = reader.expect(KPI_HEADING.match, "「關鍵績效指標：」")
    match = matched(KPI_HEADING, heading.text)
    line = reader.next_in_chapter()
    if line is None or not is_cell(line):
        reader.fail(f"「{match[2]}」的 KPI 表格")
    row_labels, columns = _kpi_table(reader, reader.table())
    note = reader.next_in_chapter()
    table_note = reader.take() if note is not None and note.startswith("---表示") else ""
    standard = labelled_lines(reader, "衡量標準：", _ends_standard)
    analysis = labelled_lines(reader, ANALYSIS_LABEL, _ends_kpi)
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


def _kpi_table(reader: Reader, rows: list[Row]) -> tuple[Row, list[ir.KpiYearColumn]]:
    header = header_row(reader, rows, 0, "項目", "KPI 表格")
    years = years_of(reader, header[1:], YEAR_SUFFIXED, "KPI 表格")
    body = [
        _kpi_row(reader, rows, index, label, len(header)) for index, label in enumerate(KPI_ROWS)
    ]
    if len(rows) > len(KPI_ROWS) + 1:
        extra = rows[len(KPI_ROWS) + 1][0]
        message = f"預期 KPI 表格在「複核結果」列之後結束，卻還有「{short(extra.text)}」列"
        reader.fail_at(extra.line, message)
    columns = [
        ir.KpiYearColumn(year, header[i], *(row[i] for row in body))
        for i, year in enumerate(years, start=1)
    ]
    return [header[0], *(row[0] for row in body)], columns


def _kpi_row(reader: Reader, rows: list[Row], index: int, label: str, width: int) -> Row:
    if index + 1 >= len(rows):
        reader.skip_noise()
        reader.fail(f"KPI 表格的「{label}」列")
    row = rows[index + 1]
    if row[0].text != label:
        reader.fail_at(row[0].line, f"預期 KPI 表格的「{label}」列，卻是「{short(row[0].text)}」")
    return check_width(reader, row, width, "KPI 表格")


# --- shortfalls (未達目標項目檢討) ------------------------------------------------------------


def _starts_shortfall(line: str) -> bool:
    return line.startswith("關鍵績效指標：") or GOAL_HEADING.match(line) is not None


def shortfalls(reader: Reader) -> list[ir.Shortfall]:
    """The reviews of the KPIs short of target, from the current line to the chapter's end."""
    found: list[ir.Shortfall] = []
    while reader.next_in_chapter() is not None:
        found.append(_shortfall(reader))
    return found


def _shortfall(reader: Reader) -> ir.Shortfall:
    line = reader.next_in_chapter()
    goal_heading = reader.take() if line is not None and GOAL_HEADING.match(line) else None
    kpi_name = labelled(reader, "關鍵績效指標：").text
    standard = labelled_lines(reader, "衡量標準：", starts("原訂目標值："))
    target = labelled(reader, "原訂目標值：")
    actual = labelled(reader, "實際值：")
    gap = labelled(reader, "達成度差異值：")
    reason = labelled_lines(reader, "未達成原因分析暨因應策略：", _starts_shortfall)
    return ir.Shortfall(
        goal_heading=goal_heading,
        kpi_name=kpi_name,
        standard="\n".join(standard),
        target=target,
        actual=actual,
        gap=gap,
        reason=reason,
    )
