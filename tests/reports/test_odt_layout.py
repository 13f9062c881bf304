"""The ODT report as printed: rows kept whole and merged groups on one page in LibreOffice, the
shared layout plan's widths, fills and alignment, a cover, a table of contents, and metadata."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest

from govperf.evaluation.models import Cycle
from govperf.imports.archive import Archive
from govperf.imports.odt_reader import odt_lines
from govperf.reports.builder import document_build
from govperf.reports.chart import budget_chart_description
from govperf.reports.document import Document, Heading, Image, Table, version_note
from govperf.reports.render_odt import render_odt
from govperf.reports.render_text import render_text
from govperf.reports.table_layout import FILL_COLOURS, cells_laid_out, is_figure, row_groups
from tests.imports.documents import printable_lines
from tests.reports.page_check import page_problems, page_texts

pytestmark = pytest.mark.django_db

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
}
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
COSTS = "關鍵績效指標相關計畫活動之成本"
BUDGET = "近4年預、決算趨勢（單位:百萬元）"


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def part(data: bytes, name: str) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ElementTree.fromstring(archive.read(name))


def text_of(element: ElementTree.Element) -> str:
    return "".join(element.itertext())


@pytest.fixture
def document(imported_cycle: Cycle) -> Document:
    return document_build(imported_cycle)


@pytest.fixture
def odt(document: Document) -> bytes:
    return render_odt(document)


class Styles:
    """content.xml's automatic styles by name, each with its properties merged."""

    def __init__(self, content: ElementTree.Element) -> None:
        self.by_name = {
            style.get(q("style:name")): style for style in content.iter(q("style:style"))
        }

    def get(self, name: str | None, attribute: str) -> str | None:
        style = self.by_name.get(name or "")
        if style is None:
            return None
        for properties in style:
            if (value := properties.get(q(attribute))) is not None:
                return value
        return None


def tables_by_title(content: ElementTree.Element) -> dict[str, ElementTree.Element]:
    return {
        table.findtext(q("table:title")) or "": table for table in content.iter(q("table:table"))
    }


def rows_of(table: ElementTree.Element) -> list[ElementTree.Element]:
    return list(table.iter(q("table:table-row")))


def printed(row: ElementTree.Element) -> list[ElementTree.Element]:
    return [cell for cell in row if cell.tag == q("table:table-cell")]


# --- LibreOffice --------------------------------------------------------------------------


