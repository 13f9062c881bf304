"""The draft report: marked 草稿 on every page of every format, and otherwise as published."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import replace

import docx
import pytest

from govperf.evaluation.models import Cycle
from govperf.reports.builder import document_build, document_build_draft
from govperf.reports.document import DRAFT_NOTE, Document, page_mark, version_note
from govperf.reports.render_docx import render_docx
from govperf.reports.render_html import render_html
from govperf.reports.render_odt import render_odt
from govperf.reports.render_pdf import FONT_DIR, render_pdf
from govperf.reports.render_text import render_text
from tests.reports.page_check import page_texts

pytestmark = pytest.mark.django_db
needs_pdf_tools = pytest.mark.skipif(
    shutil.which("pdftotext") is None or not FONT_DIR.is_dir(),
    reason="poppler-utils or fonts-noto-cjk is not installed",
)


@pytest.fixture
def draft(imported_cycle: Cycle) -> Document:
    return document_build_draft(imported_cycle)


def odt_part_text(data: bytes, name: str) -> str:
    """The text of an ODT part, tags removed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8"))


@needs_pdf_tools
def test_every_page_of_the_pdf_draft_says_草稿(draft: Document) -> None:
    pages = [page for page in page_texts(render_pdf(draft)) if page]
    assert len(pages) > 10
    assert [number for number, page in enumerate(pages, 1) if "草稿" not in page] == []


@needs_pdf_tools
def test_a_published_pdf_says_草稿_nowhere(draft: Document) -> None:
    published = replace(draft, draft=False, version=1, version_reason="公告")
    assert not any("草稿" in page for page in page_texts(render_pdf(published)))


def test_the_html_draft_differs_from_the_published_page_by_its_marks_only(
    draft: Document,
) -> None:
    marked = render_html(draft)
    plain = render_html(replace(draft, draft=False))
    assert "<title>草稿：外交部 107年度施政績效報告</title>" in marked
    banner = f'<p class="draft-banner" role="note">{DRAFT_NOTE}</p>\n'
    assert marked.replace(banner, "").replace("<title>草稿：", "<title>") == plain


def test_the_docx_draft_says_草稿_in_every_header_and_on_the_cover(draft: Document) -> None:
    word = docx.Document(io.BytesIO(render_docx(draft)))
    headers = [p.text for section in word.sections for p in section.header.paragraphs]
    assert headers and all(text.startswith("草稿　外交部") for text in headers)
    cover = [p.text for p in word.paragraphs[:5]]
    assert DRAFT_NOTE in cover  # the cover has no header: it says so itself


def test_the_odt_draft_says_草稿_in_its_header_and_on_the_cover(draft: Document) -> None:
    data = render_odt(draft)
    assert "草稿　外交部　107年度施政績效報告" in odt_part_text(data, "styles.xml")
    assert DRAFT_NOTE in odt_part_text(data, "content.xml")


def test_the_text_draft_says_so_below_its_header(draft: Document) -> None:
    assert render_text(draft).splitlines()[3] == DRAFT_NOTE


def test_a_correction_is_named_with_its_date_and_reason(imported_cycle: Cycle) -> None:
    corrected = replace(
        document_build(imported_cycle),
        version=2,
        version_reason="更正實際值",
        version_published_on_text="115年12月01日",
    )
    assert version_note(corrected) == "第 2 版（更正）：115年12月01日公告，更正實際值"
    assert page_mark(corrected) == "第 2 版（更正）"
    first = replace(corrected, version=1, version_reason="匯入已公告報告")
    assert version_note(first) == "第 1 版：115年12月01日公告，匯入已公告報告"
    assert page_mark(first) == ""
    published = replace(first, version_reason="公告")  # the reason when none was typed
    assert version_note(published) == "第 1 版：115年12月01日公告"
    assert version_note(replace(corrected, version=0)) == ""
