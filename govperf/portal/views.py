"""The public portal's pages of agencies and their years: what any visitor may read, from the
published record only (`workflow.public_selectors`); govperf/portal/cache.py keeps each
anonymous answer per published state.

The portal's front page for the public is `workflow.views_home.home` (the route `/`), with the
template `portal/home.html`: the portal sits above workflow, which owns the route."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from govperf.opendata.published import DATA_SUFFIXES
from govperf.portal.year_chapters import chapters_of, goal_kpis
from govperf.portal.year_charts import budget_chart, budget_rows, lights_chart
from govperf.web.access import PUBLIC, access
from govperf.workflow import public_selectors
from govperf.workflow.models import PublicKpiYear, PublicYear
from govperf.workflow.public_selectors import RecordNotFound

LIGHTS = ("green", "yellow", "red", "white")
# The report's formats in the order a reader is offered them; any other after, by name.
REPORT_FORMATS = ("html", "pdf", "docx", "odt", "txt")


@access(PUBLIC)
def agencies(request: HttpRequest) -> HttpResponse:
    """Every agency with a published report: its latest published year and its lights."""
    years = list(public_selectors.latest_years())
    return render(request, "portal/agencies.html", {"years": years})


@dataclass(frozen=True)
class LightCount:
    """One light's count among a year's KPIs, and its share of them."""

    light: str
    count: int
    percent: Decimal | None


def light_counts(year: PublicYear) -> list[LightCount]:
    """The year's KPIs by official light, each with its share (two decimals) of all KPIs."""
    total = year.kpi_count
    return [
        LightCount(
            light=light,
            count=getattr(year, light),
            percent=(Decimal(100 * getattr(year, light)) / total).quantize(Decimal("0.01"))
            if total
            else None,
        )
        for light in LIGHTS
    ]


@access(PUBLIC)
def agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    """An agency's published years, newest first: lights and mean achievement, as a table
    and a chart."""
    years = list(public_selectors.agency_years(agency_id=agency_id).select_related("agency"))
    if not years:
        raise Http404(_("找不到此機關已公告的報告。"))
    context = {
        "agency": years[0].agency,
        "years": years,
        "chart": lights_chart(list(reversed(years))),
    }
    return render(request, "portal/year_agency.html", context)


def _year_record(agency_id: int, year: int) -> tuple[PublicYear, dict[str, Any]]:
    """The year's summary and snapshot in its latest version; 404 when nothing is published."""
    try:
        summary = public_selectors.year_summary(agency_id=agency_id, year=year)
        snapshot = public_selectors.year_snapshot(agency_id=agency_id, year=year)
    except RecordNotFound as error:
        raise Http404(_("找不到此機關此年度已公告的報告。")) from error
    return summary, snapshot


@dataclass(frozen=True)
class GoalKpis:
    """A goal of the year and its KPIs' own-year columns, in the report's order."""

    label: str
    name: str
    kpis: list[PublicKpiYear]


def goals_of(kpi_years: Iterable[PublicKpiYear]) -> list[GoalKpis]:
    """The KPI rows grouped by their goal, goals in the order they first appear."""
    goals: dict[tuple[str, str], list[PublicKpiYear]] = {}
    for row in kpi_years:
        goals.setdefault((row.goal_label, row.goal_name), []).append(row)
    return [GoalKpis(label, name, rows) for (label, name), rows in goals.items()]


def report_formats(found: Iterable[str]) -> list[str]:
    """The formats a version has, in the order a reader is offered them."""
    known = [name for name in REPORT_FORMATS if name in found]
    return known + sorted(set(found) - set(REPORT_FORMATS))


@access(PUBLIC)
def year(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """An agency's year as last published: goals and KPIs with their official lights, the
    light statistics, the budget trend, and the report and open data to download."""
    summary, snapshot = _year_record(agency_id, year)
    kpi_years = public_selectors.version_kpi_years(version_id=summary.version_id)
    formats = public_selectors.version_report_formats(version_id=summary.version_id)
    context = {
        "summary": summary,
        "snapshot": snapshot,
        "lights": light_counts(summary),
        "goals": goals_of(kpi_years),
        "budget": budget_rows(snapshot.get("budget")),
        "budget_chart": budget_chart(snapshot.get("budget")),
        "report_formats": report_formats(formats),
        "data_formats": DATA_SUFFIXES.items(),
    }
    return render(request, "portal/year_year.html", context)


@access(PUBLIC)
def chapters(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """The report's chapters as published, to read on the web, with a table of contents."""
    summary, snapshot = _year_record(agency_id, year)
    rows = public_selectors.version_kpi_years(version_id=summary.version_id)
    chart = budget_chart(snapshot.get("budget"))
    context = {
        "summary": summary,
        "snapshot": snapshot,
        "chapters": chapters_of(snapshot, chart=chart is not None),
        "goals": goal_kpis(snapshot, {row.kpi_name: row for row in rows}),
        "budget_chart": chart,
    }
    return render(request, "portal/year_chapters.html", context)
