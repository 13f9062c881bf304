"""Render a report document as an A4 PDF: a fixed Typst template lays out the document's JSON."""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

from govperf.reports.chart import budget_chart_description, budget_chart_svg, budget_chart_title
from govperf.reports.document import Block, Cell, Document, Heading, Image, Paragraph, Table

TEMPLATE = Path(__file__).resolve().parent / "templates" / "reports" / "report.typ"
FONT_DIR = Path("/usr/share/fonts/opentype/noto")  # Debian fonts-noto-cjk: TC serif and sans
# Table widths in ems of the tables' 9 pt text (estimates: Typst lays out, this only plans).
LINE_WIDTH = 52.0  # A4 less 2 × 2 cm margins is 17 cm, 53.5 em
SHORT_COLUMN = 10.0  # a column whose widest line is no wider gets exactly that width
WIDEST_SHARE = 20.0  # longer text claims no larger share of the width left
SHORT_VALUE = 6.0  # a cell no wider is a figure, centred like the short columns
HEADER_LINE = 4.5  # a header wider than this may take two lines
MIN_COLUMN = 2.0
CELL_PADDING = 1.2  # 4 pt inset each side, and a margin for the estimate
NARROW_CHAR = 0.6  # Noto CJK's Latin letters and digits are about 0.55 em
THIN_CHARS = frozenset(",.:;'|!il ")
THIN_CHAR = 0.35  # they are about 0.25 em

Json = dict[str, Any]


def render_pdf(document: Document) -> bytes:
    """The report as PDF bytes: 標題 and 公告日期 on page 1, 「第 N 頁，共 M 頁」 on every page."""
    pdf = typst.compile(
        TEMPLATE,
        format="pdf",
        font_paths=_fonts(),
        sys_inputs={"document": json.dumps(_document_json(document), ensure_ascii=False)},
    )
    if not isinstance(pdf, bytes):
        raise TypeError(f"typst returned {type(pdf).__name__}, not the PDF's bytes")
    return pdf


@lru_cache(maxsize=1)
def _fonts() -> typst.Fonts:
    """The fonts, read once per process: reading the CJK fonts is most of a compile's time
    (a shared `Fonts` also lets Typst reuse its shaping and layout caches across documents)."""
    if FONT_DIR.is_dir():
        return typst.Fonts(include_system_fonts=False, font_paths=[str(FONT_DIR)])
    return typst.Fonts()  # not Debian: whatever Noto CJK the system has


def _document_json(document: Document) -> Json:
    return {
        "agency": document.agency,
        "title": document.title,
        "published_on": document.published_on_text,
        "blocks": [item for block in document.blocks if (item := _block_json(block))],
    }


def _block_json(block: Block) -> Json | None:
    match block:
        case Heading():
            return {"kind": "heading", "level": max(1, block.level - 1), "text": block.text}
        case Paragraph():
            return _paragraph_json(block)
        case Image():
            return _image_json(block)
        case Table():
            return _table_json(block) if block.rows else None


def _paragraph_json(paragraph: Paragraph) -> Json | None:
    if not (paragraph.label + paragraph.text).strip():
        return None  # a blank line of the Word document
    return {
        "kind": "paragraph",
        "style": paragraph.style,
        "label": paragraph.label,
        "text": paragraph.text,
    }


def _image_json(image: Image) -> Json:
    if image.trend is None:
        return {"kind": "image", "text": f"圖：{image.text}"}
    return {
        "kind": "chart",
        "svg": budget_chart_svg(image.trend, show_title=False),
        "caption": budget_chart_title(image.trend),
        "alt": budget_chart_description(image.trend),
    }


def _table_json(table: Table) -> Json:
    """Cells in reading order with their spans (covered ones left out) and how to fill them."""
    needs = _needs(table)
    short = [need <= SHORT_COLUMN for need in needs]
    rows = []
    for index, row in enumerate(table.rows):
        cells, column = [], 0
        for cell in row:
            if not cell.covered:
                cells.append(_cell_json(table, index, column, cell, short))
            column += cell.colspan
        rows.append(cells)
    return {
        "kind": "table",
        "columns": _columns(needs),
        "header_rows": _repeated_rows(table),
        "rows": rows,
    }


def _cell_json(table: Table, row: int, column: int, cell: Cell, short: list[bool]) -> Json:
    head = row < table.header_rows
    fill = ""
    if head:
        fill = "head"
    elif cell.light is not None:
        fill = cell.light.value
    elif column < table.header_columns and cell.text.strip():
        fill = "side"
    return {
        "text": _cell_text(cell),
        "colspan": cell.colspan,
        "rowspan": cell.rowspan,
        "fill": fill,
        "center": head or all(short[column : column + cell.colspan]) or _is_value(cell),
    }


def _cell_text(cell: Cell) -> str:
    if cell.light is None:
        return cell.text
    return f"{cell.light.symbol} {cell.light.label_zh}"  # symbol and word, never colour alone


def _is_value(cell: Cell) -> bool:
    """A figure or a light (「95人次」「★ 綠燈」): centred even in a column of long text."""
    short = _width(cell.text) <= SHORT_VALUE and "\n" not in cell.text
    return cell.light is not None or short


def _repeated_rows(table: Table) -> int:
    """The header rows to repeat on each page: those above any header cell reaching the body
    (Typst's table.header cannot hold a cell that spans out of it)."""
    for index, row in enumerate(table.rows[: table.header_rows]):
        if any(index + cell.rowspan > table.header_rows for cell in row if not cell.covered):
            return index
    return min(table.header_rows, len(table.rows))


def _needs(table: Table) -> list[float]:
    """The width each column needs in ems: its widest line (a long header may take two)."""
    return [max(body, _header_need(head)) for body, head in _widths(table)]


def _columns(needs: list[float]) -> list[Json]:
    """Short columns exactly as wide as they need, long ones sharing the rest by their need;
    a table of short columns fills the line."""
    fixed = sum(need + CELL_PADDING for need in needs if need <= SHORT_COLUMN)
    if all(need <= SHORT_COLUMN for need in needs) or fixed > LINE_WIDTH:
        return [{"fr": need} for need in needs]
    return [
        {"em": need + CELL_PADDING} if need <= SHORT_COLUMN else {"fr": min(need, WIDEST_SHARE)}
        for need in needs
    ]


def _header_need(width: float) -> float:
    return width if width <= HEADER_LINE else max(HEADER_LINE, width / 2)


def _widths(table: Table) -> list[tuple[float, float]]:
    """Each column's widest line in ems, (body rows, header rows); merged-across cells ignored."""
    count = max((sum(cell.colspan for cell in row) for row in table.rows), default=0)
    body, head = [MIN_COLUMN] * count, [0.0] * count
    for index, row in enumerate(table.rows):
        widths = head if index < table.header_rows else body
        column = 0
        for cell in row:
            if cell.colspan == 1 and not cell.covered:
                widths[column] = max(widths[column], _width(_cell_text(cell)))
            column += cell.colspan
    return list(zip(body, head, strict=True))


def _width(text: str) -> float:
    """The widest line of `text` in ems: full-width characters 1, Latin letters and digits less."""
    return max((sum(map(_char_width, line)) for line in text.split("\n")), default=0.0)


def _char_width(char: str) -> float:
    if char in THIN_CHARS:
        return THIN_CHAR
    return 1.0 if unicodedata.east_asian_width(char) in "FWA" else NARROW_CHAR
