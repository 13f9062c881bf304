"""The HTML report: a standalone, accessible page with every KPI figure and light of the sample."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise

import pytest

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle, KpiYear
from govperf.reports.builder import document_build
from govperf.reports.render_html import render_html

pytestmark = pytest.mark.django_db

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class ParsedCell:
    tag: str
    text: str
    attributes: dict[str, str | None]


@dataclass
class ParsedTable:
    caption: str = ""
    rows: list[list[ParsedCell]] = field(default_factory=list)

    def by_label(self) -> dict[str, list[str]]:
        return {row[0].text: [cell.text for cell in row] for row in self.rows}


class Page(HTMLParser):
    """The page's language, headings and tables, with each cell's text (<br> as a newline)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang: str | None = None
        self.headings: list[tuple[int, str]] = []
        self.tables: list[ParsedTable] = []
        self._text: list[str] | None = None
        self._attributes: dict[str, str | None] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag == "table":
            self.tables.append(ParsedTable())
        elif tag == "tr":
            self.tables[-1].rows.append([])
        elif tag in {"th", "td", "caption"} | HEADINGS:
            self._text, self._attributes = [], dict(attrs)
        elif tag == "br" and self._text is not None:
            self._text.append("\n")

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._text is None:
            return
        text, self._text = "".join(self._text), None
        if tag in {"th", "td"}:
            self.tables[-1].rows[-1].append(ParsedCell(tag, text, self._attributes))
        elif tag == "caption":
            self.tables[-1].caption = text
        elif tag in HEADINGS:
            self.headings.append((int(tag[1]), text))


@pytest.fixture
def page(imported_cycle: Cycle) -> Page:
    return Page(render_html(document_build(imported_cycle)))


def shown(light: str) -> str:
    return f"{Light(light).symbol} {Light(light).label_zh}" if light else ""


def test_page_is_standalone_traditional_chinese(imported_cycle: Cycle) -> None:
    html = render_html(document_build(imported_cycle))
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-Hant">')
    assert "<title>外交部 107年度施政績效報告</title>" in html
    assert "<style>" in html and "@media print" in html
    assert "<link" not in html and "<script" not in html
    assert Page(html).lang == "zh-Hant"


def test_every_kpi_shows_its_107_figures_and_lights_in_words(
    imported_cycle: Cycle, page: Page
) -> None:
    kpi_tables = {table.caption: table for table in page.tables if "衡量標準" in table.by_label()}
    years = KpiYear.objects.filter(cycle_kpi__cycle=imported_cycle, year=107)
    assert len(kpi_tables) == len(years) == 16
    for year in years.select_related("cycle_kpi__kpi"):
        rows = kpi_tables[year.cycle_kpi.kpi.name].by_label()
        column = rows["項目"].index("107年度")
        assert rows["原訂目標值"][column] == year.target_text
        assert rows["實際值"][column] == year.actual_text
        assert rows["達成度"][column] == year.achievement_text
        assert rows["初核結果"][column] == shown(year.initial_light)
        assert rows["複核結果"][column] == (shown(year.review_light) or year.review_light_text)


def test_lights_are_never_colour_alone(page: Page) -> None:
    lit = [
        cell
        for table in page.tables
        for row in table.rows
        for cell in row
        if (cell.attributes.get("class") or "").startswith("light-")
    ]
    assert len(lit) > 16 * 4
    words = {light.label_zh for light in Light}
    assert all(cell.text[0] in "★▲●□" and cell.text[2:] in words for cell in lit)
    assert "★ 綠燈" in {cell.text for cell in lit} and "▲ 黃燈" in {cell.text for cell in lit}


def test_tables_have_captions_and_scoped_headers(page: Page) -> None:
    assert len(page.tables) == 21
    for table in page.tables:
        assert table.caption
        headers = [cell for row in table.rows for cell in row if cell.tag == "th"]
        assert headers and all(cell.attributes.get("scope") for cell in headers)


def test_merged_cells_span_rows_and_columns(page: Page) -> None:
    captions = {table.caption: table for table in page.tables}
    costs = captions["關鍵績效指標相關計畫活動之成本"]
    total = costs.rows[2][0]
    assert (total.text, total.attributes.get("colspan")) == ("合計", "2")
    assert costs.rows[0][2].attributes.get("colspan") == "2"  # 106年度 over two columns
    goal = costs.rows[3][0]
    assert (goal.text, goal.attributes.get("rowspan")) == ("（一）鞏固我與邦交國外交關係", "4")
    lights = captions["各關鍵績效指標燈號"]
    assert [cell.attributes.get("rowspan") for cell in lights.rows[1][:2]] == ["2", "2"]
    statistics = captions["績效燈號統計(106年度以後僅統計院核評估部分)"]
    assert statistics.rows[1][0].attributes.get("rowspan") == "11"


def test_headings_follow_the_numbering_without_skipping_a_level(page: Page) -> None:
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1 and levels.count(2) == 8  # 目錄 and the seven chapters
    assert all(later <= earlier + 1 for earlier, later in pairwise(levels))
    assert (3, "一、關鍵策略目標") in page.headings
    assert (4, "（一）關鍵策略目標：鞏固我與邦交國外交關係。") in page.headings
    assert (5, "１、關鍵績效指標：深化與友邦高層政要之情誼") in page.headings
    assert (3, "一、亞太事務：") in page.headings


def test_budget_chart_is_drawn_from_the_data(imported_cycle: Cycle) -> None:
    html = render_html(document_build(imported_cycle))
    figure = html[html.index('<figure class="chart">') : html.index("</figure>")]
    assert 'role="img"' in figure
    for amount in ("24,327", "23,790", "26,134", "24,694"):
        assert amount in figure
    assert "<figcaption>104至107年度預、決算趨勢（單位：百萬元）</figcaption>" in figure
    assert "[image:" not in figure
