"""The page check finds a split row, a header not repeated and a lost row label, and nothing else."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import typst

from govperf.reports.document import Cell, Document, Table
from tests.reports.page_check import page_problems

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

LONG = "衡量標準之說明文字" * 40  # several lines in a narrow column


def _table(rows: int) -> Table:
    header = (Cell("項目"), Cell("說明"), Cell("目標值"))
    body = [
        (Cell(f"指標{index:02d}"), Cell(f"{LONG}{index:02d}"), Cell(f"{index}人次"))
        for index in range(rows)
    ]
    return Table((header, *body))


def _pdf(table: Table, *, breakable: bool, repeat: bool) -> bytes:
    """A PDF of `table` laid out by Typst with rows allowed to break or not, the header repeated
    or not: the check's subject, independent of the report's own template."""
    rows = [[cell.text for cell in row] for row in table.rows]
    source = f"""
#let rows = json(bytes({json.dumps(json.dumps(rows, ensure_ascii=False))}))
#set page(paper: "a5", margin: 1.5cm)
#set text(size: 9pt, font: "Noto Sans CJK TC")
#table(
  columns: (2cm, 1fr, 2cm),
  table.header(repeat: {str(repeat).lower()}, ..rows.at(0)),
  ..rows.slice(1).flatten().map(t => table.cell(breakable: {str(breakable).lower()}, t)),
)
"""
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "t.typ"
        path.write_text(source, encoding="utf-8")
        return bytes(typst.compile(str(path), format="pdf"))


def _document(table: Table) -> Document:
    return Document(agency="機關", title="報告", published_on_text="108年03月19日", blocks=(table,))


def test_a_table_kept_whole_row_by_row_with_its_header_repeated_passes() -> None:
    table = _table(12)
    assert page_problems(_document(table), _pdf(table, breakable=False, repeat=True)) == []


def test_rows_broken_across_pages_are_named() -> None:
    table = _table(12)
    problems = page_problems(_document(table), _pdf(table, breakable=True, repeat=True))
    assert problems and all("跨頁" in problem for problem in problems)
    assert "表格 1" in problems[0]


def test_a_continued_table_without_its_header_is_named() -> None:
    table = _table(12)
    problems = page_problems(_document(table), _pdf(table, breakable=False, repeat=False))
    assert any("未重複表頭「項目說明目標值」" in problem for problem in problems)
