"""Every page of a cycle leads back to the year's overview; the finance tables state their units."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from django.urls import reverse

from govperf.agencies.models import Unit
from govperf.evaluation.models import Cycle, KpiYear
from govperf.web.templatetags.govperf import HAN
from tests.workflow.helpers import client_for, open_year

pytestmark = pytest.mark.django_db

# route → who reads it; each takes the cycle's id (the bulk page also the unit's).
CYCLE_PAGES = {
    "evaluation:kpi_list": "staff-asia",
    "evaluation:bulk": "staff-asia",
    "evaluation:target_revisions": "planning",
    "finance:budget": "accounting",
    "finance:headcount": "personnel",
    "finance:program_costs": "accounting",
    "narrative:chapters": "planning",
    "narrative:recommendations": "planning",
    "workflow:lights": "planning",
    "workflow:board": "planning",
    "workflow:versions": "planning",
}


def main(response: Any) -> Any:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode()).find(".//main")


def url_of(route: str, cycle: Cycle) -> str:
    if route == "evaluation:bulk":
        unit = Unit.objects.get(agency=cycle.agency, name="亞太司")
        return reverse(route, kwargs={"cycle_id": cycle.pk, "unit_id": unit.pk})
    return reverse(route, kwargs={"cycle_id": cycle.pk})


@pytest.mark.parametrize("route", sorted(CYCLE_PAGES))
def test_each_cycle_page_has_a_breadcrumb_back_to_the_year(
    people: dict[str, Any], draft_cycle: Cycle, route: str
) -> None:
    cycle = open_year(people["planning"], draft_cycle)
    page = main(client_for(people[CYCLE_PAGES[route]]).get(url_of(route, cycle)))
    (crumbs,) = page.xpath('.//nav[contains(@class, "cycle-crumbs")]')
    hrefs = crumbs.xpath(".//a/@href")
    assert reverse("workflow:cycle", args=[cycle.pk]) in hrefs
    assert reverse("workflow:home") in hrefs
    assert crumbs.xpath('.//li[@aria-current="page"]')[0].text_content().strip()


# route → who reads it; each takes a KPI-year of the cycle's own year.
KPI_YEAR_PAGES = {
    "evaluation:kpi": "staff-asia",
    "evaluation:kpi_edit": "staff-asia",
    "evaluation:target_revision_new": "staff-asia",
    "workflow:kpi_review": "planning",
}


@pytest.mark.parametrize("route", sorted(KPI_YEAR_PAGES))
def test_each_kpi_page_leads_back_to_the_list_and_the_year(
    people: dict[str, Any], draft_cycle: Cycle, route: str
) -> None:
    cycle = open_year(people["planning"], draft_cycle)
    year = KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, cycle_kpi__unit__name="亞太司", year=cycle.year
    ).first()
    assert year is not None
    url = reverse(route, args=[year.pk])
    page = main(client_for(people[KPI_YEAR_PAGES[route]]).get(url))
    (crumbs,) = page.xpath('.//nav[contains(@class, "cycle-crumbs")]')
    hrefs = crumbs.xpath(".//a/@href")
    assert reverse("workflow:cycle", args=[cycle.pk]) in hrefs
    assert {
        reverse("evaluation:kpi_list", args=[cycle.pk]),
        reverse("evaluation:kpi", args=[year.pk]),
    } & set(hrefs)


@pytest.mark.parametrize("route", ["evaluation:plan", "evaluation:plan_kpi_new"])
def test_the_plan_pages_lead_back_to_the_year(
    people: dict[str, Any], draft_cycle: Cycle, route: str
) -> None:
    page = main(client_for(people["planning"]).get(reverse(route, args=[draft_cycle.pk])))
    (crumbs,) = page.xpath('.//nav[contains(@class, "cycle-crumbs")]')
    assert reverse("workflow:cycle", args=[draft_cycle.pk]) in crumbs.xpath(".//a/@href")


def test_a_step_held_back_by_unlit_kpis_points_to_the_summary_listing_them(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    """送出初評燈號 waits for every light; the summary above lists the KPIs without one, so the
    held-back step points to it instead of listing them a second time."""
    cycle = open_year(people["planning"], draft_cycle)
    KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).update(initial_light="")
    Cycle.objects.filter(pk=cycle.pk).update(state=Cycle.State.INITIAL_REVIEW)
    page = main(client_for(people["planning"]).get(reverse("workflow:cycle", args=[cycle.pk])))
    unlit = page.xpath('.//ul[@class="summary-unlit"]/li')
    assert len(unlit) == KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).count()
    (held,) = [
        h for h in page.xpath('.//div[@class="step-held"]') if "送出初評燈號" in h.text_content()
    ]
    assert held.xpath(".//a/@href") == ["#cycle-summary"]
    assert page.xpath('.//section[@id="cycle-summary" or @aria-labelledby="cycle-summary"]')


def test_every_chapter_page_leads_back_too(people: dict[str, Any], draft_cycle: Cycle) -> None:
    cycle = open_year(people["planning"], draft_cycle)
    chapter = cycle.chapters.first()
    assert chapter is not None
    page = main(
        client_for(people["planning"]).get(reverse("narrative:chapter_edit", args=[chapter.pk]))
    )
    (crumbs,) = page.xpath('.//nav[contains(@class, "cycle-crumbs")]')
    assert reverse("workflow:cycle", args=[cycle.pk]) in crumbs.xpath(".//a/@href")


@pytest.mark.parametrize(
    ("route", "unit"),
    [
        ("finance:budget", "百萬元"),
        ("finance:program_costs", "千元"),
        ("finance:headcount", "千元"),
    ],
)
def test_the_finance_tables_state_their_units(
    people: dict[str, Any], draft_cycle: Cycle, route: str, unit: str
) -> None:
    page = main(client_for(people["planning"]).get(reverse(route, args=[draft_cycle.pk])))
    caption = page.xpath(".//table/caption")[0].text_content()
    assert "單位：" in caption and unit in caption


def test_the_units_are_english_on_an_english_page(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    client = client_for(people["planning"])
    client.cookies["django_language"] = "en"
    page = main(client.get(reverse("finance:budget", args=[draft_cycle.pk])))
    caption = page.xpath(".//table/caption")[0].text_content()
    assert "NT$ million" in caption
    assert not HAN.search(caption), caption  # no Chinese left over
