"""In a real browser, as each role: the sample agency's year from opening to publication.

The 107 sample, set back to draft with its KPIs owned by three demo units, is opened by the
planning office, reported by the units, reviewed, answered, returned once by the head, approved
and published; the published report carries what the units typed. axe-core checks every kind
of page the walk opens.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from govperf.evaluation.models import Cycle, KpiYear
from tests.browser.a11y import axe_violations
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

UNITS = ("asia", "io", "ic")
EDITED_KPI = "深化與友邦高層政要之情誼"
NEW_ACTUAL = "112人次"
NEW_ANALYSIS = "本年度邀訪友邦元首及政要共112人次，較目標多17人次。"
NEW_PARAGRAPH = "亞太司補充：本年與太平洋友邦完成三項醫療合作計畫。"
NEW_ANSWER = "國際組織司已依建議強化與功能性國際組織之聯繫。"


class Walk:
    """One browser page per person, signed in on first use; every step goes through the UI."""

    def __init__(self, browser, site: str, cycle: Cycle) -> None:  # type: ignore[no-untyped-def]
        self.browser, self.site, self.cycle = browser, site, cycle
        self.pages: dict[str, Page] = {}
        self.refused: list[str] = []  # what the Content-Security-Policy refused, on any page
        self.inaccessible: dict[str, list[str]] = {}  # axe-core's findings, by page

    def watch(self, page: Page) -> Page:
        """Keep every console message of `page` that reports a Content-Security-Policy refusal."""

        def seen(message) -> None:  # type: ignore[no-untyped-def]
            if "Content Security Policy" in message.text:
                self.refused.append(f"{page.url}: {message.text}")

        page.on("console", seen)
        return page

    def check(self, page: Page) -> None:
        """Run axe-core on the page as it stands; keep what it finds under the page's kind."""
        found = axe_violations(page)
        if found:
            kind = re.sub(r"/\d+/", "/N/", page.url.split("?")[0])
            self.inaccessible.setdefault(kind, []).extend(found)

    def page(self, username: str) -> Page:
        if username not in self.pages:
            context = self.browser.new_context(locale="zh-TW")
            context.set_default_timeout(15_000)
            self.pages[username] = self.watch(context.new_page())
            sign_in(self.pages[username], self.site, username, "pw")
        return self.pages[username]

    def overview(self, username: str) -> Page:
        page = self.page(username)
        page.goto(f"{self.site}/cycles/{self.cycle.pk}/")
        self.check(page)
        return page

    def cycle_step(self, username: str, label: str, reason: str = "") -> Page:
        """Press a step's button on the overview, with its reason where the step needs one."""
        page = self.overview(username)
        form = page.locator("main form", has=page.get_by_role("button", name=label, exact=True))
        if reason:
            form.locator("textarea[name=reason]").fill(reason)
        form.get_by_role("button", name=label, exact=True).click()
        expect(page.locator(".messages")).to_contain_text(f"已完成「{label}」")
        return page

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def walk(browser, site, people, draft_cycle):  # type: ignore[no-untyped-def]
    walking = Walk(browser, site, draft_cycle)
    yield walking
    walking.close()


@pytest.mark.once  # the same services run on PostgreSQL in tests/workflow/test_web_flow.py
def test_the_sample_agency_year_from_opening_to_publication(walk: Walk) -> None:
    open_the_year(walk)
    offices_enter_their_tables(walk)
    units_write_chapters_and_answers(walk)
    enter_values_and_submit(walk)
    review_lights(walk)
    units_answer(walk)
    head_returns_then_approves(walk)
    publish_and_read_the_report(walk)
    the_public_reads_and_nobody_edits(walk)
    assert walk.refused == []  # no inline script or style anywhere the walk went
    assert walk.inaccessible == {}


