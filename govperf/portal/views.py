"""The public portal's pages: what any visitor may read, from the published record only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from govperf.web.access import PUBLIC, access
from govperf.workflow import public_selectors


@access(PUBLIC)
def agencies(request: HttpRequest) -> HttpResponse:
    """Every agency with a published report: its latest published year."""
    years = public_selectors.latest_years()
    return render(request, "portal/agencies.html", {"years": years})


@access(PUBLIC)
def agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def year(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def chapters(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404
