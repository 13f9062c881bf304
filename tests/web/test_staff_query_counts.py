"""The staff pages that summarise a whole cycle run as many SQL queries at 5 KPIs as at 20.

Each page is opened by the person it is for (tests/query_counts.py) on two sizes of the
generated national data set, its first agency's latest year put in the state where the page
shows its most: entry open (the unit's and the planning office's summaries), or 初核中 with
lights left to give, one unit's dispute and notices; the year before, in every agency, in
correction for the reviewer's 複核.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from bench.national_data import Size
from tests.query_counts import (
    LARGE,
    SMALL,
    Measured,
    assert_same_count,
    measure_both,
    person_ensure,
)

pytestmark = pytest.mark.django_db

PLANNING_UNIT = "綜合規劃司"  # bench/national_text.py OFFICE_UNITS
STAFF_UNIT = "綜合業務司"  # owns every fifth KPI of the generated agencies


def _year_opened() -> dict[str, Any]:
    """The first agency's latest year opened for entry, a few entries left incomplete."""
    from govperf.agencies.models import Agency
    from govperf.domain.workflow import Role
    from govperf.evaluation.models import Cycle, KpiYear
    from govperf.workflow.models import PublishedFile
    from tests.workflow.helpers import open_year

    agencies = list(Agency.objects.order_by("name"))
    people = {
        "planning": person_ensure(
            username="planning", role=Role.PLANNING, agencies=agencies, unit=PLANNING_UNIT
        ),
        "reviewer": person_ensure(username="reviewer", role=Role.REVIEWER, agencies=agencies),
        "staff": person_ensure(
            username="staff", role=Role.UNIT_STAFF, agencies=agencies[:1], unit=STAFF_UNIT
        ),
    }
    cycle = Cycle.objects.filter(agency=agencies[0]).order_by("-year").first()
    assert cycle is not None
    PublishedFile.objects.filter(version__cycle=cycle).delete()
    cycle.versions.all().delete()  # a year being entered has published nothing
    Cycle.objects.filter(pk=cycle.pk).update(
        state=Cycle.State.DRAFT, published_on=None, published_on_text=""
    )
    cycle.refresh_from_db()
    cycle = open_year(people["planning"], cycle)
    own = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).order_by("pk")
    blanked = own.filter(pk__in=list(own.values_list("pk", flat=True)[::2]))
    blanked.update(actual_text="", actual_value=None, analysis="")  # missing, for the summaries
    return {"cycle": cycle, "agencies": agencies, **people}


def _in_initial_review() -> dict[str, Any]:
    """The year in 初核中: units signed off, one unit's dispute standing (so the lights page
    marks disputes too), lights half given, notices to the planning office; the year before,
    in every agency, being corrected (複核 is open)."""
    from govperf.domain.workflow import SubmissionState
    from govperf.evaluation.models import Cycle, KpiYear
    from govperf.workflow.models import UnitSubmission
    from govperf.workflow.notices_models import Notice

    found = _year_opened()
    cycle = found["cycle"]
    Cycle.objects.filter(pk=cycle.pk).update(state=Cycle.State.INITIAL_REVIEW)
    submissions = UnitSubmission.objects.filter(cycle=cycle)
    submissions.update(state=SubmissionState.SIGNED_OFF)
    own = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).order_by("pk")
    _dispute(found, submissions.get(unit__name=STAFF_UNIT), own)
    unlit = own.filter(pk__in=list(own.values_list("pk", flat=True)[1::2]))
    unlit.update(initial_light="", initial_light_text="")
    Notice.objects.bulk_create(
        Notice(
            recipient=found["planning"], cycle=cycle, unit=year.cycle_kpi.unit, kpi_year=year,
            actor=found["staff"], kind=Notice.Kind.DISPUTE, text="對初評燈號有異議。",
            link=f"/cycles/{cycle.pk}/lights/#light-{year.pk}",
        )
        for year in own.select_related("cycle_kpi")
    )  # fmt: skip
    for agency in found["agencies"]:
        before = Cycle.objects.filter(agency=agency, year__lt=cycle.year).order_by("-year")[:1]
        Cycle.objects.filter(pk__in=list(before.values_list("pk", flat=True))).update(
            state=Cycle.State.CORRECTION
        )
    return found


def _dispute(found: dict[str, Any], submission: Any, own: Any) -> None:
    """The unit's dispute as the page reads it: its submission's state with the reason in its
    history, a dispute on each of its KPI-years."""
    from govperf.domain.workflow import CycleState, SubmissionState
    from govperf.records.write import recorded_save
    from govperf.workflow.models import ReviewComment

    submission.state = SubmissionState.DISPUTED
    recorded_save(submission, actor=found["staff"], reason="初評燈號與實際執行情形不符。")
    ReviewComment.objects.bulk_create(
        ReviewComment(
            kpi_year=year, author=found["staff"], stage=CycleState.UNIT_RESPONSE,
            stance=ReviewComment.Stance.DISPUTE, text="請重新評定燈號。",
        )
        for year in own.filter(cycle_kpi__unit_id=submission.unit_id)
    )  # fmt: skip


