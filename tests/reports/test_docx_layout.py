"""The Word report as a ministry would publish it: cover, table of contents, metadata, rows that
never split, lights coloured and worded, figures right-aligned, the table plan's widths."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle
from govperf.imports.archive import Archive
from govperf.imports.docx_reader import docx_lines
from govperf.reports.builder import document_build
from govperf.reports.chart import budget_chart_description
from govperf.reports.document import Cell, Document, Heading, Image, Paragraph, Table, version_note
from govperf.reports.docx_tables import PAGE_BODY_CM
from govperf.reports.render_docx import render_docx
from govperf.reports.render_text import render_text
from govperf.reports.table_layout import (
    FILL_COLOURS,
    column_widths,
    page_runs,
    repeated_header_rows,
    row_groups,
)
from tests.reports.page_check import page_problems
from tests.reports.test_docx_odt import COSTS, SOFFICE, convert_to_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
TWIPS_PER_CM = 1440 / 2.54


def part(data: bytes, name: str) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ElementTree.fromstring(archive.read(name))


def text_of(element: ElementTree.Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def style_of(p: ElementTree.Element) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val", "") if style is not None else ""


def body_paragraphs(data: bytes) -> list[ElementTree.Element]:
    """The body's own paragraphs (not those in tables or the table of contents)."""
    body = part(data, "word/document.xml").find(f"{W}body")
    assert body is not None
    return body.findall(f"{W}p")


@pytest.fixture
def document(imported_cycle: Cycle) -> Document:
    return document_build(imported_cycle)


@pytest.fixture
def docx_bytes(document: Document) -> bytes:
    return render_docx(document)


def tables_with_blocks(document: Document, data: bytes) -> list[tuple[Table, ElementTree.Element]]:
    blocks = [block for block in document.blocks if isinstance(block, Table)]
    tables = list(part(data, "word/document.xml").iter(f"{W}tbl"))
    assert len(blocks) == len(tables) == 21
    return list(zip(blocks, tables, strict=True))


def cells(table: ElementTree.Element) -> list[ElementTree.Element]:
    return list(table.iter(f"{W}tc"))


# --- metadata -------------------------------------------------------------------------------


def test_metadata_names_the_report_its_agency_and_its_publication_date(docx_bytes: bytes) -> None:
    core = part(docx_bytes, "docProps/core.xml")
    assert core.findtext("dc:title", namespaces=CORE) == "外交部　107年度施政績效報告"
    assert core.findtext("dc:creator", namespaces=CORE) == "外交部"
    assert core.findtext("dc:language", namespaces=CORE) == "zh-TW"
    assert core.findtext("dcterms:created", namespaces=CORE) == "2019-03-19T00:00:00Z"
    assert core.findtext("dcterms:modified", namespaces=CORE) == "2019-03-19T00:00:00Z"
    app = part(docx_bytes, "docProps/app.xml")
    assert app.findtext(f"{APP}Application") == "govperf"
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        names = archive.namelist()
        package = archive.read("_rels/.rels").decode()
    assert not [name for name in names if "thumbnail" in name.lower()]
    assert "thumbnail" not in package and "Macintosh" not in str(names)
    properties = docx.Document(io.BytesIO(docx_bytes)).core_properties
    assert (properties.title, properties.author) == ("外交部　107年度施政績效報告", "外交部")
    assert properties.created.isoformat().startswith("2019-03-19")


def test_a_published_version_says_so_in_metadata_and_on_the_cover(document: Document) -> None:
    data = render_docx(replace(document, version=2, version_reason="更正實際值"))
    assert part(data, "docProps/core.xml").findtext("cp:version", namespaces=CORE) == "2"
    notes = [text_of(p) for p in body_paragraphs(data) if style_of(p) == "CoverNote"]
    assert notes == ["第 2 版（更正）：更正實際值"]
    first = render_docx(document)  # a build, not a published version: no note, no version
    assert part(first, "docProps/core.xml").find("cp:version", namespaces=CORE) is None
    assert not [p for p in body_paragraphs(first) if style_of(p) == "CoverNote"]


def test_a_date_that_is_not_a_roc_date_leaves_the_metadata_dateless() -> None:
    document = Document("機關", "報告", "民國一百零八年", (Paragraph("內文"),))
    core = part(render_docx(document), "docProps/core.xml")
    assert core.find("dcterms:created", namespaces=CORE) is None
    assert core.findtext("dc:title", namespaces=CORE) == "機關　報告"


# --- cover and table of contents ------------------------------------------------------------