def libreoffice_pdf(odt: bytes, work: Path) -> bytes:
    """The ODT as LibreOffice prints it, with a profile of its own."""
    assert SOFFICE is not None
    source = work / "report.odt"
    source.write_bytes(odt)
    command = [SOFFICE, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless"]
    subprocess.run(
        [*command, "--convert-to", "pdf", "--outdir", str(work), str(source)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return (work / "report.pdf").read_bytes()


needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (libreoffice-writer-nogui) and poppler-utils",
)


@needs_libreoffice
@pytest.mark.once
def test_libreoffice_breaks_no_row_and_no_merged_group(
    document: Document, odt: bytes, tmp_path: Path
) -> None:
    pdf = libreoffice_pdf(odt, tmp_path)
    assert page_problems(document, pdf) == []
    pages = page_texts(pdf)
    assert "外交部" in pages[0] and "目錄" not in pages[0]  # the cover, alone on its page
    assert "目錄" in pages[1]


@needs_libreoffice
@pytest.mark.once
def test_libreoffice_fills_in_the_contents_page_numbers(
    document: Document, odt: bytes, tmp_path: Path
) -> None:
    """Each entry's number is the page its heading is printed on (the first such page after
    the contents: a heading's text may also appear in the page header or a table)."""
    pdf = libreoffice_pdf(odt, tmp_path)
    pages = page_texts(pdf)
    entries = re.findall(r"([壹貳參肆伍陸柒]、[^.…]{2,12})[^.…]*[.…]{3,}(\d+)", pages[1])
    chapters = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2]
    assert len(entries) >= len(chapters) == 7
    for start, number in entries:
        first = next(index for index, page in enumerate(pages[2:], 2) if start in page)
        assert int(number) == first + 1, start


# --- the file -----------------------------------------------------------------------------


def test_every_table_row_is_kept_whole_and_groups_keep_together(odt: bytes) -> None:
    content = part(odt, "content.xml")
    styles = Styles(content)
    rows = list(content.iter(q("table:table-row")))
    assert rows and {
        styles.get(r.get(q("table:style-name")), "fo:keep-together") for r in rows
    } == {"always"}
    settings = {
        item.get(q("config:name")): item.text
        for item in part(odt, "settings.xml").iter(q("config:config-item"))
    }
    assert settings["TableRowKeep"] == "true"  # LibreOffice keeps rows whose paragraphs keep


def test_a_merged_group_keeps_with_its_next_row_to_its_last(document: Document, odt: bytes) -> None:
    """The budget table's 合計 group (預算, 決算, 執行率) and each goal's rows in the cost table:
    every row but a group's last starts with a real cell whose paragraphs keep with the next."""
    content = part(odt, "content.xml")
    styles = Styles(content)
    tables = tables_by_title(content)
    for title in (BUDGET, COSTS):
        table = next(b for b in document.blocks if isinstance(b, Table) and b.caption == title)
        elements = rows_of(tables[title])
        for group in row_groups(table):
            for index in group:
                first = elements[index][0]
                assert first.tag == q("table:table-cell"), (title, index)
                keeps = {
                    styles.get(p.get(q("text:style-name")), "fo:keep-with-next")
                    for cell in printed(elements[index])
                    for p in cell.iter(q("text:p"))
                }
                assert keeps == ({"always"} if index != group[-1] else {None}), (title, index)


def test_a_row_label_over_a_group_prints_once_with_no_border_inside(odt: bytes) -> None:
    content = part(odt, "content.xml")
    styles = Styles(content)
    rows = rows_of(tables_by_title(content)[BUDGET])
    label = [row[0] for row in rows[1:4]]
    assert [text_of(cell) for cell in label] == ["合計", "", ""]
    borders = [
        (
            styles.get(c.get(q("table:style-name")), "fo:border-top"),
            styles.get(c.get(q("table:style-name")), "fo:border-bottom"),
        )
        for c in label
    ]
    assert borders[0][1] == borders[1][0] == borders[1][1] == borders[2][0] == "none"
    assert borders[0][0] != "none" and borders[2][1] != "none"


def test_cells_are_filled_aligned_and_lights_worded_as_the_plan_says(
    document: Document, odt: bytes
) -> None:
    content = part(odt, "content.xml")
    styles = Styles(content)
    elements = {title: rows_of(table) for title, table in tables_by_title(content).items()}
    tables = [b for b in document.blocks if isinstance(b, Table)]
    lights = figures = 0
    for table in tables:
        for row, layouts in zip(elements[table.caption], cells_laid_out(table), strict=True):
            for layout in layouts:
                cell = row[layout.column]  # a cell or covered cell at every grid position
                assert text_of(cell) == layout.text.replace("\n", "")
                fill = styles.get(cell.get(q("table:style-name")), "fo:background-color")
                assert fill == (f"#{FILL_COLOURS[layout.fill]}" if layout.fill else None)
                align = styles.get(cell[0].get(q("text:style-name")), "fo:text-align")
                assert align == {"left": "start", "center": "center", "right": "end"}[layout.align]
                lights += layout.cell.light is not None
                figures += is_figure(layout.text) and align == "end"
    assert lights >= 16 * 2 and figures > 100
    cell_styles = [
        s for s in content.iter(q("style:style")) if s.get(q("style:family")) == "table-cell"
    ]
    assert len(cell_styles) < 20  # one per fill and border, not one per cell


def test_a_green_light_prints_its_symbol_and_word_on_green(odt: bytes) -> None:
    content = part(odt, "content.xml")
    styles = Styles(content)
    greens = [c for c in content.iter(q("table:table-cell")) if text_of(c) == "★ 綠燈"]
    assert greens
    assert {styles.get(c.get(q("table:style-name")), "fo:background-color") for c in greens} == {
        f"#{FILL_COLOURS['green']}"
    }


def test_the_cover_holds_agency_title_and_date_then_the_contents(
    document: Document, odt: bytes
) -> None:
    body = part(odt, "content.xml").find(f".//{q('office:text')}")
    assert body is not None
    paragraphs = [text_of(e) for e in body if e.tag == q("text:p") and text_of(e)]
    assert paragraphs[:3] == ["外交部", "107年度施政績效報告", "公告日期：108年03月19日"]
    contents = body.find(q("text:table-of-content"))
    assert contents is not None and contents.find(q("text:table-of-content-source")) is not None
    entries = [text_of(p) for p in contents.iter(q("text:p"))]
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.level in (2, 3)]
    assert entries == ["目錄", *(f"{heading}1" for heading in headings)]
    references = [r.get(q("text:ref-name")) for r in contents.iter(q("text:bookmark-ref"))]
    bookmarks = [b.get(q("text:name")) for b in body.iter(q("text:bookmark"))]
    assert references == bookmarks and len(set(bookmarks)) == len(headings)