def _cycle(page: str) -> Callable[[dict[str, Any]], str]:
    return lambda found: f"/cycles/{found['cycle'].pk}/{page}"


def _unit_filter(found: dict[str, Any]) -> str:
    unit = found["cycle"].agency.units.get(name=STAFF_UNIT)
    return f"/cycles/{found['cycle'].pk}/lights/?unit={unit.pk}&state=disputed"


OPEN_PAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "overview as the planning office": _cycle(""),
    "overview as a unit's staff": _cycle(""),
    "KPI list as a unit's staff": _cycle("kpis/"),
}
OPEN_USERS = {
    "overview as the planning office": lambda found: found["planning"],
    "overview as a unit's staff": lambda found: found["staff"],
    "KPI list as a unit's staff": lambda found: found["staff"],
}
REVIEW_PAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "overview": _cycle(""),
    "lights": _cycle("lights/"),
    "lights, unassigned": _cycle("lights/?state=unassigned"),
    "lights, differing from the suggestion": _cycle("lights/?state=differs"),
    "lights, one unit's disputed": _unit_filter,
    "lights, red": _cycle("lights/?light=red"),
    "KPI list": _cycle("kpis/"),
    "progress board": _cycle("board/"),
    "notices": lambda found: "/notices/",
    "overview as a unit's staff": _cycle(""),
    "re-review": lambda found: "/re-review/",
}
REVIEW_USERS = {name: (lambda found: found["planning"]) for name in REVIEW_PAGES} | {
    "overview as a unit's staff": lambda found: found["staff"],
    "re-review": lambda found: found["reviewer"],
}


@pytest.fixture(scope="module")
def entry_open(django_db_setup: None, django_db_blocker: Any) -> dict[Size, dict[str, Measured]]:
    return measure_both(django_db_blocker, OPEN_PAGES, _year_opened, OPEN_USERS)


@pytest.fixture(scope="module")
def initial_review(
    django_db_setup: None, django_db_blocker: Any
) -> dict[Size, dict[str, Measured]]:
    return measure_both(django_db_blocker, REVIEW_PAGES, _in_initial_review, REVIEW_USERS)


@pytest.mark.parametrize("page", list(OPEN_PAGES))
def test_a_page_of_a_year_open_for_entry_costs_the_same_whatever_the_kpis(
    entry_open: dict[Size, dict[str, Measured]], page: str
) -> None:
    assert_same_count(entry_open, page)


@pytest.mark.parametrize("page", list(REVIEW_PAGES))
def test_a_page_of_a_year_in_initial_review_costs_the_same_whatever_the_kpis(
    initial_review: dict[Size, dict[str, Measured]], page: str
) -> None:
    assert_same_count(initial_review, page)


# What each page was measured showing: one mark per row, rows that grow with the KPIs.
ROWS = {
    ("open", "overview as the planning office"): r'<ul class="summary-missing">\s*<li>',
    ("open", "overview as a unit's staff"): r'<ul class="summary-missing">\s*<li>',
    ("review", "overview"): r'<ul class="summary-unlit">\s*<li>',
    ("review", "lights"): r'<tr id="light-\d+"',
    ("review", "lights, unassigned"): r'<tr id="light-\d+"',
    ("review", "lights, one unit's disputed"): r'<tr id="light-\d+"',
    ("review", "notices"): r'<li id="notice-\d+"',
    ("review", "re-review"): r'<tr id="re-review-\d+"',
}


def _rows(measured: dict[Size, dict[str, Measured]], name: str, pattern: str) -> list[int]:
    return [len(re.findall(pattern, measured[size][name].content)) for size in (SMALL, LARGE)]


def test_the_pages_were_measured_showing_rows_that_grow_with_the_data(
    entry_open: dict[Size, dict[str, Measured]], initial_review: dict[Size, dict[str, Measured]]
) -> None:
    for (pages, name), pattern in ROWS.items():
        measured = entry_open if pages == "open" else initial_review
        small, large = _rows(measured, name, pattern)
        assert small > 0 and large >= small, (name, small, large)
    kpis = [SMALL.kpis, LARGE.kpis]
    assert _rows(initial_review, "lights", ROWS[("review", "lights")]) == kpis
    assert _rows(initial_review, "notices", ROWS[("review", "notices")]) == kpis
    unassigned = _rows(initial_review, "lights, unassigned", r'<tr id="light-\d+"')
    assert unassigned == [SMALL.kpis // 2, LARGE.kpis // 2]
    re_review = _rows(initial_review, "re-review", ROWS[("review", "re-review")])
    assert re_review[1] > re_review[0]  # every agency's year in correction