def test_the_cover_holds_agency_title_and_date_then_the_table_of_contents(
    document: Document, docx_bytes: bytes
) -> None:
    texts = [text_of(p) for p in body_paragraphs(docx_bytes) if text_of(p).strip()]
    assert texts[:3] == ["外交部", "107年度施政績效報告", "公告日期：108年03月19日"]
    body = part(docx_bytes, "word/document.xml").find(f"{W}body")
    assert body is not None
    sdt = body.find(f"{W}sdt")
    assert sdt is not None
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    assert gallery is not None and gallery.get(f"{W}val") == "Table of Contents"
    entries = [p for p in sdt.iter(f"{W}p") if re.fullmatch(r"TOC\d", style_of(p))]
    headings = [b for b in document.blocks if isinstance(b, Heading) and 2 <= b.level <= 4]
    assert [text_of(p) for p in entries] == [heading.text for heading in headings]
    assert [style_of(p) for p in entries][:3] == ["TOC1", "TOC1", "TOC2"]
    bookmarks = {
        mark.get(f"{W}name"): text_of(p)
        for p in body_paragraphs(docx_bytes)
        for mark in p.iter(f"{W}bookmarkStart")
    }
    for entry in entries:  # each entry links to its heading and shows the heading's page
        link = entry.find(f"{W}hyperlink")
        assert link is not None
        anchor = link.get(f"{W}anchor")
        assert bookmarks[anchor] == text_of(entry)
        instructions = "".join(t.text or "" for t in entry.iter(f"{W}instrText"))
        assert instructions.split() == ["PAGEREF", anchor, "\\h"]
    first_body = body_paragraphs(docx_bytes)[3]  # after the cover: on a page of its own
    assert text_of(first_body) == "壹、前言"
    assert first_body.find(f"{W}pPr/{W}pageBreakBefore") is not None


# --- tables ---------------------------------------------------------------------------------


def test_no_row_may_split_and_header_rows_repeat(document: Document, docx_bytes: bytes) -> None:
    for block, table in tables_with_blocks(document, docx_bytes):
        rows = table.findall(f"{W}tr")
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
        repeated = [row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows]
        count = repeated_header_rows(block)
        assert count >= 1 and repeated == [True] * count + [False] * (len(rows) - count)


def test_rows_of_a_merged_group_keep_together(document: Document, docx_bytes: bytes) -> None:
    block, table = next(
        (b, t) for b, t in tables_with_blocks(document, docx_bytes) if b.caption == COSTS
    )
    rows = table.findall(f"{W}tr")

    def kept(index: int) -> bool:
        paragraphs = list(rows[index].iter(f"{W}p"))
        return all(p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs)

    goal = next(group for group in row_groups(block) if len(group) == 4)  # （一）鞏固… 4 rows
    assert [kept(index) for index in goal] == [True, True, True, False]
    assert all(kept(index) for index in range(block.header_rows))  # the header with the body


def test_column_widths_are_the_plans(document: Document, docx_bytes: bytes) -> None:
    for block, table in tables_with_blocks(document, docx_bytes):
        grid = [int(col.get(f"{W}w", "0")) for col in table.iter(f"{W}gridCol")]
        plan = [width * TWIPS_PER_CM for width in column_widths(block)]
        assert all(abs(twips - cm) <= 1 for twips, cm in zip(grid, plan, strict=True))
        layout = table.find(f"{W}tblPr/{W}tblLayout")
        assert layout is not None and layout.get(f"{W}type") == "fixed"


def test_lights_are_coloured_and_worded_and_figures_right_aligned(docx_bytes: bytes) -> None:
    tcs = [
        tc for table in part(docx_bytes, "word/document.xml").iter(f"{W}tbl") for tc in cells(table)
    ]

    def fill(tc: ElementTree.Element) -> str:
        shd = tc.find(f"{W}tcPr/{W}shd")
        return shd.get(f"{W}fill", "") if shd is not None else ""

    def align(tc: ElementTree.Element) -> set[str]:
        return {jc.get(f"{W}val", "") for jc in tc.iter(f"{W}jc")}

    for light in (Light.GREEN, Light.YELLOW):
        shown = [tc for tc in tcs if text_of(tc) == f"{light.symbol} {light.label_zh}"]
        assert shown and {fill(tc) for tc in shown} == {FILL_COLOURS[light.value]}
    body = [tc for tc in tcs if fill(tc) != FILL_COLOURS["head"]]
    figures = [tc for tc in body if re.fullmatch(r"[\d,]+(\.\d+)?%?", text_of(tc))]
    assert len(figures) > 100 and all(align(tc) == {"right"} for tc in figures)
    heads = [tc for tc in tcs if text_of(tc) == "107年度"]
    assert heads and all(fill(tc) == FILL_COLOURS["head"] for tc in heads)


def test_captions_and_headings_keep_with_what_follows(docx_bytes: bytes) -> None:
    styles = part(docx_bytes, "word/styles.xml")
    kept = {
        style.get(f"{W}styleId")
        for style in styles.iter(f"{W}style")
        if style.find(f"{W}pPr/{W}keepNext") is not None
    }
    assert {"Heading1", "Heading2", "Heading3", "Heading4", "UnitLine"} <= kept
    units = [p for p in body_paragraphs(docx_bytes) if text_of(p) == "預決算單位：百萬元"]
    assert [style_of(p) for p in units] == ["UnitLine"]


