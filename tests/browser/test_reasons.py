"""In a real browser: a unit head returns the submission with a reason, and the unit's staff
see it where they work next (their home's 需要您處理, the unit's part of the year's page, the
notices page); the pages pass axe-core and fit a phone's width. Other units see none of it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from govperf.domain.workflow import SubmissionAction
from govperf.evaluation.models import Cycle
from govperf.workflow.models import UnitSubmission
from govperf.workflow.services import submission_apply
from tests.browser.a11y import PHONE, axe_violations, horizontal_scroll
from tests.browser.conftest import sign_in
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db(transaction=True)
REASON = "第3項實際值請附佐證後再送出"


def as_person(browser: Any, site: str, username: str) -> Page:
    context = browser.new_context(locale="zh-TW")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, site, username, "pw")
    return page


def checked(page: Page) -> list[str]:
    """axe-core's findings on the page, and any horizontal scroll at a phone's width."""
    found = axe_violations(page)
    page.set_viewport_size(PHONE)
    found += horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


@pytest.mark.once  # the services and pages run on PostgreSQL in tests/workflow/test_notices.py
def test_a_return_with_a_reason_is_seen_by_the_unit(
    browser: Any, site: str, people: dict[str, Any], draft_cycle: Cycle
) -> None:
    open_year(people["planning"], draft_cycle)
    submission = UnitSubmission.objects.get(cycle=draft_cycle, unit__name="亞太司")
    submission_apply(
        actor=people["staff-asia"], submission=submission, action=SubmissionAction.SUBMIT,
        confirm=True,
    )  # fmt: skip
    problems: list[str] = []

    head = as_person(browser, site, "head-asia")
    head.goto(f"{site}/cycles/{draft_cycle.pk}/")
    form = head.locator("main form", has=head.get_by_role("button", name="退回承辦人"))
    form.locator("textarea[name=reason]").fill(REASON)
    form.get_by_role("button", name="退回承辦人").click()
    expect(head.locator(".messages")).to_contain_text("已完成「退回承辦人」")
    expect(head.locator("main .reason")).to_contain_text(REASON)  # the unit's part of the year

    staff = as_person(browser, site, "staff-asia")
    staff.goto(f"{site}/")
    needs = staff.locator("main section.needs")
    expect(needs).to_contain_text("需要您處理")
    expect(needs).to_contain_text(REASON)
    problems += checked(staff)
    needs.get_by_role("link", name="單位主管退回填報").click()
    expect(staff.locator("main .reason")).to_contain_text("單位主管退回理由")
    expect(staff.locator("main .reason")).to_contain_text(REASON)
    problems += checked(staff)
    staff.goto(f"{site}/notices/")
    expect(staff.locator("main ul.notices")).to_contain_text(REASON)
    problems += checked(staff)
    staff.get_by_role("button", name="標為已讀", exact=True).click()
    expect(staff.locator(".messages")).to_contain_text("已標為已讀")
    staff.goto(f"{site}/")
    expect(staff.locator("main")).not_to_contain_text(REASON)

    other = as_person(browser, site, "staff-io")
    other.goto(f"{site}/")
    expect(other.locator("main")).not_to_contain_text(REASON)
    other.goto(f"{site}/cycles/{draft_cycle.pk}/")
    expect(other.locator("main")).not_to_contain_text(REASON)
    assert problems == []
    for page in (head, staff, other):
        page.context.close()