def open_the_year(walk: Walk) -> None:
    page = walk.overview("planning")
    expect(page.locator("main dl.facts")).to_contain_text("籌備中")
    today = timezone.localdate()
    for field, days in (("open", 10), ("unit_response", 20), ("revision", 30), ("approval", 40)):
        page.locator(f"#id_{field}").fill(str(today + timedelta(days=days)))
    page.get_by_role("button", name="開始填報", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已完成「開始填報」")
    expect(page.locator("main dl.facts")).to_contain_text("填報中")


def offices_enter_their_tables(walk: Walk) -> None:
    """Accounting and personnel type a figure each; the derived cells follow as they type."""
    for username, table in (("accounting", "budget"), ("personnel", "headcount")):
        page = walk.page(username)
        page.goto(f"{walk.site}/cycles/{walk.cycle.pk}/{table}/")
        walk.check(page)
        cell = page.locator("main form input[aria-label*='107']").first
        cell.fill("")
        cell.type("1,000")
        expect(page.locator("#derived")).to_contain_text("107")
        page.get_by_role("button", name="儲存", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("衍生欄位已重算")
        expect(page.locator("main")).to_contain_text(username)  # in the recent changes


def units_write_chapters_and_answers(walk: Walk) -> None:
    """Planning gives 肆 to 亞太司 and a recommendation to 國際組織司; each unit writes."""
    page = walk.page("planning")
    page.goto(f"{walk.site}/cycles/{walk.cycle.pk}/chapters/")
    walk.check(page)
    row = page.locator("main tbody tr", has_text="推動成果具體事蹟")
    row.get_by_label("負責單位").select_option(label="亞太司")
    row.get_by_role("button", name="指派").click()
    expect(page.locator(".messages")).to_contain_text("已指派")
    page.goto(f"{walk.site}/cycles/{walk.cycle.pk}/recommendations/")
    walk.check(page)
    row = page.locator("main tbody tr").first
    row.get_by_label("辦理單位").select_option(label="國際組織司")
    row.get_by_role("button", name="指派").click()

    staff = walk.page("staff-asia")
    staff.goto(f"{walk.site}/cycles/{walk.cycle.pk}/chapters/")
    walk.check(staff)
    staff.locator("main tbody tr", has_text="推動成果具體事蹟").get_by_role("link").click()
    staff.get_by_label("新增段落").fill(NEW_PARAGRAPH)
    walk.check(staff)
    staff.get_by_role("button", name="儲存", exact=True).click()
    expect(staff.locator(".messages")).to_contain_text("已儲存")

    staff = walk.page("staff-io")
    staff.goto(f"{walk.site}/cycles/{walk.cycle.pk}/recommendations/")
    walk.check(staff)
    staff.get_by_role("link", name="填寫辦理情形").click()
    staff.locator("#answer").fill(NEW_ANSWER)
    walk.check(staff)
    staff.get_by_role("button", name="儲存", exact=True).click()
    expect(staff.locator(".messages")).to_contain_text("已儲存辦理情形")


def enter_values_and_submit(walk: Walk) -> None:
    page = walk.page("staff-asia")
    page.goto(f"{walk.site}/cycles/{walk.cycle.pk}/kpis/")
    walk.check(page)
    expect(page.locator("main")).not_to_contain_text("協助我NGO進行國際交流")  # another unit's
    row = page.locator("main tr", has_text=EDITED_KPI)
    row.get_by_role("link", name=re.compile("填報")).click()
    page.get_by_label("實際值").fill(NEW_ACTUAL)
    walk.check(page)
    expect(page.locator("#preview")).to_contain_text("★ 綠燈")  # the live suggestion
    page.get_by_label("績效衡量暨達成情形分析").fill(NEW_ANALYSIS)
    page.get_by_role("button", name="儲存", exact=True).click()
    expect(page.locator("main")).to_contain_text(NEW_ACTUAL)
    expect(page.locator("main")).to_contain_text("staff-asia")  # the change, in the history
    for unit in UNITS:
        walk.cycle_step(f"staff-{unit}", "送出")
        walk.cycle_step(f"head-{unit}", "主管簽核")
    walk.cycle_step("planning", "截止填報")


def review_lights(walk: Walk) -> None:
    page = walk.page("planning")
    page.goto(f"{walk.site}/cycles/{walk.cycle.pk}/lights/")
    walk.check(page)
    row = page.locator("main tbody tr", has_text="提高駐外館宿舍自有率及節省鉅額租金支出")
    expect(row).to_contain_text("▲ 黃燈")  # suggested for 94.12%
    row.get_by_label("初評燈號").select_option("green")
    row.get_by_label("與建議不同之理由").fill("館舍購置案已完成簽約，實質達成")
    row.get_by_role("button", name="核予燈號").click()
    expect(page.locator("main tbody tr", has_text="提高駐外館宿舍自有率")).to_contain_text("★ 綠燈")
    walk.cycle_step("planning", "送出初評燈號")


def units_answer(walk: Walk) -> None:
    walk.cycle_step("head-asia", "同意初評")
    walk.cycle_step("staff-ic", "同意初評")
    walk.cycle_step("head-io", "提出異議", reason="NGO交流次數應計入線上會議")
    walk.cycle_step("planning", "截止單位回應")
    walk.cycle_step("planning", "簽報核定")


def head_returns_then_approves(walk: Walk) -> None:
    page = walk.cycle_step("minister", "退回修正", reason="請補充國際組織司異議之處理")
    expect(page.locator("main dl.facts")).to_contain_text("研考修正中")
    walk.cycle_step("planning", "簽報核定")
    reviewer = walk.page("reviewer")
    reviewer.goto(f"{walk.site}/cycles/{walk.cycle.pk}/kpis/")  # reads every unit's, not yet public
    walk.check(reviewer)
    expect(reviewer.locator("main")).to_contain_text("協助我NGO進行國際交流")
    expect(reviewer.locator("main")).to_contain_text(EDITED_KPI)
    walk.cycle_step("minister", "核定")


def publish_and_read_the_report(walk: Walk) -> None:
    page = walk.overview("planning")
    page.get_by_role("button", name="公告", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已公告第 1 版")
    expect(page.locator("main dl.facts")).to_contain_text("已公告")
    html = page.request.get(f"{walk.site}/cycles/{walk.cycle.pk}/versions/1/html/")
    assert html.ok
    report = html.text()
    for typed in (NEW_ACTUAL, NEW_ANALYSIS, NEW_PARAGRAPH, NEW_ANSWER):
        assert typed in report
    pdf = page.request.get(f"{walk.site}/cycles/{walk.cycle.pk}/versions/1/pdf/")
    assert pdf.body().startswith(b"%PDF")
    kpi = KpiYear.objects.get(
        cycle_kpi__cycle=walk.cycle, cycle_kpi__kpi__name=EDITED_KPI, year=107
    )
    assert kpi.actual_text == NEW_ACTUAL


def the_public_reads_and_nobody_edits(walk: Walk) -> None:
    context = walk.browser.new_context(locale="zh-TW")
    page = walk.watch(context.new_page())
    page.goto(f"{walk.site}/")
    page.get_by_role("link", name="107年度").click()  # the portal's page of the published year
    expect(page.locator("main dl.facts")).to_contain_text("第 1 版")
    walk.check(page)
    expect(page.locator("main")).to_contain_text(NEW_ACTUAL)
    kpi = KpiYear.objects.get(
        cycle_kpi__cycle=walk.cycle, cycle_kpi__kpi__name=EDITED_KPI, year=107
    )
    page.goto(f"{walk.site}/kpi-years/{kpi.pk}/")  # the staff page sends the public on
    expect(page).to_have_url(re.compile(f"/kpis/{kpi.cycle_kpi.kpi_id}/$"))
    page.goto(f"{walk.site}/cycles/{walk.cycle.pk}/versions/1/read/")
    walk.check(page)
    expect(page.locator("body")).to_contain_text(NEW_ACTUAL)  # its own style, allowed by hash
    page.goto(f"{walk.site}/kpi-years/{kpi.pk}/edit/")
    expect(page).to_have_url(re.compile("/login/"))
    context.close()
    staff = walk.page("staff-asia")
    response = staff.goto(f"{walk.site}/kpi-years/{kpi.pk}/edit/")
    assert response is not None and response.status == 403
