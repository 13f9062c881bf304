"""In a real browser: the head reads the report's draft from the page where they approve it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from govperf.evaluation.models import Cycle
from tests.browser.a11y import axe_violations, horizontal_scroll
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def awaiting_approval(draft_cycle: Cycle, people: dict[str, Any]) -> Cycle:
    """The sample year as planning sends it to the head: 陳核中 (the walk to it is tested in
    test_cycle_walk.py; here the state is set so the test is about the draft)."""
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.APPROVAL)
    draft_cycle.refresh_from_db()
    return draft_cycle


@pytest.mark.once
def test_the_head_reads_the_draft_before_approving(
    page: Page, site: str, awaiting_approval: Cycle
) -> None:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, site, "minister", "pw")
    page.goto(f"{site}/cycles/{awaiting_approval.pk}/")
    expect(page.get_by_role("button", name="核定", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="閱讀報告草稿（網頁）").click()
    expect(page).to_have_title("草稿：外交部 107年度施政績效報告")
    banner = page.get_by_role("note").filter(has_text="草稿：尚未公告")
    expect(banner).to_be_visible()
    assert banner.evaluate("node => getComputedStyle(node).borderTopStyle") == "solid"  # styled
    expect(page.get_by_role("heading", name="壹、前言")).to_be_visible()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert horizontal_scroll(page) == []
    assert refused == []

    pdf = page.request.get(f"{site}/cycles/{awaiting_approval.pk}/draft/pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "private, no-store"
