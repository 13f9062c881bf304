"""In Chromium: the planning office accepts every suggested light in one step, changes one row
(htmx swaps the row in place), and the page stays accessible and no wider than a 390 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.selectors import kpi_year_suggested_light
from tests.browser.a11y import PHONE, axe_violations, horizontal_scroll
from tests.browser.conftest import sign_in
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.once  # what a browser sees does not depend on the database
def test_accept_every_suggestion_then_change_one_on_a_phone(  # type: ignore[no-untyped-def]
    page, site, people, draft_cycle
) -> None:
    cycle = open_year(people["planning"], draft_cycle)
    years = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year)
    years.update(initial_light="", initial_light_text="", light_reason="")
    Cycle.objects.filter(pk=cycle.pk).update(state="initial_review")
    page.set_viewport_size(PHONE)
    sign_in(page, site, "planning", "pw")
    page.goto(f"{site}/cycles/{cycle.pk}/lights/")
    problems = {"axe": axe_violations(page), "390 px": horizontal_scroll(page)}
    assert problems == {"axe": [], "390 px": []}, problems

    page.get_by_role("button", name="採用全部建議燈號").click()
    expect(page.locator("ul.messages")).to_contain_text(f"已採用 {years.count()} 項")
    for year in years:
        assert year.initial_light == kpi_year_suggested_light(year).value

    year = years.order_by("pk").first()
    assert year is not None
    other = next(light for light in Light if light.value != year.initial_light)
    row = page.locator(f"#light-{year.pk}")
    row.get_by_label("初評燈號").select_option(other.value)
    row.get_by_label("與建議不同之理由").fill("實地查核後調整")
    row.get_by_role("button", name="核予燈號").click()
    expect(page.locator(f"#light-{year.pk}")).to_contain_text("已核予")
    expect(page.locator(f"#light-{year.pk}")).to_contain_text(f"{other.symbol}")
    year.refresh_from_db()
    assert (year.initial_light, year.light_reason) == (other.value, "實地查核後調整")
    problems = {"axe": axe_violations(page), "390 px": horizontal_scroll(page)}
    assert problems == {"axe": [], "390 px": []}, problems

    page.goto(f"{site}/cycles/{cycle.pk}/lights/?state=differs")
    expect(page.locator("main tbody tr")).to_have_count(1)
    expect(page.get_by_role("button", name="採用全部建議燈號")).to_have_count(0)  # none unlit
