"""The Word (DOCX) and OpenDocument (ODT) reports: every KPI figure, zh-TW, page numbers, tables."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle, KpiYear
from govperf.reports.builder import document_build
from govperf.reports.document import Document, Heading, Paragraph, Table
from govperf.reports.render_docx import render_docx
from govperf.reports.render_odt import render_odt

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
CHAPTERS = ("壹、", "貳、", "參、", "肆、", "伍、", "陸、", "柒、")
COSTS = "關鍵績效指標相關計畫活動之成本"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def first_paragraph(document: Document) -> str:
    return next(b.text for b in document.blocks if isinstance(b, Paragraph) and b.text)


def shown(light: str) -> str:
    return f"{Light(light).symbol} {Light(light).label_zh}" if light else ""


def odf(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{ODF[prefix]}}}{local}"


def part(data: bytes, name: str) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ElementTree.fromstring(archive.read(name))


@pytest.fixture
def document(imported_cycle: Cycle) -> Document:
    return document_build(imported_cycle)


@pytest.fixture
def docx_bytes(document: Document) -> bytes:
    return render_docx(document)


@pytest.fixture
def odt_bytes(document: Document) -> bytes:
    return render_odt(document)


# --- reading the files back -----------------------------------------------------------------

Grid = list[list[str]]
Captioned = list[tuple[str, Grid]]  # each table's caption and cell texts


def docx_tables(data: bytes) -> Captioned:
    """A merged cell's text repeats in every grid position it covers (python-docx's row.cells)."""
    word = docx.Document(io.BytesIO(data))
    tables = []
    for table in word.tables:
        caption = table._tbl.tblPr.find(f"{W}tblCaption")
        grid = [[cell.text for cell in row.cells] for row in table.rows]
        tables.append((caption.get(f"{W}val") if caption is not None else "", grid))
    return tables


def odt_tables(data: bytes) -> Captioned:
    """One text per grid position; covered cells are empty."""
    tables = []
    for table in part(data, "content.xml").iter(odf("table:table")):
        rows = table.iter(odf("table:table-row"))
        grid = [["".join(cell.itertext()) for cell in row] for row in rows]
        tables.append((table.findtext(odf("table:title")) or "", grid))
    return tables


def by_label(grid: Grid) -> dict[str, list[str]]:
    return {row[0]: row for row in grid}


def assert_kpi_figures(cycle: Cycle, tables: Captioned) -> None:
    kpi_tables = {
        caption: by_label(grid) for caption, grid in tables if "衡量標準" in by_label(grid)
    }
    years = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=107).select_related(
        "cycle_kpi__kpi"
    )
    assert len(kpi_tables) == len(years) == 16
    for year in years:
        rows = kpi_tables[year.cycle_kpi.kpi.name]
        column = rows["項目"].index("107年度")
        assert rows["原訂目標值"][column] == year.target_text
        assert rows["實際值"][column] == year.actual_text
        assert rows["達成度"][column] == year.achievement_text
        assert rows["初核結果"][column] == shown(year.initial_light)
        assert rows["複核結果"][column] == (shown(year.review_light) or year.review_light_text)


def assert_sample_figures(tables: Captioned) -> None:
    cells = {text for _, grid in tables for row in grid for text in row}
    assert {"95人次", "108人次", "100%", "★ 綠燈", "44.38%", "49.31%", "▲ 黃燈"} <= cells


# --- DOCX -----------------------------------------------------------------------------------


def test_docx_tables_hold_every_kpi_figure_and_light(
    imported_cycle: Cycle, document: Document, docx_bytes: bytes
) -> None:
    tables = docx_tables(docx_bytes)
    assert len(tables) == sum(isinstance(block, Table) for block in document.blocks) == 21
    assert_kpi_figures(imported_cycle, tables)
    assert_sample_figures(tables)


def test_docx_chapters_are_heading_1_and_punctuation_stays_full_width(
    document: Document, docx_bytes: bytes
) -> None:
    word = docx.Document(io.BytesIO(docx_bytes))
    styles = {style.style_id: style.name for style in word.styles}
    # paragraph.style looks a style up among all of them, each time: read the id instead
    paragraphs = [(styles.get(p._p.style or "Normal"), p.text) for p in word.paragraphs]
    chapters = [text for style, text in paragraphs if style == "Heading 1"]
    assert chapters == [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2]
    assert [chapter[:2] for chapter in chapters] == list(CHAPTERS)
    assert chapters[0] == "壹、前言" and chapters[-1] == "柒、評估綜合意見"
    assert ("Heading 2", "一、關鍵策略目標") in paragraphs
    assert ("Heading 4", "１、關鍵績效指標：深化與友邦高層政要之情誼") in paragraphs
    text = "\n".join(p.text for p in word.paragraphs)
    assert first_paragraph(document) in text  # as printed: no punctuation or character changed
    assert "本部依循「踏實外交，互惠互助」理念，" in text


def test_docx_is_a4_in_traditional_chinese(docx_bytes: bytes) -> None:
    section = docx.Document(io.BytesIO(docx_bytes)).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == round(section.right_margin.cm, 1) == 2.0
    styles = part(docx_bytes, "word/styles.xml")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    normal = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    for rpr in (defaults, normal.find(f"{W}rPr")):
        assert rpr is not None
        language = rpr.find(f"{W}lang")
        assert language is not None
        assert (language.get(f"{W}val"), language.get(f"{W}eastAsia")) == ("zh-TW", "zh-TW")
        fonts = rpr.find(f"{W}rFonts")
        assert fonts is not None and fonts.get(f"{W}eastAsia") == "Noto Sans CJK TC"


def test_docx_header_and_page_number_fields(docx_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        names = archive.namelist()
    footer = next(name for name in names if name.startswith("word/footer"))
    header = docx.Document(io.BytesIO(docx_bytes)).sections[0].header.paragraphs[0]
    assert header.text == "外交部　107年度施政績效報告\t公告日期：108年03月19日"
    fields = [f.get(f"{W}instr") for f in part(docx_bytes, footer).iter(f"{W}fldSimple")]
    assert fields == [" PAGE ", " NUMPAGES "]
    texts = [t.text for t in part(docx_bytes, footer).iter(f"{W}t")]
    assert texts == ["第 ", "1", " 頁，共 ", "1", " 頁"]


def docx_cell(tc: ElementTree.Element) -> tuple[str, int, bool]:
    """A Word cell's text, the columns it spans, and whether it is part of a vertical merge."""
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    columns = int(span.get(f"{W}val", "1")) if span is not None else 1
    return "".join(tc.itertext()), columns, tc.find(f"{W}tcPr/{W}vMerge") is not None