def test_the_chart_carries_its_text_and_description(document: Document, docx_bytes: bytes) -> None:
    image = next(b for b in document.blocks if isinstance(b, Image) and b.trend is not None)
    assert image.trend is not None
    (picture,) = part(docx_bytes, "word/document.xml").iter(f"{WP}docPr")
    assert picture.get("title") == image.text
    assert picture.get("descr") == budget_chart_description(image.trend)
    titles = [text_of(p) for p in body_paragraphs(docx_bytes) if style_of(p) == "ChartTitle"]
    assert titles == ["104至107年度預、決算趨勢（單位：百萬元）"]
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        assert archive.read("word/media/chart1.png").startswith(b"\x89PNG")


def test_text_is_kept_exactly_whatever_it_holds() -> None:
    """Markup characters, a tab, a line break, characters XML cannot hold (dropped, not fatal),
    and a cell of several lines, one paragraph a line."""
    table = Table(((Cell("項目"), Cell("值")), (Cell("a < b & c"), Cell("第一行\n第二行"))))
    blocks = (Heading(2, '壹、<前言> & "引號"'), Paragraph("一\t二\x0b三", label="答："), table)
    data = render_docx(Document("機關&", "報告<", "108年03月19日", blocks))
    word = docx.Document(io.BytesIO(data))
    texts = [p.text for p in word.paragraphs]
    assert '壹、<前言> & "引號"' in texts and "答：一\t二三" in texts
    cell = word.tables[0].rows[1].cells[1]
    assert [p.text for p in cell.paragraphs] == ["第一行", "第二行"]
    assert word.tables[0].rows[1].cells[0].text == "a < b & c"


# --- LibreOffice ----------------------------------------------------------------------------


@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)",
)
@pytest.mark.once
def test_libreoffice_lays_the_report_out_page_true(document: Document, tmp_path: Path) -> None:
    """No row split, every continued table with its header, and the table of contents'
    page numbers those of the headings in the PDF."""
    source = tmp_path / "report.docx"
    source.write_bytes(render_docx(document))
    pdf = convert_to_pdf(source, tmp_path).read_bytes()
    assert page_problems(document, pdf) == []
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = text.split("\f")  # pages[0]: the cover; then the contents, then the body
    body = next(n for n, page in enumerate(pages) if "壹、前言" in page.splitlines()[:8])
    contents = "".join(pages[1:body])
    for heading in (
        "壹、前言",
        "三、機關實際員額",
        "二、關鍵績效指標相關計畫活動之成本",
        "柒、評估綜合意見",
    ):
        listed = re.search(re.escape(heading) + r"\.{3,}\s*(\d+)", contents)
        assert listed is not None, heading
        page = next(
            number
            for number, page_text in enumerate(pages[body:], start=body + 1)
            if any(line.strip() == heading for line in page_text.splitlines())
        )
        assert int(listed.group(1)) == page, heading


def test_tables_one_after_another_stay_apart() -> None:
    """Word shows two tables with nothing between them as one, and wants a paragraph last."""
    table = Table(((Cell("項目"), Cell("值")), (Cell("甲"), Cell("1"))))
    data = render_docx(Document("機關", "報告", "108年03月19日", (table, table)))
    body = part(data, "word/document.xml").find(f"{W}body")
    assert body is not None
    tags = [child.tag.removeprefix(W) for child in body]
    assert tags[-5:] == ["tbl", "p", "tbl", "p", "sectPr"]
    assert len(docx.Document(io.BytesIO(data)).tables) == 2


def test_a_published_versions_file_imports_as_its_text(document: Document) -> None:
    """The cover's note and the table of contents are left out when the file is read back (as
    the text import skips the text export's version note)."""
    published = replace(document, version=3, version_reason="更正實際值")
    lines = docx_lines(Archive(render_docx(published), "report.docx")).text()
    exported = render_text(published).replace(version_note(published) + "\n", "", 1)
    assert lines.split() == exported.split()


def test_a_group_taller_than_a_page_breaks_where_the_plan_says() -> None:
    """Kept together it could not be: Word would break it anywhere; the plan's runs fit a page."""
    rows = 40
    label = Cell("甲目標", rowspan=rows)
    body = [(label if n == 0 else Cell(covered=True), Cell("說明文字" * 30)) for n in range(rows)]
    table = Table(((Cell("目標"), Cell("說明")), *body))
    data = render_docx(Document("機關", "報告", "108年03月19日", (table,)))
    (tbl,) = part(data, "word/document.xml").iter(f"{W}tbl")
    ends = [
        index
        for index, row in enumerate(tbl.findall(f"{W}tr"))
        if row.find(f".//{W}keepNext") is None
    ]
    runs = page_runs(table, PAGE_BODY_CM)
    assert len(runs) > 1 and ends == [run[-1] for run in runs]
