"""The lights page: 採用全部建議燈號 in one step, then single rows; filters; disputes marked."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from django.urls import reverse

from govperf.agencies.models import Unit
from govperf.domain.lights import Light
from govperf.domain.workflow import SubmissionAction
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.policy import RoleRefused, StateRefused
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.workflow.models import ReviewComment, UnitSubmission
from govperf.workflow.review import (
    ACCEPT_SUGGESTED_REASON,
    cycle_lights_accept_suggested,
    kpi_year_review,
)
from govperf.workflow.services import submission_apply
from tests.workflow.helpers import client_for, in_review, own_years

pytestmark = pytest.mark.django_db


def lights(cycle: Cycle) -> dict[int, str]:
    return dict(own_years(cycle).values_list("pk", "initial_light"))


def not_suggested(year: KpiYear) -> Light:
    return next(light for light in Light if light != kpi_year_suggested_light(year))


def test_accepting_gives_every_unlit_kpi_its_suggestion_and_keeps_a_judgement(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_review(people, draft_cycle)
    judged = own_years(cycle).first()
    assert judged is not None
    chosen = not_suggested(judged)
    kpi_year_review(actor=people["planning"], kpi_year=judged, light=chosen, reason="實質達成")
    given = cycle_lights_accept_suggested(actor=people["planning"], cycle=cycle)
    assert len(given) == own_years(cycle).count() - 1
    for year in own_years(cycle):
        expected = chosen if year.pk == judged.pk else kpi_year_suggested_light(year)
        assert (year.initial_light, year.initial_light_text) == (expected.value, expected.symbol)
        if year.pk != judged.pk:
            assert year.light_reason == ""  # the suggestion needs no reason of its own
            record = year.history.order_by("-history_date", "-history_id").first()
            assert record.history_user == people["planning"]
            assert record.history_change_reason == ACCEPT_SUGGESTED_REASON
    assert cycle_lights_accept_suggested(actor=people["planning"], cycle=cycle) == []


def test_accepting_is_refused_in_the_wrong_state_and_to_the_wrong_role(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_review(people, draft_cycle)
    with pytest.raises(RoleRefused):
        cycle_lights_accept_suggested(actor=people["staff-asia"], cycle=cycle)
    for state in ("open", "unit_response", "approval", "published"):
        Cycle.objects.filter(pk=cycle.pk).update(state=state)
        cycle.refresh_from_db()
        with pytest.raises(StateRefused):
            cycle_lights_accept_suggested(actor=people["planning"], cycle=cycle)
    assert set(lights(cycle).values()) == {""}


def test_the_page_accepts_all_then_changes_one_row_in_the_tables_one_form(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_review(people, draft_cycle)
    planning = client_for(people["planning"])
    url = reverse("workflow:lights", args=[cycle.pk])
    page = lxml.html.fromstring(planning.get(url).content.decode())
    posting = page.xpath(f'//main//form[@method="post"][@action="{url}"]')
    assert len(posting) == 1  # one form for the table, not one per KPI
    assert page.xpath('//main//button[normalize-space()="採用全部建議燈號"]')
    response = planning.post(reverse("workflow:lights_accept", args=[cycle.pk]))
    assert response.status_code == 302
    assert "" not in lights(cycle).values()
    year = own_years(cycle).last()
    assert year is not None
    other = not_suggested(year)
    table = {  # what the browser sends: every row's fields, the change in one of them
        f"row-{y.pk}-{name}": value
        for y in own_years(cycle)
        for name, value in (("kpi_year", y.pk), ("light", y.initial_light), ("reason", ""))
    }
    table[f"row-{year.pk}-light"] = other.value
    refused = planning.post(url, table)
    assert refused.status_code == 400  # differing from the suggestion needs a reason
    row = lxml.html.fromstring(refused.content.decode()).get_element_by_id(f"light-{year.pk}")
    assert row.xpath(f'.//select[@name="row-{year.pk}-light"]/option[@selected]/@value') == [
        other.value
    ]
    table[f"row-{year.pk}-reason"] = "計畫延宕係外部因素"
    assert planning.post(url, table).status_code == 302
    stored = lights(cycle)
    assert stored[year.pk] == other.value
    unchanged = {pk: light for pk, light in stored.items() if pk != year.pk}
    assert all(light == kpi_year_suggested_light(KpiYear.objects.get(pk=pk)).value
               for pk, light in unchanged.items())  # fmt: skip


def test_the_page_refuses_accepting_outside_the_review_and_to_others(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_review(people, draft_cycle)
    Cycle.objects.filter(pk=cycle.pk).update(state="unit_response")
    accept = reverse("workflow:lights_accept", args=[cycle.pk])
    response = client_for(people["planning"]).post(accept)
    assert response.status_code == 409
    assert "初評燈號" in response.content.decode()
    assert client_for(people["staff-asia"]).post(accept).status_code == 403
    assert client_for(people["planning"]).get(accept).status_code == 405
    assert set(lights(cycle).values()) == {""}


def rows_shown(client: Any, cycle: Cycle, query: dict[str, str]) -> set[int]:
    response = client.get(reverse("workflow:lights", args=[cycle.pk]), query)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    return {int(tr.get("id").removeprefix("light-")) for tr in page.xpath("//tbody/tr[@id]")}


def test_filters_by_unit_state_and_light_and_ignore_what_they_do_not_know(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_review(people, draft_cycle)
    planning = client_for(people["planning"])
    every = set(lights(cycle))
    asia = Unit.objects.get(agency=cycle.agency, name="亞太司")
    asia_ids = set(own_years(cycle).filter(cycle_kpi__unit=asia).values_list("pk", flat=True))
    assert rows_shown(planning, cycle, {"unit": str(asia.pk)}) == asia_ids
    first = own_years(cycle).first()
    assert first is not None
    suggested = kpi_year_suggested_light(first)
    kpi_year_review(actor=people["planning"], kpi_year=first, light=suggested)
    assert rows_shown(planning, cycle, {"state": "assigned"}) == {first.pk}
    assert rows_shown(planning, cycle, {"state": "unassigned"}) == every - {first.pk}
    assert rows_shown(planning, cycle, {"light": suggested.value}) == {first.pk}
    for bad in ({"unit": "abc"}, {"unit": "999999"}, {"state": "<b>"}, {"light": "purple"},
                {"unit": "²", "state": "", "light": "1e3"}):  # fmt: skip
        assert rows_shown(planning, cycle, bad) == every


def test_disputed_kpis_are_marked_with_their_reasons_and_can_be_filtered(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_review(people, draft_cycle)
    cycle_lights_accept_suggested(actor=people["planning"], cycle=cycle)
    Cycle.objects.filter(pk=cycle.pk).update(state="unit_response")
    io = UnitSubmission.objects.get(cycle=cycle, unit__name="國際組織司")
    UnitSubmission.objects.filter(pk=io.pk).update(state="signed_off")
    submission_apply(
        actor=people["head-io"], submission=io, action=SubmissionAction.DISPUTE,
        reason="NGO交流次數應計入線上會議",
    )  # fmt: skip
    asia_year = own_years(cycle).filter(cycle_kpi__unit__name="亞太司").first()
    assert asia_year is not None
    ReviewComment.objects.create(
        kpi_year=asia_year, author=people["staff-asia"], stage="unit_response",
        stance="dispute", text="佐證已補上，應為綠燈",
    )  # fmt: skip
    planning = client_for(people["planning"])
    response = planning.get(reverse("workflow:lights", args=[cycle.pk]))
    text = response.content.decode()
    assert "NGO交流次數應計入線上會議" in text and "佐證已補上，應為綠燈" in text
    io_ids = set(own_years(cycle).filter(cycle_kpi__unit=io.unit).values_list("pk", flat=True))
    assert rows_shown(planning, cycle, {"state": "disputed"}) == io_ids | {asia_year.pk}
    row = lxml.html.fromstring(text).get_element_by_id(f"light-{asia_year.pk}")
    assert "佐證已補上，應為綠燈" in row.text_content()


def outside_data(html: str) -> str:
    """The page's <main> text without the data marked as Chinese (names, typed text)."""
    root = lxml.html.fromstring(html).find(".//main")
    for marked in root.xpath('.//*[@lang="zh-Hant"]'):
        marked.drop_tree()
    return str(root.text_content())


def test_the_lights_page_and_the_summaries_speak_english(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    from govperf.web.templatetags.govperf import HAN

    cycle = in_review(people, draft_cycle)
    planning = client_for(people["planning"])
    planning.cookies["django_language"] = "en"
    for url in (
        reverse("workflow:lights", args=[cycle.pk]),
        reverse("workflow:cycle", args=[cycle.pk]),
    ):
        text = outside_data(planning.get(url).content.decode())
        lines = [line.strip() for line in text.splitlines() if HAN.search(line)]
        assert not lines, (url, lines)
    text = outside_data(
        planning.post(
            reverse("workflow:lights_accept", args=[cycle.pk]), follow=True
        ).content.decode()
    )
    assert "suggested light was taken" in text and not HAN.findall(text)
