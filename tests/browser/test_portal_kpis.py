"""On a phone, in a real browser: a KPI's history, the comparison of agencies and the search pass
axe-core, fit 390 px, show their focus, and are worked by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from bench.national_data import Size, national_data_generate
from govperf.evaluation.models import Kpi
from tests.browser.a11y import PHONE, page_problems, phone_context

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TABS = 80  # Tab presses to reach a control: the page's links and fields are fewer


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element `selector` names has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} not reached in {MAX_TABS} Tab presses")


@pytest.mark.once  # what a browser sees does not depend on the database
@pytest.mark.parametrize("language", ["zh-Hant", "en"])
def test_the_kpi_comparison_and_search_pages_are_accessible_on_a_phone(
    browser,
    site,
    imported_cycle,
    language: str,  # type: ignore[no-untyped-def]
) -> None:
    context = phone_context(browser, site, english=language == "en")
    page = context.new_page()
    ngo = Kpi.objects.get(name="協助我NGO進行國際交流").pk
    visits = Kpi.objects.get(name="深化與友邦高層政要之情誼").pk
    paths = [
        f"/kpis/{ngo}/",
        f"/kpis/{visits}/",
        "/compare/",
        "/compare/?sort=-achievement&light=yellow",
        "/search/",
        "/search/?q=友邦",
        "/search/?q=邦",
    ]
    found = {}
    for path in paths:
        page.goto(f"{site}{path}")
        found[path] = page_problems(page, english=language == "en")
    context.close()
    assert {path: lines for path, lines in found.items() if lines} == {}


@pytest.fixture
def page_phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-TW", viewport=PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.mark.once
def test_the_comparison_sorts_and_filters_by_keyboard(page_phone: Page, site: str) -> None:
    national_data_generate(size=Size(agencies=3, years=3, kpis=6), files="small")
    page = page_phone
    page.goto(f"{site}/compare/")
    tab_to(page, "th a[href='?sort=-achievement']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compare/?sort=-achievement")
    sorted_heading = page.locator("th[aria-sort]")
    expect(sorted_heading).to_have_count(1)
    expect(sorted_heading).to_have_attribute("aria-sort", "descending")
    expect(sorted_heading).to_contain_text("平均達成度")
    shown = page.locator("table.compare tbody tr td:last-child").all_inner_texts()
    values = [float(text.rstrip("%")) for text in shown]
    assert values == sorted(values, reverse=True) and len(values) == 9

    tab_to(page, "#compare-year")
    page.keyboard.press("ArrowDown")  # 全部年度 → the newest year
    tab_to(page, "form.filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compare/?year=102*")
    assert "sort=-achievement" in page.url  # the sort is kept
    years = page.locator("table.compare tbody tr td:first-of-type").all_inner_texts()
    assert years == ["102年度"] * 3
    expect(page.locator("#compare-year")).to_have_value("102")


@pytest.mark.once
def test_the_search_is_typed_and_sent_by_keyboard(
    page_phone: Page, site: str, imported_cycle
) -> None:  # type: ignore[no-untyped-def]
    page = page_phone
    page.goto(f"{site}/search/")
    expect(page.locator("main h2")).to_have_count(0)  # the form only
    tab_to(page, "#search-q")
    page.keyboard.type("高層政要")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    first = page.locator("ol.results li").first
    expect(first.locator("h3 mark")).to_have_text("高層政要")
    tab_to(page, "ol.results li:first-child h3 a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kpis/*/")
    expect(page.locator("h1")).to_have_text("深化與友邦高層政要之情誼")
