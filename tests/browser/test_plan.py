"""In a real browser, as planning: a new KPI with a formula and targets for 109–112 set up on
the 108 plan, the live check warning first; axe-core clean, no sideways scroll on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from govperf.evaluation.models import CycleKpi, PlanTarget
from govperf.workflow.carryover import cycle_create_next
from tests.browser.a11y import PHONE, axe_violations, chinese_without_lang, horizontal_scroll
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.once]

NAME = "駐外館處電子化服務比率"
FORMULA = "（線上申辦件數）÷（總申辦件數）×100％"


def checked(page: Page) -> None:
    assert axe_violations(page) == [], "\n".join(axe_violations(page))
    assert horizontal_scroll(page) == [], "\n".join(horizontal_scroll(page))


def test_planning_sets_up_a_formula_kpi_with_targets_for_109_to_112(
    page: Page,
    site: str,
    people,
    draft_cycle,  # type: ignore[no-untyped-def]
) -> None:
    cycle = cycle_create_next(actor=people["planning"], previous=draft_cycle, year=108)
    page.set_viewport_size(PHONE)
    sign_in(page, site, "planning", "pw")
    page.goto(f"{site}/cycles/{cycle.pk}/")
    page.get_by_role("link", name="中程計畫與指標設定").click()
    expect(page.locator("h1")).to_contain_text("中程計畫與指標設定")
    checked(page)
    page.get_by_role("link", name="新增指標").click()
    page.get_by_label("關鍵策略目標").select_option(index=6)  # （七）
    page.get_by_label("指標名稱").fill(NAME)
    page.get_by_label("負責單位").select_option(label="研究設計會")
    page.get_by_label("指標類型").select_option("formula")
    page.get_by_label("評估層級").select_option("executive")
    page.get_by_label("計算公式（公式類指標）").fill("（線上申辦件數）÷（")
    expect(page.locator("#preview")).to_contain_text("公式無法使用")  # at once, as typed
    page.get_by_label("計算公式（公式類指標）").fill(FORMULA)
    for year, target in zip(range(108, 113), ("60%", "65%", "70%", "75%", "80%"), strict=True):
        page.get_by_label(f"{year}年度目標值").fill(target)
    expect(page.locator("#preview")).to_contain_text("設定可以儲存")
    checked(page)
    page.get_by_role("button", name="儲存").click()
    row = page.locator("main table tbody tr", has_text=NAME)
    expect(row).to_contain_text("公式（由具名原始數值計算）")
    expect(row).to_contain_text("80%")
    checked(page)
    cycle_kpi = CycleKpi.objects.get(cycle=cycle, kpi__name=NAME)
    assert cycle_kpi.years.get(year=108).inputs == {"總申辦件數": "", "線上申辦件數": ""}
    planned = PlanTarget.objects.filter(kpi=cycle_kpi.kpi).order_by("year")
    assert [(t.year, t.target_text) for t in planned] == [
        (109, "65%"), (110, "70%"), (111, "75%"), (112, "80%"),
    ]  # fmt: skip

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_contain_text("Mid-term plan and KPI set-up")
    assert chinese_without_lang(page) == []
    checked(page)
