"""Summaries before a signature: the head's sign-off and the planning office's sending on show
what is entered, missing and missed, each linked to its entry, with the counts at the top."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from django.urls import reverse

from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.guards import Subject, entries_complete, lights_assigned
from govperf.workflow.models import UnitSubmission
from govperf.workflow.summaries import cycle_summary, unit_summary
from tests.workflow.helpers import act_on_submission, client_for, open_year

pytestmark = pytest.mark.django_db

BLANKED = "深化與友邦高層政要之情誼"  # 亞太司: its actual is taken away
MISSED = "我與友邦合作計畫執行項數"  # 亞太司: below target, no reason given


def asia_years(cycle: Cycle) -> Any:
    return KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, year=cycle.year, cycle_kpi__unit__name="亞太司"
    )


def with_gaps(cycle: Cycle) -> None:
    asia_years(cycle).filter(cycle_kpi__kpi__name=BLANKED).update(actual_text="", actual_value=None)
    asia_years(cycle).filter(cycle_kpi__kpi__name=MISSED).update(
        achievement_value=50, achievement_text="50%", missed_reason=""
    )


def section(response: Any, element_id: str) -> Any:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode()).get_element_by_id(element_id)


def links(root: Any, css_class: str) -> dict[str, str]:
    """A summary list's KPI names and where each links to."""
    return {a.text_content(): a.get("href") for a in root.xpath(f'.//ul[@class="{css_class}"]//a')}


def entry(year: KpiYear) -> str:
    return reverse("evaluation:kpi", args=[year.pk])


def test_the_heads_sign_off_shows_what_the_unit_entered_missed_and_left_out(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = open_year(people["planning"], draft_cycle)
    with_gaps(cycle)
    submission = UnitSubmission.objects.get(cycle=cycle, unit__name="亞太司")
    notices = act_on_submission(
        client_for(people["staff-asia"]), submission, "submit", confirm="yes"
    )
    assert any("送出" in notice for notice in notices)
    page = client_for(people["head-asia"]).get(reverse("workflow:cycle", args=[cycle.pk]))
    summary = section(page, f"summary-{submission.pk}").getparent()
    years = {year.cycle_kpi.kpi.name: year for year in asia_years(cycle)}
    gaps = entries_complete(Subject(cycle, submission)) or ()
    assert {gap.name for gap in gaps} >= {BLANKED, MISSED}  # the guard's own finding
    missing = links(summary, "summary-missing")
    assert missing == {gap.name: entry(years[gap.name]) for gap in gaps}
    assert links(summary, "summary-missed")[MISSED] == entry(years[MISSED])
    entered = links(summary, "summary-entered")
    assert set(entered) == set(years) - {gap.name for gap in gaps}
    counts = summary.xpath('.//ul[@class="summary-counts"]')[0].text_content()
    assert f"共 {len(years)} 項指標" in counts
    assert f"尚缺資料 {len(gaps)} 項" in counts and f"已填報完整 {len(entered)} 項" in counts
    # The head's sign-off stands below the summary, as its own form.
    buttons = [b.text_content() for b in summary.getparent().xpath(".//form//button")]
    assert "主管簽核" in buttons


def test_the_unit_summary_counts_agree_with_the_page(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = open_year(people["planning"], draft_cycle)
    with_gaps(cycle)
    submission = UnitSubmission.objects.get(cycle=cycle, unit__name="亞太司")
    summary = unit_summary(submission=submission)
    assert summary.total == asia_years(cycle).count()
    assert len(summary.entered) + len(summary.missing) == summary.total
    assert [item.name for item in summary.missed] == [MISSED]
    assert summary.missed[0].note == "50%"


def test_planning_sees_every_units_summary_and_the_lights_not_given_before_sending(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = open_year(people["planning"], draft_cycle)
    with_gaps(cycle)
    Cycle.objects.filter(pk=cycle.pk).update(state="initial_review")
    unlit = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year)[:3]
    KpiYear.objects.filter(pk__in=[y.pk for y in unlit]).update(initial_light="")
    cycle.refresh_from_db()
    page = client_for(people["planning"]).get(reverse("workflow:cycle", args=[cycle.pk]))
    summary = section(page, "cycle-summary").getparent()
    lights_url = reverse("workflow:lights", args=[cycle.pk])
    gaps = lights_assigned(Subject(cycle)) or ()
    assert len(gaps) == 3
    assert links(summary, "summary-unlit") == {
        gap.name: f"{lights_url}#light-{gap.kpi_year_id}" for gap in gaps
    }
    assert BLANKED in links(summary, "summary-missing")
    assert "未核予初評燈號 3 項" in summary.text_content()
    # 送出初評燈號 cannot succeed with lights missing: it is not a button, and the page says why.
    root = lxml.html.fromstring(page.content.decode())
    assert "送出初評燈號" not in [b.text_content() for b in root.xpath("//main//form//button")]
    assert "尚有指標未核予初評燈號" in root.xpath("//main")[0].text_content()
    totals = cycle_summary(cycle=cycle)
    assert totals.total == KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).count()
