"""The reviewer's 複核 page: every 院管 KPI of the cycles open to re-review, across agencies,
with the agency's light and reason, in a fixed number of queries; and why, when there is none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from govperf.accounts.models import Membership
from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.models import Notice
from tests.conftest import SAMPLE
from tests.workflow.helpers import client_for

pytestmark = pytest.mark.django_db
URL = reverse("workflow:re_review")


def second_agency(tmp_path: Path, name: str) -> Cycle:
    """The sample as another agency's report: the same year, under `name`."""
    from govperf.imports.services import reports_import_files

    copy = tmp_path / f"{name}.txt"
    copy.write_text(SAMPLE.read_text(encoding="utf-8").replace("外交部", name), encoding="utf-8")
    return reports_import_files(paths=[copy])[0].cycle


def under_re_review(cycle: Cycle, *, executive: int, reason: str) -> list[KpiYear]:
    """The cycle in 研考修正中 with its first `executive` own-year KPIs 院管, each with a reason."""
    Cycle.objects.filter(pk=cycle.pk).update(state="revision")
    years = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).order_by("pk")
    KpiYear.objects.filter(cycle_kpi__cycle=cycle).update(tier="agency")
    chosen = list(years[:executive])
    for year in chosen:
        KpiYear.objects.filter(pk=year.pk).update(tier="executive", light_reason=reason)
    return chosen


def review_in(reviewer: Any, cycle: Cycle) -> None:
    Membership.objects.get_or_create(user=reviewer, agency=cycle.agency, role="reviewer")


def test_the_page_lists_executive_kpis_of_two_agencies_with_their_reasons(
    people: dict[str, Any], draft_cycle: Cycle, tmp_path: Path
) -> None:
    other = second_agency(tmp_path, "經濟部")
    review_in(people["reviewer"], other)
    mine = under_re_review(draft_cycle, executive=2, reason="外交部的理由")
    theirs = under_re_review(other, executive=1, reason="經濟部的理由")
    page = client_for(people["reviewer"]).get(URL)
    text = page.content.decode()
    assert page.status_code == 200
    assert "外交部的理由" in text and "經濟部的理由" in text
    for year in mine + theirs:
        assert f'id="re-review-{year.pk}"' in text
    assert text.count('name="re_review_light"') == 3  # 部會管 KPIs are not re-reviewed


def test_the_query_count_does_not_grow_with_the_agencies(
    people: dict[str, Any], draft_cycle: Cycle, tmp_path: Path
) -> None:
    reviewer = client_for(people["reviewer"])
    under_re_review(draft_cycle, executive=3, reason="x")
    with CaptureQueriesContext(connection) as one:
        reviewer.get(URL)
    for name in ("經濟部", "內政部"):
        other = second_agency(tmp_path, name)
        review_in(people["reviewer"], other)
        under_re_review(other, executive=3, reason="y")
    with CaptureQueriesContext(connection) as three:
        text = reviewer.get(URL).content.decode()
    assert text.count('name="re_review_light"') == 9
    assert len(three.captured_queries) == len(one.captured_queries)


def test_with_nothing_to_re_review_it_says_why_and_where_each_cycle_stands(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    text = client_for(people["reviewer"]).get(URL).content.decode()
    assert "106年度以後僅院管指標辦理複核" in text and "目前沒有待複核的院管指標" in text
    assert "籌備中" in text and "研考修正中" in text  # the cycle's state and the open states


def test_a_light_given_there_reaches_planning_and_a_refusal_keeps_the_input(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    (year,) = under_re_review(draft_cycle, executive=1, reason="")
    reviewer = client_for(people["reviewer"])
    suggested = year.initial_light or "green"
    other = next(light for light in ("red", "white", "yellow") if light != suggested)
    refused = reviewer.post(URL, {"kpi_year": year.pk, "re_review_light": other, "reason": ""})
    if refused.status_code == 400:  # differing from the suggestion needs a reason
        assert f'value="{other}" selected' in refused.content.decode()
    response = reviewer.post(
        URL, {"kpi_year": year.pk, "re_review_light": other, "reason": "佐證不足以支持"}
    )
    assert response.status_code == 302
    assert KpiYear.objects.get(pk=year.pk).review_light == other
    notice = Notice.objects.filter(kind="reviewer_comment", recipient=people["planning"]).first()
    assert notice is not None and notice.text == "佐證不足以支持"
    home = client_for(people["planning"]).get(reverse("workflow:home")).content.decode()
    assert "佐證不足以支持" in home


def test_only_reviewers_reach_the_page(people: dict[str, Any], draft_cycle: Cycle) -> None:
    for name in ("planning", "staff-asia", "minister"):
        assert client_for(people[name]).get(URL).status_code == 403
    assert client_for(None).get(URL).status_code in (302, 403)
    bad = client_for(people["reviewer"]).post(URL, {"kpi_year": "1 OR 1"})
    assert bad.status_code == 302


def test_a_re_review_keeps_the_agencys_reason_and_shows_its_own_beside_it(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    (year,) = under_re_review(draft_cycle, executive=1, reason="機關：館舍購置案已簽約")
    reviewer = client_for(people["reviewer"])
    other = next(light for light in ("red", "white", "yellow") if light != year.initial_light)
    response = reviewer.post(
        URL, {"kpi_year": year.pk, "re_review_light": other, "reason": "複核：佐證不足以支持"}
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.review_light, year.review_light_reason) == (other, "複核：佐證不足以支持")
    assert year.light_reason == "機關：館舍購置案已簽約"
    (row,) = page_rows(reviewer.get(URL).content.decode(), year)
    agency_cell, re_review_cell = row.split("</td>")[4:6]
    assert "機關：館舍購置案已簽約" in agency_cell and "複核：" not in agency_cell
    assert "複核：佐證不足以支持" in re_review_cell
    assert (
        'value="複核：佐證不足以支持"' in re_review_cell
    )  # the form starts from it, not the agency's


def page_rows(text: str, year: KpiYear) -> list[str]:
    """The row of `year` on the 複核 page, as HTML."""
    start = text.index(f'id="re-review-{year.pk}"')
    return [text[start : text.index("</tr>", start)]]
