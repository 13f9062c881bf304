"""In a real browser: the public home page, signing in, the cycle in progress, two languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_home_then_planning_sees_the_cycle_in_progress_in_both_languages(
    page,
    site,
    people,
    draft_cycle,  # type: ignore[no-untyped-def]
) -> None:
    open_year(people["planning"], draft_cycle)
    page.goto(f"{site}/")
    expect(page.locator("h1")).to_have_text("施政績效評估")
    expect(page.locator("main")).to_contain_text("尚無已公告的報告。")

    sign_in(page, site, "planning", "pw")
    row = page.locator("main table tbody tr", has_text="107年度")
    expect(row).to_contain_text("外交部")
    expect(row).to_contain_text("填報中")

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Performance evaluation")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main table")).to_contain_text("ROC year 107")

    page.get_by_role("button", name="繁體中文").click()
    expect(page.locator("h1")).to_have_text("施政績效評估")
    expect(page.locator("main table tbody tr", has_text="107年度")).to_contain_text("填報中")
