"""The HTML report on any screen: a table of contents that leads to each heading, a chart that
fits, tables that scroll in their own region on a phone, figures right-aligned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govperf.evaluation.models import Cycle
from govperf.reports.builder import document_build
from govperf.reports.document import Heading
from govperf.reports.render_html import render_html
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.reports.test_html import Page

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def report_html(imported_cycle: Cycle) -> str:
    return render_html(document_build(imported_cycle))


@pytest.mark.django_db
def test_contents_link_to_every_heading_in_order(imported_cycle: Cycle, report_html: str) -> None:
    headings = [b.text for b in document_build(imported_cycle).blocks if isinstance(b, Heading)]
    nav = report_html[report_html.index('<nav class="toc"') : report_html.index("</nav>")]
    links = Page(nav)  # no tables or headings of its own but 目錄
    targets = [part.split('"', 1)[0] for part in nav.split('<a href="#')[1:]]  # the ids, in order
    assert len(targets) == len(headings) and links.headings == [(2, "目錄")]
    for target, text in zip(targets, headings, strict=True):
        assert f'id="{target}">{text}</h' in report_html.replace("&quot;", '"')


@pytest.mark.django_db
def test_the_chart_has_no_fixed_width(report_html: str) -> None:
    svg = report_html[report_html.index("<svg") : report_html.index(">", report_html.index("<svg"))]
    assert 'width="100%"' in svg and "mm" not in svg and "height=" not in svg
    assert 'viewBox="0 0 ' in svg


@pytest.mark.django_db
def test_figures_are_right_aligned_and_lights_centred(report_html: str) -> None:
    page = Page(report_html)
    cells = [cell for table in page.tables for row in table.rows for cell in row]
    budget = next(cell for cell in cells if cell.text == "24,327")
    assert "align-right" in (budget.attributes.get("class") or "")
    green = next(cell for cell in cells if cell.text == "★ 綠燈")
    assert green.attributes.get("class") == "light-green align-center"


@pytest.fixture
def phone(tmp_path: Path, report_html: str) -> Iterator[object]:
    """The report opened in Chromium at a phone's width."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `scripts/setup --for-tests`")
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    path.write_text(report_html, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        page.goto(path.as_uri())
        yield page
        browser.close()


@pytest.mark.once
@pytest.mark.django_db(transaction=True)
def test_a_phone_never_scrolls_the_page_sideways(phone) -> None:  # type: ignore[no-untyped-def]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    chart = phone.locator("figure.chart svg").bounding_box()
    assert chart is not None and 0 < chart["width"] <= PHONE["width"]
    regions = phone.locator("div.table-scroll[role=region]")
    assert regions.count() == 21
    for index in range(regions.count()):
        region = regions.nth(index)
        assert region.evaluate("e => e.getBoundingClientRect().right") <= PHONE["width"]
        assert region.get_attribute("tabindex") == "0"
        name = region.get_attribute("aria-labelledby")
        assert phone.locator(f"caption#{name}").count() == 1


@pytest.mark.once
@pytest.mark.django_db(transaction=True)
def test_the_contents_work_from_the_keyboard(phone) -> None:  # type: ignore[no-untyped-def]
    link = phone.locator("nav.toc a", has_text="參、關鍵策略目標達成情形").first
    link.focus()
    phone.keyboard.press("Enter")
    target = link.get_attribute("href")
    assert phone.evaluate("location.hash") == target
    heading = phone.locator(str(target))
    assert heading.evaluate("e => e.getBoundingClientRect().top") < 5
