"""Read a rendered PDF page by page and find where a report table breaks badly.

`page_problems(document, pdf)` follows the document's tables through the PDF's text (pdftotext
-raw: each cell's lines in drawing order) and reports, in words a reviewer can check by eye:
- a table cell whose text is not whole on one page (the row split inside a cell);
- a row whose cells are on different pages (the row split between cells);
- a page where a continued table goes on without repeating its header rows;
- a page where a merged group goes on without its row label (a covered label cell).
Texts are compared with all white space removed (line wrapping is the renderer's business).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from govperf.reports.document import Cell, Document, Table
from govperf.reports.table_layout import cell_text, repeated_header_rows

LOOKAHEAD_PAGES = 2  # a row not found whole within this many pages on is split
SPACE = re.compile(r"\s+")


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text in drawing order, white space removed."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "report.pdf"
        source.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(source), "-"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
    return [_squeezed(page) for page in text.split("\f")]


def _squeezed(text: str) -> str:
    return SPACE.sub("", unicodedata.normalize("NFKC", text))


def page_problems(document: Document, pdf: bytes) -> list[str]:
    """Every split row, header not repeated and row label lost, in the order of the tables."""
    pages = page_texts(pdf)
    problems: list[str] = []
    page = 0
    tables = [block for block in document.blocks if isinstance(block, Table) and block.rows]
    for number, table in enumerate(tables, start=1):
        page = _table_problems(pages, page, table, f"表格 {number}（{_name(table)}）", problems)
    return problems


def _name(table: Table) -> str:
    first = next((cell_text(cell) for cell in table.rows[0] if cell.text), "")
    return table.caption or first[:12]


def _texts(row: tuple[Cell, ...]) -> list[str]:
    return [text for cell in row if not cell.covered and (text := _squeezed(cell_text(cell)))]


def _page_of(pages: list[str], start: int, texts: list[str], *, far: bool = False) -> int | None:
    """The first page from `start` (within a few, or `far`) that holds every text whole
    (drawing order aside: a merged cell may be drawn after the rows it spans)."""
    stop = len(pages) if far else min(len(pages), start + LOOKAHEAD_PAGES + 1)
    for page in range(start, stop):
        if all(text in pages[page] for text in texts):
            return page
    return None


def _table_problems(
    pages: list[str], page: int, table: Table, name: str, problems: list[str]
) -> int:
    """Check one table from `page` on; the page of its last row."""
    header = ["".join(_texts(row)) for row in table.rows[: repeated_header_rows(table)]]
    labels: dict[int, tuple[str, int]] = {}  # column → a merged row label and its page
    previous: int | None = None
    page = _start_page(pages, page, table)
    for index, row in enumerate(table.rows):
        texts = _texts(row)
        found = _page_of(pages, page, texts) if texts else page
        if found is None:
            problems.append(_split_problem(pages, page, texts, f"{name} 第 {index + 1} 列"))
            page = min(_pages_found(pages, page, texts), default=page)
            continue
        if previous is not None and found > previous and index >= table.header_rows:
            problems.extend(_continuation_problems(pages[found], header, labels, row, found, name))
        _remember_labels(table, index, row, found, labels)
        page = previous = found
    return page


def _pages_found(pages: list[str], page: int, texts: list[str]) -> list[int]:
    return [found for text in texts if (found := _page_of(pages, page, [text])) is not None]


def _start_page(pages: list[str], page: int, table: Table) -> int:
    """Where the table starts: the first page holding its header rows with its first body row
    (a header alone at a page's foot is a problem too, found as that row's split), else the
    first page holding its first row."""
    opening = [text for row in table.rows[: table.header_rows + 1] for text in _texts(row)]
    for texts in (opening, _texts(table.rows[0])):
        found = _page_of(pages, page, texts, far=True)
        if found is not None:
            return found
    return page


def _split_problem(pages: list[str], page: int, texts: list[str], where: str) -> str:
    missing = [text[:20] for text in texts if _page_of(pages, page, [text]) is None]
    cells = "、".join(f"「{text}」" for text in missing)
    return f"{where}跨頁（{cells or '各儲存格不在同一頁上'}{'被分頁切開' if cells else ''}）"


def _continuation_problems(
    text: str,
    header: list[str],
    labels: dict[int, tuple[str, int]],
    row: tuple[Cell, ...],
    page: int,
    name: str,
) -> list[str]:
    """On a page where the table goes on: each header row (its cells' texts in a row), and the
    row label of a merged group that started on an earlier page."""
    problems = [
        f"{name} 續第 {page + 1} 頁未重複表頭「{cell[:20]}」" for cell in header if cell not in text
    ]
    for column, (label, label_page) in labels.items():
        if _covered_at(row, column) and label_page < page and label not in text:
            problems.append(f"{name} 續第 {page + 1} 頁未重複列名「{label[:20]}」")
    return problems


def _positions(row: tuple[Cell, ...]) -> list[tuple[int, Cell]]:
    positions, column = [], 0
    for cell in row:
        positions.append((column, cell))
        column += cell.colspan
    return positions


def _covered_at(row: tuple[Cell, ...], column: int) -> bool:
    return any(position == column and cell.covered for position, cell in _positions(row))


def _remember_labels(
    table: Table, index: int, row: tuple[Cell, ...], page: int, labels: dict[int, tuple[str, int]]
) -> None:
    """Row labels (header columns) merged down over later rows, by column, with their page."""
    for column, cell in _positions(row):
        if column >= table.header_columns or index < table.header_rows or cell.covered:
            continue
        labels.pop(column, None)
        if cell.rowspan > 1 and (text := _squeezed(cell_text(cell))):
            labels[column] = (text, page)
