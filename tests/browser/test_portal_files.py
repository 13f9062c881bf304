"""In a real browser on a phone: a year's published versions, what a correction changed, and the
open-data page, in 繁體中文 and in English: accessible and no wider than 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.domain.workflow import CycleAction
from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.actions import cycle_act
from tests.browser.a11y import page_problems, phone_context

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def corrected(imported_cycle: Cycle) -> Cycle:
    """The sample's 107 with a published correction (version 2) of one actual value."""
    cycle_assign_units(cycle=imported_cycle)
    planning = people_ensure(agency=imported_cycle.agency, password="pw")["planning"]
    reason = "更正實際值"
    cycle_act(
        actor=planning, cycle=imported_cycle, action=CycleAction.START_CORRECTION, reason=reason
    )
    KpiYear.objects.filter(cycle_kpi__kpi__name="深化與友邦高層政要之情誼", year=107).update(
        actual_text="999人次"
    )
    cycle_act(
        actor=planning, cycle=imported_cycle, action=CycleAction.PUBLISH_CORRECTION, reason=reason
    )
    return imported_cycle


@pytest.mark.once  # what a browser sees does not depend on the database
@pytest.mark.parametrize("language", ["zh-Hant", "en"])
def test_versions_changes_and_open_data_on_a_phone(
    browser,
    site,
    corrected,
    language: str,  # type: ignore[no-untyped-def]
) -> None:
    context = phone_context(browser, site, english=language == "en")
    page = context.new_page()
    year = f"{site}/agencies/{corrected.agency_id}/{corrected.year}/"
    pages = {
        f"{year}versions/": ("第 2 版", "Version 2"),
        f"{year}v2/changes/": ("999人次", "999人次"),
        f"{site}/data/": ("資料說明", "Data dictionary"),
    }
    for url, (zh, en) in pages.items():
        page.goto(url)
        expect(page.locator("main")).to_contain_text(en if language == "en" else zh)
        assert page_problems(page, english=language == "en") == {}, url
    context.close()
