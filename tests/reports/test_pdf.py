"""The PDF report: A4 pages with every KPI figure and light, page numbers and repeated headers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle, KpiYear
from govperf.reports.builder import document_build
from govperf.reports.document import Cell, Document, Heading, Paragraph, Table
from govperf.reports.render_pdf import FONT_DIR, render_pdf

pytestmark = [
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
        reason="poppler-utils is not installed (scripts/setup --for-tests)",
    ),
    pytest.mark.skipif(not FONT_DIR.is_dir(), reason="fonts-noto-cjk is not installed"),
]

MARKUP = '#set text(red) *粗體* _斜_ $x^2$ @ref <標籤> [方括號] \\ `code` "引號" // 註解 = 標題'


@pytest.fixture
def report_pdf(imported_cycle: Cycle, tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(document_build(imported_cycle)))
    return path


def pdf_text(path: Path, *options: str) -> str:
    command = ["pdftotext", "-layout", *options, str(path), "-"]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return dict(re.findall(r"^([^:\n]+):\s*(.*)$", output, flags=re.MULTILINE))


def flat(text: str) -> str:
    """Text without the spaces and line breaks that layout adds."""
    return re.sub(r"\s+", "", text)


def render_to(tmp_path: Path, document: Document) -> Path:
    path = tmp_path / "document.pdf"
    path.write_bytes(render_pdf(document))
    return path


@pytest.mark.django_db
def test_a4_pages_numbered_of_the_total(report_pdf: Path) -> None:
    assert report_pdf.read_bytes().startswith(b"%PDF")
    info = pdf_info(report_pdf)
    pages = int(info["Pages"])
    assert 20 <= pages <= 60  # the Word original runs to 30-odd pages
    assert info["Page size"].endswith("(A4)")
    text = pdf_text(report_pdf)
    assert "第 1 頁" not in text  # the cover is page 1, unnumbered
    assert "第 2 頁，共" in text
    assert f"第 {pages} 頁，共 {pages} 頁" in text


@pytest.mark.django_db
def test_page_one_has_the_title_and_publication_date(report_pdf: Path) -> None:
    first_page = pdf_text(report_pdf, "-f", "1", "-l", "1")
    assert "外交部107年度施政績效報告" in flat(first_page)
    assert "公告日期：108年03月19日" in flat(first_page)


@pytest.mark.django_db
def test_every_kpi_shows_its_107_figures_and_lights(
    imported_cycle: Cycle, report_pdf: Path
) -> None:
    text = pdf_text(report_pdf)
    years = KpiYear.objects.filter(cycle_kpi__cycle=imported_cycle, year=107)
    assert len(years) == 16
    for year in years:
        for figure in (year.target_text, year.actual_text, year.achievement_text):
            assert figure in text, figure
        for light, printed in (
            (year.initial_light, year.initial_light_text),
            (year.review_light, year.review_light_text),
        ):
            shown = f"{Light(light).symbol} {Light(light).label_zh}" if light else printed
            assert shown in text, (year.cycle_kpi_id, shown)
    for example in ("95人次", "108人次", "44.38%", "49.31%", "▲ 黃燈", "★ 綠燈"):
        assert example in text


@pytest.mark.django_db
def test_chapter_headings_in_order(imported_cycle: Cycle, report_pdf: Path) -> None:
    blocks = document_build(imported_cycle).blocks
    chapters = [block.text for block in blocks if isinstance(block, Heading) and block.level == 2]
    text = flat(pdf_text(report_pdf))
    found = [text.find(flat(chapter)) for chapter in chapters]
    assert len(found) == 7 and -1 not in found
    assert found == sorted(found)


def test_header_rows_repeat_on_every_page_of_a_long_table(tmp_path: Path) -> None:
    header = (Cell("年度"), Cell("計畫名稱"), Cell("預算數"))
    body = tuple((Cell(f"{row}"), Cell(f"計畫第{row}項"), Cell(f"{row},000")) for row in range(150))
    document = Document("某機關", "年度施政績效報告", "108年03月19日", (Table((header, *body)),))
    path = render_to(tmp_path, document)
    pages = int(pdf_info(path)["Pages"])
    assert pages >= 3
    assert pdf_text(path).count("計畫名稱") == pages - 1  # every page but the cover
    assert "計畫第149項" in pdf_text(path)


def test_merged_cells_print_once_and_keep_the_grid(tmp_path: Path) -> None:
    rows = (
        (Cell("關鍵策略目標", rowspan=2), Cell("106年度", colspan=2)),
        (Cell(covered=True), Cell("預算數"), Cell("執行率")),
        (Cell("合計"), Cell("11,609,199"), Cell("84.53")),
    )
    document = Document("某機關", "報告", "108年03月19日", (Table(rows, header_rows=2),))
    text = pdf_text(render_to(tmp_path, document))
    assert text.count("關鍵策略目標") == 1 and text.count("106年度") == 1
    assert re.search(r"^ *預算數 +執行率 *$", text, flags=re.MULTILINE)  # beside the merged cell
    assert re.search(r"^ *合計 +11,609,199 +84\.53 *$", text, flags=re.MULTILINE)


def test_typst_markup_in_text_is_printed_as_typed(tmp_path: Path) -> None:
    blocks = (
        Heading(2, MARKUP),
        Paragraph(MARKUP, label="答："),
        Paragraph(MARKUP, style="footnote"),
        Table(((Cell(MARKUP),), (Cell(MARKUP, light=Light.YELLOW),))),
    )
    text = flat(pdf_text(render_to(tmp_path, Document(MARKUP, MARKUP, MARKUP, blocks))))
    assert text.count(flat(MARKUP)) >= 6
    assert "答：" + flat(MARKUP) in text
    assert "▲黃燈" in text


def test_full_width_punctuation_is_kept(tmp_path: Path) -> None:
    sentence = "本部依循「踏實外交，互惠互助」理念；推動參與（含經貿）！？、。"
    text = pdf_text(render_to(tmp_path, Document("外交部", "報告", "", (Paragraph(sentence),))))
    assert sentence in flat(text)
