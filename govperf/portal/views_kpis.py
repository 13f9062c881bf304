"""The portal's KPI history, comparison of agencies and search."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from govperf.web.access import PUBLIC, access


@access(PUBLIC)
def kpi(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def compare(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def search(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404
