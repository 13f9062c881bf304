"""Where the public reads a cycle: the portal's page of the published record, not the staff page.

The staff pages of a cycle (its overview, KPI list and KPI pages, tables, chapters, versions)
are for signed-in people. One rule sends an anonymous visitor of any of them (302) to the
portal page that shows the same published year, or, where nothing of the cycle is published,
on to the staff page's own answer (sign in). The portal's URL names are reversed, not imported:
the portal sits above every app that uses this."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from govperf.evaluation.models import Cycle, KpiYear

View = TypeVar("View", bound=Callable[..., Any])

# Each kind of staff page: the portal page showing the same, and the part of it that does.
PORTAL_PAGES: dict[str, tuple[str, str]] = {
    "year": ("portal:year", ""),
    "kpis": ("portal:year", "#kpis"),
    "budget": ("portal:year", "#budget"),
    "headcount": ("portal:chapters", "#headcount"),
    "program_costs": ("portal:chapters", "#program-costs"),
    "chapters": ("portal:chapters", ""),
    "recommendations": ("portal:chapters", "#recommendations"),
    "versions": ("portal:versions", ""),
    "kpi": ("portal:kpi", ""),
}


def portal_url(
    *, page: str, cycle_id: int | None = None, kpi_year_id: int | None = None
) -> str | None:
    """The portal page the public reads instead of staff page `page` of a cycle (or of a
    KPI-year's cycle); None when that cycle has no published version (one query)."""
    name, part = PORTAL_PAGES[page]
    if kpi_year_id is not None:
        kpi = KpiYear.objects.filter(pk=kpi_year_id, cycle_kpi__cycle__versions__isnull=False)
        found = kpi.values("cycle_kpi__kpi_id").first()
        if found is None:
            return None
        return reverse(name, kwargs={"kpi_id": found["cycle_kpi__kpi_id"]}) + part
    if cycle_id is None:
        return None
    cycle = Cycle.objects.filter(pk=cycle_id, versions__isnull=False)
    year = cycle.values("agency_id", "year").first()
    if year is None:
        return None
    return reverse(name, kwargs={"agency_id": year["agency_id"], "year": year["year"]}) + part


def public_reads_portal(page: str) -> Callable[[View], View]:
    """Decorate a staff page of a cycle (kwargs `cycle_id` or `kpi_year_id`): an anonymous
    visitor is sent to its portal page `page` (a key of PORTAL_PAGES) when there is one."""
    if page not in PORTAL_PAGES:
        raise ValueError(f"no portal page for {page!r}")

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def routed(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                url = portal_url(
                    page=page,
                    cycle_id=kwargs.get("cycle_id"),
                    kpi_year_id=kwargs.get("kpi_year_id"),
                )
                if url is not None:
                    return HttpResponseRedirect(url)
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        return routed  # type: ignore[return-value]

    return decorate
