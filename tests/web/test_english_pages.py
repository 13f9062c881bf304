"""In English, no staff page and no refusal a person meets shows Chinese other than the data.

Each demo account, with the language cookie set to English, follows the site's links from home
on the published 107 sample and the 108 year carried over from it and opened for entry, and
posts the refusals people meet (an empty reason, a bad number, a step in the wrong state, a role
that may not). Data printed through `|zh` is marked `lang="zh-Hant"`; once those elements are
taken out, no CJK character may remain in <main>, where the messages are shown too.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from govperf.demo.people import PEOPLE, cycle_assign_units, people_ensure
from govperf.demo.year import next_cycle_ensure
from govperf.evaluation.models import Cycle, KpiYear

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#]*)"')
# Han, CJK punctuation and full-width punctuation; not the full-width digits and letters of a
# label as printed (`１、`'s `１`), which are data.
CJK = re.compile(
    "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"
)
# A message names data it cannot mark, as a unit typed or to type, in quotes: “1人次”.
QUOTED = re.compile("“[^”]*”")
PER_ROUTE = 2
PLANNING_PAGES = ("workflow:home", "workflow:cycle", "evaluation:kpi_list", "evaluation:kpi",
                  "evaluation:bulk", "workflow:lights", "workflow:board", "workflow:notices",
                  "evaluation:plan", "finance:budget", "finance:headcount", "finance:program_costs",
                  "narrative:chapters", "narrative:chapter_edit", "workflow:version_read",
                  "evaluation:target_revisions", "workflow:kpi_review", "workflow:versions")  # fmt: skip
SKIPPED = ("/static/", "/media/", "/admin/", "/api/", "/portal/", "/language/")


@pytest.fixture
def years(imported_cycle: Cycle) -> dict[str, Any]:
    """The demo's people, the published 107 and the 108 opened for entry."""
    cycle_assign_units(cycle=imported_cycle)
    people = people_ensure(agency=imported_cycle.agency, password="pw")
    _, opened = next_cycle_ensure(previous=imported_cycle, planning=people["planning"])
    return {"people": people, "published": imported_cycle, "opened": opened}


def chinese_left(html: str) -> list[str]:
    """The pieces of <main>'s text with a CJK character once the marked data is taken out."""
    tree = lxml.html.fromstring(html)
    found = tree.xpath("//main")
    if not found:
        return []
    main = found[0]
    if main.xpath('ancestor-or-self::*[@lang="zh-Hant"]'):
        return []  # a Chinese document as a whole: the report, which is data
    for element in main.xpath('.//*[@lang="zh-Hant"]'):
        element.drop_tree()  # its tail, the English around it, stays
    for element in main.xpath(".//script|.//style|.//template|.//textarea"):
        element.drop_tree()  # a textarea holds what the person typed: data
    lines = (" ".join(line.split()) for line in main.text_content().splitlines())
    return [line for line in lines if CJK.search(QUOTED.sub("", line))]


def english_client(user: Any) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def crawl(client: Client) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Visit linked staff pages breadth first; the routes seen and what each page shows in
    Chinese, by route and address."""
    seen: dict[str, int] = {}
    queue, visited, findings = ["/"], set(), {}
    while queue:
        url = queue.pop(0)
        if url in visited or url.startswith(SKIPPED):
            continue
        visited.add(url)
        try:
            match = resolve(url.split("?")[0])
        except Resolver404:
            continue
        route = match.view_name
        if route.startswith("portal:") or seen.get(route, 0) >= PER_ROUTE:
            continue
        seen[route] = seen.get(route, 0) + 1
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.getvalue().decode()
        left = chinese_left(html)
        if left:
            findings[f"{route} {url}"] = left
        queue.extend(LINK.findall(html))
    return seen, findings


@pytest.mark.parametrize("account", [person.username for person in PEOPLE])
def test_no_staff_page_shows_chinese_beyond_the_data(years: dict[str, Any], account: str) -> None:
    seen, findings = crawl(english_client(years["people"][account]))
    assert findings == {}
    assert seen["workflow:cycle"] == 2  # 107 published and 108 in progress
    if account == "planning":  # planning reaches every staff page of a year
        assert set(PLANNING_PAGES) - set(seen) == set()
    if account == "reviewer":
        assert "workflow:re_review" in seen


def refusals(years: dict[str, Any]) -> list[tuple[str, str, dict[str, str]]]:
    """(account, path, form) of the refusals people meet on the pages."""
    opened, published = years["opened"], years["published"]
    staff_year = KpiYear.objects.filter(
        cycle_kpi__cycle=opened, cycle_kpi__unit__name="亞太司", year=opened.year
    ).first()
    assert staff_year is not None
    action = f"/cycles/{opened.pk}/actions/"
    step = opened.deadlines.first().step
    return [
        ("planning", action, {"action": "no-such-step"}),
        ("planning", action, {"action": "approve"}),  # a step in the wrong state
        ("staff-asia", action, {"action": "close_entry"}),  # a role that may not
        ("minister", action, {"action": "return_for_revision", "reason": ""}),
        ("planning", f"/cycles/{published.pk}/actions/", {"action": "start_correction"}),
        ("planning", f"/cycles/{opened.pk}/deadlines/", {step: "someday", "reason": "x"}),
        (
            "staff-asia",
            f"/kpi-years/{staff_year.pk}/target-revisions/new/",
            {"revised_text": "many", "reason": "too high"},
        ),
        ("staff-asia", f"/kpi-years/{staff_year.pk}/target-revisions/new/", {"revised_text": ""}),
        (
            "staff-asia",
            f"/kpi-years/{staff_year.pk}/edit/",
            {"version": str(staff_year.version), "actual_text": "many", "reason": ""},
        ),
        (  # a missed target with no reason given
            "staff-asia",
            f"/kpi-years/{staff_year.pk}/edit/",
            {"version": str(staff_year.version), "actual_text": f"1{staff_year.target_unit}"},
        ),
        (  # a unit other than the target's
            "staff-asia",
            f"/kpi-years/{staff_year.pk}/edit/",
            {"version": str(staff_year.version), "actual_text": "1 kg"},
        ),
    ]


def first_cell(client: Client, path: str) -> str:
    """The name of the first editable cell of a finance table's page."""
    tree = lxml.html.fromstring(client.get(path).getvalue().decode())
    return str(tree.xpath("//table//input/@name")[0])


def test_no_refusal_reads_in_chinese(years: dict[str, Any]) -> None:
    findings = {}
    budget = f"/cycles/{years['opened'].pk}/budget/"
    cell = first_cell(english_client(years["people"]["accounting"]), budget)
    extra = [("accounting", f"{budget}save/", {cell: "lots", "reason": ""})]
    for number, (account, path, form) in enumerate(refusals(years) + extra):
        response = english_client(years["people"][account]).post(path, form, follow=True)
        assert response.status_code < 500, path
        html = response.getvalue().decode()
        assert lxml.html.fromstring(html).xpath('//main//*[contains(@class, "error")]'), path
        left = chinese_left(html)
        if left:
            findings[f"{number} {account} POST {path} {form.get('action', '')}"] = left
    assert findings == {}
