"""Reports imported from our own DOCX and ODT files read back as their text export, cell for cell."""

from __future__ import annotations

import pytest

from govperf.evaluation.models import Cycle
from govperf.imports.archive import Archive
from govperf.imports.docx_reader import docx_lines
from govperf.imports.odt_reader import odt_lines
from govperf.imports.services import report_check_document, report_check_text
from govperf.reports.builder import document_build
from govperf.reports.document import Document
from govperf.reports.render_docx import render_docx
from govperf.reports.render_odt import render_odt
from govperf.reports.render_text import render_text
from tests.imports.documents import as_word_saves_it, content, printable_lines, xml_text
from tests.opendata.test_export import raw_tables

pytestmark = pytest.mark.django_db

RENDERERS = {"docx": render_docx, "odt": render_odt}
MARKS = (
    "Table of Contents",
    "w:proofErr",
    "w:fldSimple",
    "w:instrText",
    "<w:vMerge/>",
    "已刪除的字",
)
READERS = {"docx": docx_lines, "odt": odt_lines}


@pytest.fixture
def document(imported_cycle: Cycle) -> Document:
    return document_build(imported_cycle)


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_our_file_reads_as_the_text_export_line_for_line(document: Document, kind: str) -> None:
    data = RENDERERS[kind](document)
    lines = READERS[kind](Archive(data, f"report.{kind}"))
    assert printable_lines(lines.text()) == printable_lines(render_text(document))


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_our_file_imports_to_the_report_of_the_text_export(document: Document, kind: str) -> None:
    text = render_text(document)
    data = RENDERERS[kind](document)
    from_text = report_check_text(text=text, source="report.txt").report
    from_file = report_check_document(archive=Archive(data, f"report.{kind}")).report
    assert raw_tables(READERS[kind](Archive(data, "x")).text()) == raw_tables(text)
    assert content(from_file) == content(from_text)
    assert from_file.source == f"report.{kind}"


def test_docx_and_odt_of_one_report_have_one_fingerprint(document: Document) -> None:
    docx = report_check_document(archive=Archive(render_docx(document), "a.docx"))
    odt = report_check_document(archive=Archive(render_odt(document), "a.odt"))
    assert docx.fingerprint == odt.fingerprint


def test_a_light_printed_with_its_word_is_read_as_its_symbol(document: Document) -> None:
    data = render_docx(document)
    assert "<w:t>★ 綠燈</w:t>" in xml_text(data, "word/document.xml")
    lines = docx_lines(Archive(data, "a.docx")).text().split("\n")
    assert "\t★" in lines
    assert "\t★ 綠燈" not in lines


def test_a_docx_as_word_saves_it_reads_the_same(document: Document) -> None:
    data = render_docx(document)
    word = as_word_saves_it(data)
    assert word != data
    xml = xml_text(word, "word/document.xml")
    assert all(mark in xml for mark in MARKS)
    assert docx_lines(Archive(word, "word.docx")).text() == docx_lines(Archive(data, "x")).text()
    from_text = report_check_text(text=render_text(document), source="report.txt").report
    from_word = report_check_document(archive=Archive(word, "word.docx")).report
    assert content(from_word) == content(from_text)
