"""The portal's downloads: published versions, their files, changes and open data."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from govperf.web.access import PUBLIC, access


@access(PUBLIC)
def versions(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def latest_report_file(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def latest_data_file(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def report_file(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def data_file(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def changes(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def data(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404


@access(PUBLIC)
def all_data(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """PLACEHOLDER: replaced by the helper that owns this module."""
    raise Http404
