"""In Chromium: the planning office rejects a target revision from the rejection's own form,
its reason typed in that form's box; the approval's box stays apart, and the page passes
axe-core and fits a 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from govperf.evaluation.models import KpiYear, TargetRevision
from govperf.evaluation.targets import target_revision_request
from tests.browser.a11y import PHONE, axe_violations, horizontal_scroll
from tests.browser.conftest import sign_in
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.once  # what a browser sees does not depend on the database
def test_planning_rejects_a_revision_from_its_own_form(  # type: ignore[no-untyped-def]
    page, site, people, draft_cycle
) -> None:
    cycle = open_year(people["planning"], draft_cycle)
    year = KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, cycle_kpi__unit__name="亞太司", year=cycle.year
    ).first()
    revision = target_revision_request(
        actor=people["staff-asia"], kpi_year=year, revised_text="120人次", reason="預算刪減"
    )
    page.set_viewport_size(PHONE)
    sign_in(page, site, "planning", "pw")
    page.goto(f"{site}/target-revisions/{revision.pk}/decide/")
    problems = {"axe": axe_violations(page), "390 px": horizontal_scroll(page)}
    assert problems == {"axe": [], "390 px": []}, problems

    reject = page.locator("#decide-reject")
    reject.get_by_role("button", name="駁回").click()  # the browser asks for the reason first
    expect(page).to_have_url(f"{site}/target-revisions/{revision.pk}/decide/")
    reject.get_by_label("駁回理由（必填）").fill("修正幅度缺乏依據")
    expect(page.locator("#decide-approve").get_by_label("核定意見（選填）")).to_have_value("")
    reject.get_by_role("button", name="駁回").click()
    expect(page.locator("ul.messages")).to_contain_text("已駁回")
    revision.refresh_from_db()
    assert (revision.state, revision.decision_note) == (
        TargetRevision.State.REJECTED,
        "修正幅度缺乏依據",
    )
    expect(page.locator("main")).to_contain_text("修正幅度缺乏依據")
