"""A report table as WordprocessingML, translated from the one table plan (table_layout): fixed
column widths, fills, alignment, real merges, rows that never split and groups kept together."""

from __future__ import annotations

from itertools import pairwise

from govperf.reports.document import Table
from govperf.reports.docx_parts import TWIPS_PER_CM, esc, paragraph, run
from govperf.reports.docx_styles import BORDER
from govperf.reports.table_layout import (
    FILL_COLOURS,
    TEXT_WIDTH_CM,
    CellLayout,
    cells_laid_out,
    column_widths,
    page_runs,
    repeated_header_rows,
)

PAGE_BODY_CM = 29.7 - 2 * 2.0 - 1.0  # A4 less its margins, and a margin of error

BORDERS = "".join(
    f"<w:{side} {BORDER}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def twips(widths_cm: list[float]) -> list[int]:
    """Widths in twips whose sum is the rounded total (each edge rounded, not each width)."""
    edges, total = [0], 0.0
    for width in widths_cm:
        total += width
        edges.append(round(total * TWIPS_PER_CM))
    return [right - left for left, right in pairwise(edges)]


def kept_rows(table: Table, *, keep_last: bool) -> set[int]:
    """The rows whose paragraphs keep with the next row (Word's and LibreOffice's way of keeping
    rows on one page): the header rows, every row of a group but its last (of each run of a
    group taller than a page), and the table's last row when a note under the table should not
    be left alone on the next page."""
    kept = set(range(table.header_rows))
    for rows in page_runs(table, PAGE_BODY_CM):  # a group taller than a page: runs that fit
        kept.update(rows[:-1])
    if keep_last and table.rows:
        kept.add(len(table.rows) - 1)
    return kept


def table_xml(table: Table, *, keep_last: bool = False) -> str:
    """The table with its caption as alt text; a continued table repeats its header rows."""
    widths = twips(column_widths(table, TEXT_WIDTH_CM))
    caption = f'<w:tblCaption w:val="{esc(table.caption)}"/>' if table.caption else ""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    properties = (
        f'<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblBorders>{BORDERS}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
        f'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>{caption}</w:tblPr>'
    )
    repeated, kept = repeated_header_rows(table), kept_rows(table, keep_last=keep_last)
    laid_out = cells_laid_out(table)
    merged: dict[int, str] = {}  # column → the fill of the vertical merge it is part of
    rows = []
    for index, row in enumerate(table.rows):
        printed = iter(laid_out[index])
        cells, column = [], 0
        for cell in row:
            width = sum(widths[column : column + cell.colspan])
            if cell.covered:
                cells.append(_covered(width, cell.colspan, merged.get(column, ""), index in kept))
            else:
                layout = next(printed)
                fill = FILL_COLOURS.get(layout.fill, "")
                if cell.rowspan > 1:
                    merged[column] = fill
                cells.append(_cell(layout, width, fill, keep=index in kept))
            column += cell.colspan
        header = "<w:tblHeader/>" if index < repeated else ""
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{''.join(cells)}</w:tr>")
    return f"<w:tbl>{properties}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _cell_properties(width: int, span: int, merge: str, fill: str) -> str:
    return (
        f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
        + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
        + merge
        + (f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else "")
        + '<w:vAlign w:val="center"/></w:tcPr>'
    )


def _cell(layout: CellLayout, width: int, fill: str, *, keep: bool) -> str:
    """One paragraph per line of the cell, aligned and bold as the plan says."""
    merge = '<w:vMerge w:val="restart"/>' if layout.cell.rowspan > 1 else ""
    lines = layout.text.split("\n")
    paragraphs = "".join(
        paragraph(
            "TableText",
            run(line, bold=layout.bold) if line else "",
            keep_next=keep,
            jc=layout.align,
        )
        for line in lines
    )
    return f"<w:tc>{_cell_properties(width, layout.cell.colspan, merge, fill)}{paragraphs}</w:tc>"


def _covered(width: int, span: int, fill: str, keep: bool) -> str:
    """A lower part of a vertical merge: Word wants a cell there, empty, continuing the merge."""
    properties = _cell_properties(width, span, "<w:vMerge/>", fill)
    return f"<w:tc>{properties}{paragraph('TableText', '', keep_next=keep)}</w:tc>"