def test_docx_tables_repeat_headers_and_merge_cells(docx_bytes: bytes) -> None:
    body = part(docx_bytes, "word/document.xml")
    tables = list(body.iter(f"{W}tbl"))
    assert all(table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None for table in tables)
    for table in tables:  # within A4's text width: 21 cm less two 2 cm margins, in twips
        widths = [int(col.get(f"{W}w")) for col in table.iter(f"{W}gridCol")]
        assert abs(sum(widths) - 17 / 2.54 * 1440) <= len(widths)  # rounding: a twip a column
    costs = next(t for t in tables if t.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") == COSTS)
    rows = [[docx_cell(tc) for tc in tr.iter(f"{W}tc")] for tr in costs.iter(f"{W}tr")]
    assert rows[0][2] == ("106年度", 2, False)  # one cell over 預算數 and 預算執行進度(%)
    assert rows[2][0] == ("合計", 2, False)  # over 關鍵策略目標 and 計畫名稱
    assert rows[3][0] == ("（一）鞏固我與邦交國外交關係", 1, True)  # restarts a vertical merge
    assert rows[4][0] == ("", 1, True)  # … continued below
    assert len(rows[1]) == 7 and all(sum(span for _, span, _ in row) == 7 for row in rows)


def test_docx_draws_the_budget_chart(docx_bytes: bytes) -> None:
    word = docx.Document(io.BytesIO(docx_bytes))
    assert len(word.inline_shapes) == 1
    assert "104至107年度預、決算趨勢（單位：百萬元）" in [p.text for p in word.paragraphs]


# --- ODT ------------------------------------------------------------------------------------


def test_odt_tables_hold_every_kpi_figure_and_light(
    imported_cycle: Cycle, document: Document, odt_bytes: bytes
) -> None:
    tables = odt_tables(odt_bytes)
    assert len(tables) == sum(isinstance(block, Table) for block in document.blocks) == 21
    assert_kpi_figures(imported_cycle, tables)
    assert_sample_figures(tables)


def test_odt_chapters_are_outline_level_1(document: Document, odt_bytes: bytes) -> None:
    body = part(odt_bytes, "content.xml")
    headings = [
        (h.get(odf("text:outline-level")), "".join(h.itertext())) for h in body.iter(odf("text:h"))
    ]
    chapters = [text for level, text in headings if level == "1"]
    assert chapters == [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2]
    assert [chapter[:2] for chapter in chapters] == list(CHAPTERS)
    assert chapters[0] == "壹、前言" and chapters[-1] == "柒、評估綜合意見"
    assert ("4", "１、關鍵績效指標：深化與友邦高層政要之情誼") in headings
    text = "".join(body.itertext())
    assert first_paragraph(document) in text  # as printed: no punctuation or character changed
    assert "本部依循「踏實外交，互惠互助」理念，" in text


def test_odt_is_a4_in_traditional_chinese(odt_bytes: bytes) -> None:
    styles = part(odt_bytes, "styles.xml")
    default = next(
        s
        for s in styles.iter(odf("style:default-style"))
        if s.get(odf("style:family")) == "paragraph"
    )
    text = default.find(odf("style:text-properties"))
    assert text is not None
    assert (text.get(odf("fo:language")), text.get(odf("fo:country"))) == ("zh", "TW")
    assert (text.get(odf("style:language-asian")), text.get(odf("style:country-asian"))) == (
        "zh",
        "TW",
    )
    assert text.get(odf("style:font-name-asian")) == "Noto Sans CJK TC"
    page = next(styles.iter(odf("style:page-layout-properties")))
    assert (page.get(odf("fo:page-width")), page.get(odf("fo:page-height"))) == ("21cm", "29.7cm")


def test_odt_header_and_page_number_fields(odt_bytes: bytes) -> None:
    master = next(part(odt_bytes, "styles.xml").iter(odf("style:master-page")))
    header, footer = master.find(odf("style:header")), master.find(odf("style:footer"))
    assert header is not None and footer is not None
    assert "".join(header.itertext()) == "外交部　107年度施政績效報告公告日期：108年03月19日"
    assert header.find(f".//{odf('text:tab')}") is not None
    line = footer.find(odf("text:p"))
    assert line is not None
    assert [child.tag for child in line] == [odf("text:page-number"), odf("text:page-count")]
    assert "".join(line.itertext()) == "第 1 頁，共 1 頁"


def test_odt_tables_repeat_headers_and_merge_cells(odt_bytes: bytes) -> None:
    body = part(odt_bytes, "content.xml")
    tables = list(body.iter(odf("table:table")))
    assert all(t.find(odf("table:table-header-rows")) is not None for t in tables)
    widths = {
        style.get(odf("style:name")): float(
            properties.get(odf("style:column-width")).removesuffix("cm")
        )
        for style in body.iter(odf("style:style"))
        if (properties := style.find(odf("style:table-column-properties"))) is not None
    }
    for table in tables:  # every row has a cell or covered cell for every column; A4 wide
        columns = table.findall(odf("table:table-column"))
        total = sum(widths[column.get(odf("table:style-name"))] for column in columns)
        assert abs(total - 17) <= 0.001 * len(columns)  # rounding: a thousandth of a cm a column
        columns = len(columns)
        assert {len(row) for row in table.iter(odf("table:table-row"))} == {columns}
    costs = next(t for t in tables if t.findtext(odf("table:title")) == COSTS)
    rows = list(costs.iter(odf("table:table-row")))
    total = rows[2][0]
    assert "".join(total.itertext()) == "合計"
    assert total.get(odf("table:number-columns-spanned")) == "2"
    assert rows[2][1].tag == odf("table:covered-table-cell")
    goal = rows[3][0]  # a row label merged down by open borders: test_odt_layout.py
    assert "".join(goal.itertext()) == "（一）鞏固我與邦交國外交關係"
    assert ["".join(row[0].itertext()) for row in rows[4:7]] == [""] * 3


def test_odt_draws_the_budget_chart(odt_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(odt_bytes)) as archive:
        assert [n for n in archive.namelist() if n.startswith("Pictures/")] == [
            "Pictures/chart1.png"
        ]


# --- LibreOffice ----------------------------------------------------------------------------


def convert_to_pdf(source: Path, outdir: Path) -> Path:
    """LibreOffice headless, with a profile of its own so a running LibreOffice does not clash."""
    assert SOFFICE is not None
    profile = (outdir / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(outdir), str(source)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return outdir / f"{source.stem}.pdf"


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)
@pytest.mark.once
@pytest.mark.parametrize("extension", ["odt", "docx"])
def test_libreoffice_converts_to_pdf(document: Document, tmp_path: Path, extension: str) -> None:
    render = render_odt if extension == "odt" else render_docx
    source = tmp_path / f"report.{extension}"
    source.write_bytes(render(document))
    pdf = convert_to_pdf(source, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):  # poppler-utils: the page number fields were filled in
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        total = text.count("\f")  # pdftotext ends every page with a form feed
        pages = [(int(n), int(m)) for n, m in re.findall(r"第 (\d+) 頁，共 (\d+) 頁", text)]
        assert pages and {m for _, m in pages} == {total}
        # every page numbered in turn, a cover without a number apart
        assert [n for n, _ in pages] == list(range(total - len(pages) + 1, total + 1))
        assert total - len(pages) <= 1
