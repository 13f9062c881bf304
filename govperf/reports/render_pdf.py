"""Render a report document as an A4 PDF: a fixed Typst template lays out the document's JSON."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

from govperf.reports.chart import budget_chart_description, budget_chart_svg, budget_chart_title
from govperf.reports.document import Block, Document, Heading, Image, Paragraph, Table
from govperf.reports.table_layout import (
    CellLayout,
    cells_laid_out,
    column_widths,
    repeated_header_rows,
)

TEMPLATE = Path(__file__).resolve().parent / "templates" / "reports" / "report.typ"
FONT_DIR = Path("/usr/share/fonts/opentype/noto")  # Debian fonts-noto-cjk: TC serif and sans
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
    """Cells in reading order with their spans (covered ones left out) and how to print them."""
    return {
        "kind": "table",
        "columns": [round(width, 3) for width in column_widths(table)],
        "header_rows": repeated_header_rows(table),
        "rows": [[_cell_json(cell) for cell in row] for row in cells_laid_out(table)],
    }


def _cell_json(layout: CellLayout) -> Json:
    return {
        "text": layout.text,
        "colspan": layout.cell.colspan,
        "rowspan": layout.cell.rowspan,
        "fill": layout.fill,
        "align": layout.align,
        "bold": layout.bold,
    }
