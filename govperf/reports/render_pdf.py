"""Render a report document as an A4 PDF: a fixed Typst template lays out the document's JSON."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

from govperf.domain.roc import RocDateError, parse_roc_date
from govperf.reports.chart import budget_chart_description, budget_chart_svg, budget_chart_title
from govperf.reports.document import (
    DRAFT_MARK,
    Block,
    Document,
    Heading,
    Image,
    Paragraph,
    Table,
    page_mark,
    version_note,
)
from govperf.reports.table_layout import (
    FILL_COLOURS,
    CellLayout,
    cells_laid_out,
    column_widths,
    page_runs,
    repeated_header_rows,
)

TEMPLATE = Path(__file__).resolve().parent / "templates" / "reports" / "report.typ"
FONT_DIR = Path("/usr/share/fonts/opentype/noto")  # Debian fonts-noto-cjk: TC serif and sans
PAGE_CM = {"height": 29.7, "x": 2.0, "top": 2.4, "bottom": 2.2}  # A4; 17 cm of text a line
PAGE_BODY_CM = PAGE_CM["height"] - PAGE_CM["top"] - PAGE_CM["bottom"] - 1.0  # a margin of error
Json = dict[str, Any]


def render_pdf(document: Document) -> bytes:
    """The report as PDF bytes: a cover (機關, title, 公告日期), the table of contents, then the
    chapters, with 「第 N 頁，共 M 頁」 below every page but the cover (after 「第 2 版（更正）」
    in a correction); a draft has 草稿 across every page and in every footer."""
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
        "draft": DRAFT_MARK if document.draft else "",
        "mark": page_mark(document),
        "metadata": metadata(document),
        "page": PAGE_CM,
        "fills": FILL_COLOURS,
        "blocks": [item for block in document.blocks if (item := _block_json(block))],
    }


def metadata(document: Document) -> Json:
    """The PDF's document information: title, the agency as author, 公告日期 as the date (in the
    Gregorian calendar, as PDF readers show it; none where the text is not an ROC date), the
    published version with its reason (also printed on the cover) and the text's language."""
    try:
        published = parse_roc_date(document.published_on_text)
    except RocDateError:
        date = None
    else:
        date = {"year": published.year, "month": published.month, "day": published.day}
    return {
        "title": document.agency + document.title,
        "author": document.agency,
        "date": date,
        "version": version_note(document),
        "lang": "zh",
        "region": "tw",
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
    """Cells in reading order with their spans (covered ones left out) and how to print them:
    the header rows that repeat, then the body in page-sized runs, each starting with the
    merged labels of the rows it continues."""
    laid = cells_laid_out(table)
    header = repeated_header_rows(table)
    body = [
        [_cell_json(cell, run) for cell in _run_row(laid, run, index)]
        for run in page_runs(table, PAGE_BODY_CM)
        for index in run
    ]
    return {
        "kind": "table",
        "columns": [round(width, 3) for width in column_widths(table)],
        "header_rows": header,
        "rows": [[_cell_json(cell) for cell in row] for row in laid[:header]] + body,
    }


def _run_row(laid: list[list[CellLayout]], run: range, index: int) -> list[CellLayout]:
    """Row `index`'s cells; at the top of a run, also the merged cells of earlier rows that
    reach into it (a label printed again on the next page)."""
    if index != run.start:
        return laid[index]
    reaching = [
        cell
        for row in laid[:index]
        for cell in row
        if cell.row < index < cell.row + cell.cell.rowspan
    ]
    return sorted(reaching + laid[index], key=lambda cell: cell.column)


def _cell_json(layout: CellLayout, run: range | None = None) -> Json:
    rowspan = layout.cell.rowspan
    if run is not None:  # a merged cell spans no further than its run
        rowspan = min(layout.row + rowspan, run.stop) - max(layout.row, run.start)
    return {
        "text": layout.text,
        "colspan": layout.cell.colspan,
        "rowspan": rowspan,
        "fill": layout.fill,
        "align": layout.align,
        "bold": layout.bold,
    }
