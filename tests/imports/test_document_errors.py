"""A DOCX or ODT that cannot be imported is told at its place (table, row, cell) and writes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from govperf.evaluation.models import Cycle
from govperf.imports.errors import ReportImportError
from govperf.imports.services import reports_import_files
from govperf.reports.builder import document_build
from govperf.reports.render_docx import render_docx
from govperf.reports.render_odt import render_odt
from tests.imports.documents import w, with_xml_part, xml_part, zip_of, zip_replace
from tests.imports.test_import_report import row_counts

pytestmark = pytest.mark.django_db

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""


@pytest.fixture
def docx_bytes(imported_cycle: Cycle) -> bytes:
    return render_docx(document_build(imported_cycle))


def refused(path: Path) -> str:
    """The problems of importing `path`, as printed; the database is left as it was."""
    before = row_counts()
    with pytest.raises(ReportImportError) as raised:
        reports_import_files(paths=[path])
    assert row_counts() == before
    return str(raised.value)


def grid_place(data: bytes, text: str) -> tuple[int, int, int]:
    """Table, row and column (1-based) of the first cell holding `text`, found by python-docx."""
    for number, table in enumerate(docx.Document(io.BytesIO(data)).tables, start=1):
        for row_number, row in enumerate(table.rows, start=1):
            for column, cell in enumerate(row.cells, start=1):
                if cell.text == text:
                    return number, row_number, column
    raise AssertionError(text)


def test_a_bad_kpi_cell_is_told_by_table_row_and_cell(docx_bytes: bytes, tmp_path: Path) -> None:
    table, row, column = grid_place(docx_bytes, "44.38%")
    root = xml_part(docx_bytes, "word/document.xml")
    cell = next(
        t
        for t in root.iter(w("t"))
        if t.text == "44.38%" and any(a.tag == w("tbl") for a in t.iterancestors())
    )
    cell.text = "abc%"
    path = tmp_path / "bad.docx"
    path.write_bytes(with_xml_part(docx_bytes, "word/document.xml", root))
    message = refused(path)
    assert f"bad.docx 表格 {table} 第 {row} 列第 {column} 欄：" in message
    assert "abc%" in message
    assert "第 " not in message.replace(f"第 {row} 列第 {column} 欄", "")


def test_a_missing_chapter_is_told_by_paragraph(docx_bytes: bytes, tmp_path: Path) -> None:
    root = xml_part(docx_bytes, "word/document.xml")
    heading = next(  # the heading itself, not its entry in the table of contents
        t
        for t in root.iter(w("t"))
        if t.text == "壹、前言" and not any(a.tag == w("sdt") for a in t.iterancestors())
    )
    heading.text = "前言"
    path = tmp_path / "bad.docx"
    path.write_bytes(with_xml_part(docx_bytes, "word/document.xml", root))
    assert "bad.docx 段落 4：預期「壹、前言」，卻是「前言」" in refused(path)


def test_a_nested_table_is_refused_at_its_cell(docx_bytes: bytes, tmp_path: Path) -> None:
    root = xml_part(docx_bytes, "word/document.xml")
    first_cell = root.find(f".//{w('tc')}")
    first_cell.append(etree.fromstring(etree.tostring(root.find(f".//{w('tbl')}"))))
    first_cell.append(etree.Element(w("p")))
    path = tmp_path / "nested.docx"
    path.write_bytes(with_xml_part(docx_bytes, "word/document.xml", root))
    assert "nested.docx 表格 1 第 1 列第 1 欄：儲存格內有巢狀表格" in refused(path)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "notes.zip",
            zip_of({"notes.txt": b"hello"}),
            "是壓縮檔，但不是施政績效報告的文字檔、DOCX 或 ODT 文件",
        ),
        (
            "bomb.docx",
            zip_of({"word/document.xml": BOMB}),
            "含有 DTD 或實體宣告（可能是 XML 炸彈）",
        ),
        (
            "zip-bomb.docx",
            zip_of({"word/document.xml": b"<a>" + b" " * 60_000_000 + b"</a>"}),
            "可能是壓縮炸彈",
        ),
        ("broken.docx", zip_of({"word/document.xml": b"<w:document><w:body>"}), "不是完整的 XML"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "舊版 Word（.doc）"),
        ("binary.bin", b"\xff\xfe\x00garbage", "不是施政績效報告的文字檔、DOCX 或 ODT 文件"),
    ],
)
def test_a_file_that_is_no_report_is_refused_by_name(
    name: str, data: bytes, expected: str, tmp_path: Path, db: None
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    message = refused(path)
    assert message.startswith(f"{path}：")
    assert expected in message


def test_a_truncated_document_is_refused(docx_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "cut.docx"
    path.write_bytes(docx_bytes[: len(docx_bytes) // 2])
    assert f"{path}：檔案不完整或已損壞" in refused(path)


def test_an_odt_with_a_bad_cell_is_told_by_table_row_and_cell(
    imported_cycle: Cycle, tmp_path: Path
) -> None:
    data = render_odt(document_build(imported_cycle))
    content = xml_part(data, "content.xml")
    p = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
    cell = next(e for e in content.iter(p) if e.text == "44.38%")
    cell.text = "abc%"
    path = tmp_path / "bad.odt"
    path.write_bytes(zip_replace(data, "content.xml", etree.tostring(content)))
    docx_place = grid_place(render_docx(document_build(imported_cycle)), "44.38%")
    assert "bad.odt 表格 {} 第 {} 列第 {} 欄：".format(*docx_place) in refused(path)


def test_the_command_imports_a_docx_and_an_odt_of_it_unchanged(
    docx_bytes: bytes, imported_cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "report.docx").write_bytes(docx_bytes)
    (tmp_path / "report.odt").write_bytes(render_odt(document_build(imported_cycle)))
    call_command("import_report", str(tmp_path / "report.docx"))
    call_command("import_report", str(tmp_path / "report.docx"))
    call_command("import_report", str(tmp_path / "report.odt"))
    output = capsys.readouterr().out.splitlines()
    assert output == ["外交部 107年度：已匯入", *["外交部 107年度：內容相同，未變更"] * 2]
    assert Cycle.objects.get().source_name == str(tmp_path / "report.docx")


def test_the_command_refuses_a_bad_document_naming_it(tmp_path: Path, db: None) -> None:
    path = tmp_path / "notes.zip"
    path.write_bytes(zip_of({"notes.txt": b"hello"}))
    with pytest.raises(CommandError) as raised:
        call_command("import_report", str(path))
    assert f"未匯入任何資料：\n{path}：是壓縮檔" in str(raised.value)
    assert Cycle.objects.count() == 0