def test_a_published_version_is_named_in_a_cover_note(document: Document) -> None:
    odt = render_odt(replace(document, version=2, version_reason="更正誤植"))
    body = part(odt, "content.xml").find(f".//{q('office:text')}")
    assert body is not None
    cover = [(e.get(q("text:style-name")), text_of(e)) for e in body if e.tag == q("text:p")][:4]
    assert cover[3] == ("CoverNote", "第 2 版（更正）：更正誤植")
    fields = {
        f.get(q("meta:name")): f.text for f in part(odt, "meta.xml").iter(q("meta:user-defined"))
    }
    assert fields == {"版本": "2", "版本說明": "更正誤植"}


def test_meta_names_the_report_its_agency_and_publication_date(odt: bytes) -> None:
    found = part(odt, "meta.xml").find(q("office:meta"))
    assert found is not None
    meta = {child.tag: child.text for child in found}
    assert meta[q("dc:title")] == "外交部107年度施政績效報告"
    assert meta[q("dc:creator")] == meta[q("meta:initial-creator")] == "外交部"
    assert meta[q("meta:creation-date")] == meta[q("dc:date")] == "2019-03-19T00:00:00"
    assert meta[q("dc:language")] == "zh-TW"
    assert meta[q("meta:generator")] == "govperf"


def test_an_unpublished_report_has_no_date_rather_than_a_wrong_one(document: Document) -> None:
    found = part(render_odt(replace(document, published_on_text="")), "meta.xml")
    assert found.find(f".//{q('dc:date')}") is None
    assert found.find(f".//{q('meta:creation-date')}") is None


def test_the_chart_is_named_by_its_image_line_and_titled_below(
    document: Document, odt: bytes
) -> None:
    image = next(b for b in document.blocks if isinstance(b, Image) and b.trend is not None)
    assert image.trend is not None
    content = part(odt, "content.xml")
    frame = next(content.iter(q("draw:frame")))
    assert frame.get(q("draw:name")) == image.text
    assert frame.findtext(q("svg:desc")) == budget_chart_description(image.trend)
    titles = [p for p in content.iter(q("text:p")) if p.get(q("text:style-name")) == "ChartTitle"]
    assert [text_of(p) for p in titles] == ["104至107年度預、決算趨勢（單位：百萬元）"]


def test_headings_and_unit_lines_keep_with_what_follows(odt: bytes) -> None:
    styles = {s.get(q("style:name")): s for s in part(odt, "styles.xml").iter(q("style:style"))}
    for name in ("Heading_20_1", "Heading_20_4", "Unit_20_Line"):
        properties = styles[name].find(q("style:paragraph-properties"))
        assert properties is not None and properties.get(q("fo:keep-with-next")) == "always"


def test_a_table_keeps_its_last_row_with_the_note_under_it(odt: bytes) -> None:
    content = part(odt, "content.xml")
    styles = Styles(content)
    tables = tables_by_title(content)
    budget = tables[BUDGET].get(q("table:style-name"))  # ＊本施政績效係就普通基金部分評估…
    costs = tables[COSTS].get(q("table:style-name"))  # followed by a heading
    assert styles.get(budget, "fo:keep-with-next") == "always"
    assert styles.get(costs, "fo:keep-with-next") is None


def test_a_versioned_report_reads_back_as_its_text_export(document: Document) -> None:
    """The cover note and the table of contents are the file's own: an import skips them (as
    the text import skips the text export's version note)."""
    versioned = replace(document, version=3, version_reason="更正誤植")
    lines = odt_lines(Archive(render_odt(versioned), "report.odt"))
    exported = render_text(versioned).replace(version_note(versioned) + "\n", "", 1)
    assert printable_lines(lines.text()) == printable_lines(exported)
