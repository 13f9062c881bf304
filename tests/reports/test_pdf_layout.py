"""The PDF report as a ministry would publish it: whole rows, repeated headers and labels, tables
with their headings, a cover, a table of contents, tags and metadata."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zlib
from dataclasses import replace
from itertools import pairwise

import pytest

from govperf.evaluation.models import Cycle
from govperf.reports.builder import document_build
from govperf.reports.document import Cell, Document, Heading, Paragraph, Table
from govperf.reports.render_pdf import FONT_DIR, render_pdf
from tests.reports.page_check import page_problems, page_texts
from tests.reports.test_pdf import pdf_info

pytestmark = [
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
        reason="poppler-utils is not installed (scripts/setup --for-tests)",
    ),
    pytest.mark.skipif(not FONT_DIR.is_dir(), reason="fonts-noto-cjk is not installed"),
]


@pytest.fixture
def sample(imported_cycle: Cycle) -> tuple[Document, bytes]:
    document = document_build(imported_cycle)
    return document, render_pdf(document)


def squeezed(text: str) -> str:
    """As `page_texts` gives a page: NFKC (（一）→(一)), no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def page_of(pages: list[str], *texts: str, start: int = 2) -> int:
    """The first page from `start` (by default: after the table of contents) holding every text."""
    return next(
        number
        for number, page in enumerate(pages)
        if number >= start and all(squeezed(text) in page for text in texts)
    )


@pytest.mark.django_db
def test_no_table_of_the_sample_splits_a_row_or_loses_its_header(
    sample: tuple[Document, bytes],
) -> None:
    assert page_problems(*sample) == []


@pytest.mark.django_db
def test_every_table_starts_on_the_page_of_the_heading_or_unit_line_above_it(
    sample: tuple[Document, bytes],
) -> None:
    document, pdf = sample
    pages = page_texts(pdf)
    blocks = document.blocks
    checked, page = 0, 2
    for before, table in pairwise(blocks):
        if isinstance(table, Table) and isinstance(before, Heading | Paragraph):
            row = [cell.text for cell in table.rows[table.header_rows] if cell.text.strip()]
            page = page_of(pages, *row, start=page)  # tables follow one another
            assert squeezed(before.text) in pages[page], before.text
            checked += 1
    assert checked == 21


@pytest.mark.django_db
def test_the_program_cost_total_is_never_alone_under_its_header(
    sample: tuple[Document, bytes],
) -> None:
    pages = page_texts(sample[1])
    assert page_of(pages, "合計11,609,199") == page_of(pages, "拉丁美洲及加勒比海事務3,914,276")


@pytest.mark.django_db
def test_cover_then_table_of_contents_with_page_numbers(sample: tuple[Document, bytes]) -> None:
    pages = page_texts(sample[1])
    assert pages[0] == squeezed(
        "外交部107年度施政績效報告公告日期：108年03月19日"
    )  # no page number
    assert pages[1].startswith(squeezed("外交部107年度施政績效報告目錄壹、前言"))
    chapter = page_of(pages, "參、關鍵策略目標達成情形") + 1
    kpi = page_of(pages, "１、關鍵績效指標：深化與友邦高層政要之情誼項目") + 1
    contents = "".join(pages[1:3]).replace("\u2060", "")  # Typst joins an entry to its page
    assert re.search(rf"{squeezed('參、關鍵策略目標達成情形')}.*?{chapter}一、", contents)
    assert squeezed(f"１、關鍵績效指標：深化與友邦高層政要之情誼{kpi}") in contents


@pytest.mark.django_db
def test_metadata_name_the_report_its_agency_date_and_version(
    imported_cycle: Cycle, tmp_path: object
) -> None:
    document = replace(document_build(imported_cycle), version=2, version_reason="更正錯字")
    path = tmp_path / "report.pdf"  # type: ignore[operator]
    path.write_bytes(render_pdf(document))
    info = pdf_info(path)
    assert info["Title"] == "外交部107年度施政績效報告"
    assert info["Author"] == "外交部"
    dates = subprocess.run(["pdfinfo", "-isodates", str(path)], capture_output=True, text=True)
    assert re.search(r"^CreationDate: +2019-03-19T", dates.stdout, flags=re.MULTILINE)
    assert info["Subject"] == "第 2 版（更正）：更正錯字"
    assert squeezed("第2版（更正）：更正錯字") in page_texts(path.read_bytes())[0]


def structure(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated: the tag tree and catalog as text."""
    inflated = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            inflated.append(zlib.decompress(pdf[match.end() : end]))
        except zlib.error:
            continue  # an image or font stream
    return b"\n".join(inflated)


@pytest.mark.django_db
def test_the_title_is_tagged_as_the_title_and_the_text_as_taiwanese_chinese(
    sample: tuple[Document, bytes],
) -> None:
    tags = structure(sample[1])
    assert len(re.findall(rb"/S\s*/Title\b", tags)) == 1
    assert re.search(rb"/Lang\s*\(zh-TW\)", tags)
    assert not re.search(rb"/Lang\s*\((?!zh-TW)", tags)
    assert len(re.findall(rb"/S\s*/TOCI\b", tags)) >= 60  # an entry per heading to level 4


def test_a_merged_group_taller_than_a_page_prints_its_label_again_on_each_page() -> None:
    label = "（一）鞏固我與邦交國外交關係"
    header = (Cell("關鍵策略目標"), Cell("計畫名稱"), Cell("預算數"))
    first = (Cell(label, rowspan=80), Cell("計畫第0項"), Cell("0"))
    rest = tuple(
        (Cell(covered=True), Cell(f"計畫第{row}項"), Cell(f"{row},000")) for row in range(1, 80)
    )
    after = (Cell("（二）強化實質關係"), Cell("計畫"), Cell("1"))
    table = Table((header, first, *rest, after), header_rows=1)
    document = Document("某機關", "報告", "108年03月19日", (Heading(2, "壹、成本"), table))
    pdf = render_pdf(document)
    pages = page_texts(pdf)[2:]  # after the cover and the table of contents
    assert len(pages) >= 3
    assert all(squeezed(label) in page for page in pages if "計畫第" in page)
    assert page_problems(document, pdf) == []
