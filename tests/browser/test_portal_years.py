"""In Chromium on a phone (390 px): the portal's home, agencies, an agency's years, a year and
its chapters, in both languages: their content, axe-core, no sideways scroll, keyboard focus."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from govperf.evaluation.models import Cycle
from tests.browser.a11y import PHONE, page_problems, phone_context

pytestmark = pytest.mark.django_db(transaction=True)


def pages(cycle: Cycle) -> dict[str, tuple[str, str]]:
    """Each page of this part of the portal: its path and a text its main content holds."""
    year = f"/agencies/{cycle.agency_id}/{cycle.year}/"
    return {
        "home": ("/", "外交部"),
        "agencies": ("/agencies/", "外交部"),
        "agency": (f"/agencies/{cycle.agency_id}/", "90.21"),
        "year": (year, "深化與友邦高層政要之情誼"),
        "chapters": (f"{year}chapters/", "本部遵示辦理。"),
    }


@pytest.mark.once  # what a browser sees does not depend on the database
@pytest.mark.parametrize("language", ["zh-Hant", "en"])
def test_the_portal_pages_are_accessible_on_a_phone(
    browser,
    site,
    imported_cycle,
    language: str,  # type: ignore[no-untyped-def]
) -> None:
    context = phone_context(browser, site, english=language == "en")
    page = context.new_page()
    problems = {}
    for name, (path, text) in pages(imported_cycle).items():
        page.goto(f"{site}{path}")
        expect(page.locator("main")).to_contain_text(text)
        problems[name] = page_problems(page, english=language == "en")
    context.close()
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.once
def test_the_year_page_is_reached_and_read_with_the_keyboard(
    browser,
    site,
    imported_cycle,  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context(locale="zh-TW", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site}/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()  # the skip link comes first
    page.keyboard.press("Enter")
    link = page.locator("main a", has_text="107年度").first
    for _ in range(40):  # Tab through the page until the year's link has the focus
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("外交部 107年度施政績效報告")
    parts = page.get_by_role("navigation", name="本頁內容")
    parts.get_by_role("link", name="預決算趨勢").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#budget")).to_be_in_viewport()
    region = page.get_by_role("region", name="預決算（單位：百萬元）")
    region.focus()
    expect(region).to_be_focused()  # a wide table's region takes the focus, to scroll it
    context.close()
