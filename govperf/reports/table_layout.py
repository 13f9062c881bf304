"""How a report table is laid out on paper, decided once for every paged format (PDF, DOCX, ODT).

Column widths, each cell's alignment and fill, the header rows a continued table repeats, and the
text a light cell prints: the renderers only translate this plan into their own markup.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from govperf.domain.lights import Light
from govperf.reports.document import Cell, Table

TABLE_PT = 9.0  # the tables' text size in every paged format
EM_CM = TABLE_PT / 72 * 2.54  # one em of that text
TEXT_WIDTH_CM = 17.0  # A4 less 2 × 2 cm margins
CELL_PADDING_EM = 1.2  # 4 pt inset each side, a border, and a margin for the estimate
UNBROKEN_EM = 6.0  # a cell no wider keeps to one line: a figure, a light, a short header
HEADER_LINE_EM = 4.5  # a longer header may take two lines
MIN_COLUMN_EM = 2.0
NARROW_CHAR_EM = 0.6  # Noto CJK's Latin letters and digits are about 0.55 em
THIN_CHARS = frozenset(",.:;'|!il ")
THIN_CHAR_EM = 0.35  # they are about 0.25 em
FIGURE = re.compile(r"^[-+−]?\d[\d,]*(\.\d+)?\s*[%％]?$")

Align = Literal["left", "center", "right"]
Fill = Literal["head", "side", "green", "yellow", "red", "white", ""]
# Fills as RGB hex: pale enough that black text keeps well over 4.5:1 contrast.
FILL_COLOURS: dict[str, str] = {
    "head": "E8E8E8",
    "side": "F4F4F4",
    "green": "D9F2D6",
    "yellow": "FFF2B8",
    "red": "FBD9D6",
    "white": "FFFFFF",
}


@dataclass(frozen=True)
class CellLayout:
    """One printed cell: where it sits, what it prints, and how."""

    row: int
    column: int
    cell: Cell
    text: str
    align: Align
    fill: Fill
    bold: bool


def cell_text(cell: Cell) -> str:
    """A light as symbol and word (★ 綠燈), never the symbol alone; any other cell as printed."""
    if cell.light is not None:
        return f"{cell.light.symbol} {cell.light.label_zh}"
    return cell.text


def column_count(table: Table) -> int:
    return max((sum(cell.colspan for cell in row) for row in table.rows), default=0)


def repeated_header_rows(table: Table) -> int:
    """The header rows a continued table repeats: those no merged header cell reaches below."""
    count = min(table.header_rows, len(table.rows))
    while count and any(
        index + cell.rowspan > count
        for index, row in enumerate(table.rows[:count])
        for cell in row
        if not cell.covered
    ):
        count -= 1
    return count


def row_groups(table: Table) -> list[range]:
    """The body rows that must stay on one page together: a row, or the rows a merged cell spans
    (a budget fund's 預算/決算/執行率, a goal's KPIs), so a page never breaks inside a merge."""
    groups: list[range] = []
    start = repeated_header_rows(table)
    end = start
    for index in range(start, len(table.rows)):
        spans = [index + cell.rowspan for cell in table.rows[index] if not cell.covered]
        end = max(end, index + 1, *spans)
        if index + 1 == end:
            groups.append(range(start, end))
            start = end
    return groups


def cells_laid_out(table: Table) -> list[list[CellLayout]]:
    """Every printed (not covered) cell of each row with its position, text, alignment and fill."""
    return [
        [
            _cell_layout(table, index, column, cell)
            for column, cell in _positions(row)
            if not cell.covered
        ]
        for index, row in enumerate(table.rows)
    ]


def _positions(row: tuple[Cell, ...]) -> list[tuple[int, Cell]]:
    positions, column = [], 0
    for cell in row:
        positions.append((column, cell))
        column += cell.colspan
    return positions


def _cell_layout(table: Table, row: int, column: int, cell: Cell) -> CellLayout:
    head = row < table.header_rows
    side = column < table.header_columns and not head
    return CellLayout(
        row=row,
        column=column,
        cell=cell,
        text=cell_text(cell),
        align=_align(cell, head=head, side=side),
        fill=_fill(cell, head=head, side=side),
        bold=head,
    )


def _align(cell: Cell, *, head: bool, side: bool) -> Align:
    if head or cell.light is not None:
        return "center"
    if is_figure(cell.text):
        return "right"
    if not side and "\n" not in cell.text and text_width(cell.text) <= HEADER_LINE_EM:
        return "center"  # 「--」「---」「人次」: a short mark, centred like the lights
    return "left"


def _fill(cell: Cell, *, head: bool, side: bool) -> Fill:
    if head:
        return "head"
    if cell.light is not None:
        return cell.light.value
    return "side" if side and cell.text.strip() else ""


def is_figure(text: str) -> bool:
    """A number as printed: 「24,327」「94.49%」「-3」."""
    return FIGURE.match(text.strip()) is not None


def light_fill(light: Light) -> str:
    return FILL_COLOURS[light.value]


# --- column widths --------------------------------------------------------------------------


def column_widths(table: Table, total_cm: float = TEXT_WIDTH_CM) -> list[float]:
    """Column widths in cm adding up to `total_cm`.

    Each column has a minimum (its widest cell that must not wrap: a figure, a light, a short
    header such as 「複核」) and a natural width (its longest line). When the natural widths fit,
    they grow in proportion; otherwise every column gets the same share clamped between its
    minimum and natural width (a browser's auto layout): figures and lights stay on one line and
    long names wrap."""
    minimum, natural = _column_needs(table)
    if not natural:
        return []
    padding = CELL_PADDING_EM * EM_CM
    low = [width * EM_CM + padding for width in minimum]
    high = [width * EM_CM + padding for width in natural]
    if sum(high) <= total_cm:
        return [total_cm * width / sum(high) for width in high]
    if sum(low) >= total_cm:
        return [total_cm * width / sum(low) for width in low]
    share = _share(low, high, total_cm)
    return [min(max(share, lo), hi) for lo, hi in zip(low, high, strict=True)]


def _share(low: list[float], high: list[float], total: float) -> float:
    """The share s with Σ clamp(s, low, high) = total (bisection: the sum grows with s)."""
    below, above = 0.0, total
    for _ in range(60):
        middle = (below + above) / 2
        used = sum(min(max(middle, lo), hi) for lo, hi in zip(low, high, strict=True))
        below, above = (middle, above) if used < total else (below, middle)
    return (below + above) / 2


def _column_needs(table: Table) -> tuple[list[float], list[float]]:
    """Per column, in ems: the widest unbreakable cell and the longest line (a long header's
    counts half: it may take two lines); cells merged across columns are left out."""
    count = column_count(table)
    minimum, natural = [MIN_COLUMN_EM] * count, [MIN_COLUMN_EM] * count
    for index, row in enumerate(table.rows):
        for column, cell in _positions(row):
            if cell.colspan != 1 or cell.covered:
                continue
            text = cell_text(cell)
            widest = text_width(text)
            if widest <= UNBROKEN_EM and "\n" not in text:
                minimum[column] = max(minimum[column], widest)
            if index < table.header_rows and widest > HEADER_LINE_EM:
                widest = max(HEADER_LINE_EM, widest / 2)
            natural[column] = max(natural[column], widest)
    return minimum, natural


def text_width(text: str) -> float:
    """The widest line of `text` in ems: full-width characters 1, Latin letters and digits less."""
    return max((sum(map(_char_width, line)) for line in text.split("\n")), default=0.0)


def _char_width(char: str) -> float:
    if char in THIN_CHARS:
        return THIN_CHAR_EM
    return 1.0 if unicodedata.east_asian_width(char) in "FWA" else NARROW_CHAR_EM


# --- runs of rows that fit on a page ----------------------------------------------------------

LINE_CM = 1.6 * EM_CM  # a line of table text with its leading, rounded up
ROW_PADDING_CM = 8 / 72 * 2.54  # 4 pt inset above and below


def row_heights(table: Table) -> list[float]:
    """Each row's height in cm as estimated from the column widths (cells merged over several
    rows are left out): enough to tell which rows fit on a page, not to place them."""
    widths = column_widths(table)
    padding = CELL_PADDING_EM * EM_CM
    heights = []
    for row in table.rows:
        lines = [
            _lines(cell_text(cell), sum(widths[column : column + cell.colspan]) - padding)
            for column, cell in _positions(row)
            if not cell.covered and cell.rowspan == 1
        ]
        heights.append(max(lines, default=1) * LINE_CM + ROW_PADDING_CM)
    return heights


def _lines(text: str, width_cm: float) -> int:
    return sum(
        max(1, math.ceil(text_width(line) * EM_CM / max(width_cm, EM_CM)))
        for line in text.split("\n")
    )


def page_runs(table: Table, page_cm: float) -> list[range]:
    """The body rows printed together on one page: each of `row_groups`, and a group taller than
    a page (less its repeated header) cut into runs that fit, where no inner merge is cut if it
    can be helped; a renderer prints the group's merged label again at the top of each run."""
    heights = row_heights(table)
    room = page_cm - sum(heights[: repeated_header_rows(table)])
    runs: list[range] = []
    for group in row_groups(table):
        if sum(heights[index] for index in group) <= room:
            runs.append(group)
        else:
            runs.extend(_cut(table, group, heights, room))
    return runs


def _cut(table: Table, group: range, heights: list[float], room: float) -> list[range]:
    clean = [row for row in group[1:] if _uncut(table, group, row)]
    runs, start, used = [], group.start, 0.0
    for row in group:
        used += heights[row]
        if used > room and row > start:
            stop = max((cut for cut in clean if start < cut <= row), default=row)
            runs.append(range(start, stop))
            start, used = stop, sum(heights[stop : row + 1])
    runs.append(range(start, group.stop))
    return runs


def _uncut(table: Table, group: range, row: int) -> bool:
    """No merged cell but the group's own labels (those starting at its first row) spans `row`'s
    top edge."""
    return not any(
        index < row < index + cell.rowspan
        for index in range(group.start + 1, row)
        for cell in table.rows[index]
        if not cell.covered
    )
