"""The fixed tables of a text export: budget, headcount, program costs and lights."""

from __future__ import annotations

import re

from govperf.imports import ir
from govperf.imports.text_reader import Reader, Row, short

YEAR = re.compile(r"^(\d+)$")
YEAR_SUFFIXED = re.compile(r"^(\d+)年度$")


# --- table shapes ---------------------------------------------------------------------------


def header_row(reader: Reader, rows: list[Row], index: int, first: str, what: str) -> Row:
    """Header row `index` of a table, whose first cell must read `first`."""
    if index >= len(rows):
        reader.fail(f"{what}的表頭「{first}」列")
    row = rows[index]
    if row[0].text != first:
        reader.fail_at(row[0].line, f"預期{what}的表頭「{first}」，卻是「{short(row[0].text)}」")
    return row


def years_of(reader: Reader, cells: Row, pattern: re.Pattern[str], what: str) -> list[int]:
    """The years a header's cells name, each matched by `pattern`; at least one."""
    years: list[int] = []
    for cell in cells:
        match = pattern.match(cell.text)
        if match is None:
            reader.fail_at(cell.line, f"預期{what}表頭的年度，卻是「{short(cell.text)}」")
        years.append(int(match[1]))
    if not years:
        reader.fail_at(cells[0].line if cells else reader.line, f"預期{what}表頭有年度")
    return years


def check_width(reader: Reader, row: Row, width: int, what: str) -> Row:
    if len(row) != width:
        reader.fail_at(row[0].line, f"預期{what}每列 {width} 格，這一列卻有 {len(row)} 格")
    return row


# --- budget and headcount (chapter 貳) and program costs (chapter 參) ---------------------------


def budget_table(reader: Reader, rows: list[Row]) -> ir.BudgetTable:
    what = "預決算表"
    header = header_row(reader, rows, 0, "項目", what)
    years = years_of(reader, header[2:], YEAR, what)
    body = [check_width(reader, row, 2 + len(years), what) for row in rows[1:]]
    budget_rows = [ir.BudgetRow(fund=row[0], measure=row[1], values=row[2:]) for row in body]
    return ir.BudgetTable(header=header, years=years, rows=budget_rows)


def headcount_table(reader: Reader, rows: list[Row]) -> ir.HeadcountTable:
    what = "機關實際員額表"
    header = header_row(reader, rows, 0, "年度", what)
    years = years_of(reader, header[1:], YEAR, what)
    body = [check_width(reader, row, 1 + len(years), what) for row in rows[1:]]
    headcount_rows = [ir.HeadcountRow(label=row[0], values=row[1:]) for row in body]
    return ir.HeadcountTable(header=header, years=years, rows=headcount_rows)


def program_cost_table(reader: Reader, rows: list[Row]) -> ir.ProgramCostTable:
    what = "計畫活動成本表"
    first = header_row(reader, rows, 0, "關鍵策略目標", what)
    years = years_of(reader, first[2:-1], YEAR_SUFFIXED, what)
    width = 3 + 2 * len(years)
    second = check_width(reader, header_row(reader, rows, 1, "", what), width, what)
    body = [_program_cost_row(reader, row, width) for row in rows[2:]]
    return ir.ProgramCostTable(header=[first, second], years=years, rows=body)


def _program_cost_row(reader: Reader, row: Row, width: int) -> ir.ProgramCostRow:
    if row[0].text == "合計" and len(row) == width - 1:
        # 合計 spans the goal and program columns: the export prints no program cell.
        row = [row[0], ir.Cell("", row[0].line), *row[1:]]
    check_width(reader, row, width, "計畫活動成本表")
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


# --- lights (chapter 伍) ----------------------------------------------------------------------


def light_table(reader: Reader, rows: list[Row]) -> ir.LightTable:
    what = "各關鍵績效指標燈號表"
    header = header_row(reader, rows, 0, "關鍵策略目標", what)
    body = [check_width(reader, row, 6, what) for row in rows[1:]]
    return ir.LightTable(header=header, rows=[ir.LightTableRow(*row) for row in body])


def light_statistics(reader: Reader, rows: list[Row]) -> ir.LightStatistics:
    what = "績效燈號統計表"
    first = header_row(reader, rows, 0, "構面", what)
    years = years_of(reader, first[2:], YEAR, what)
    second = header_row(reader, rows, 1, "關鍵策略目標", what)
    body = [_statistics_row(reader, row, 3 + 2 * len(years)) for row in rows[2:]]
    return ir.LightStatistics(header=[first, second], years=years, rows=body)


def _statistics_row(reader: Reader, row: Row, width: int) -> ir.LightStatisticsRow:
    check_width(reader, row, width, "績效燈號統計表")
    if row[0].text:  # the merged 構面 column: blank on every row, and not stored
        reader.fail_at(row[0].line, f"預期統計表「構面」欄空白，卻是「{short(row[0].text)}」")
    return ir.LightStatisticsRow(light=row[1], stage=row[2], counts=row[3::2], percents=row[4::2])
