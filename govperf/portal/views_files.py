"""The portal's downloads: published versions, their files, changes and open data.

Every file is served as stored at publication, byte for byte, streamed from the `published`
storage (govperf/published_files.py). A version's files never change, so they may be kept a
year; the latest-version addresses change at a correction, so briefly. A streamed answer is
not kept by the answer cache (govperf/portal/cache.py): each download reads its row, then the
storage, and a multi-megabyte report stays out of the cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from govperf.opendata.exporters import dictionary_document
from govperf.opendata.published import DATA_CONTENT_TYPES, DATA_SUFFIXES
from govperf.portal import files_shown
from govperf.published_files import StoredFile, published_open
from govperf.web.access import PUBLIC, access
from govperf.workflow import public_record, public_selectors
from govperf.workflow.public_selectors import RecordNotFound
from govperf.workflow.published_state import published_stamp
from govperf.workflow.publishing import CONTENT_TYPES, published_filename

VERSION_MAX_AGE = 365 * 24 * 3600  # a published version's file never changes
DATA_FORMATS_BY_SUFFIX = {suffix: format for format, suffix in DATA_SUFFIXES.items()}
ALL_DATA_NAME = "施政績效開放資料-全部機關"


def _found(read: Callable[[], Any]) -> Any:
    """What `read` returns; a published record not found is a 404."""
    try:
        return read()
    except RecordNotFound as missing:
        raise Http404(str(missing)) from missing


def _download(
    request: HttpRequest, file: StoredFile, *, content_type: str, filename: str, max_age: int
) -> HttpResponseBase:
    """The stored bytes as an attachment with their ETag, streamed from the `published`
    storage; a HEAD gets the headers only (the storage is not read)."""
    response: HttpResponseBase
    if request.method == "HEAD":
        response = HttpResponse(b"", content_type=content_type)
    else:
        response = FileResponse(published_open(file), content_type=content_type)
    response["Content-Length"] = str(file.size)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    if file.sha256:
        response["ETag"] = f'"{file.sha256}"'
    patch_cache_control(response, public=True, max_age=max_age)
    if max_age == VERSION_MAX_AGE:
        patch_cache_control(response, immutable=True)
    return response


def _report(
    request: HttpRequest, agency_id: int, year: int, format: str, number: int | None
) -> HttpResponseBase:
    if format not in CONTENT_TYPES:
        raise Http404(format)
    file = _found(
        lambda: public_selectors.report_file(
            agency_id=agency_id,
            year=year,
            format=format,
            number=number,
        )
    )
    return _download(
        request,
        file,
        content_type=CONTENT_TYPES[format],
        filename=published_filename(file.version, format),
        max_age=VERSION_MAX_AGE if number is not None else settings.GOVPERF_PUBLIC_MAX_AGE,
    )


def _data(
    request: HttpRequest, agency_id: int, year: int, suffix: str, number: int | None
) -> HttpResponseBase:
    format = DATA_FORMATS_BY_SUFFIX.get(suffix)
    if format is None:
        raise Http404(suffix)
    file = _found(
        lambda: public_selectors.data_file(
            agency_id=agency_id,
            year=year,
            format=format,
            number=number,
        )
    )
    cycle = file.version.cycle
    name = f"{cycle.agency.name}-{cycle.year}-開放資料-v{file.version.number}.{suffix}"
    return _download(
        request,
        file,
        content_type=DATA_CONTENT_TYPES[format],
        filename=name,
        max_age=VERSION_MAX_AGE if number is not None else settings.GOVPERF_PUBLIC_MAX_AGE,
    )


@access(PUBLIC)
@require_safe
def report_file(
    request: HttpRequest, agency_id: int, year: int, number: int, format: str
) -> HttpResponseBase:
    """Version `number`'s report in `format`, as published."""
    return _report(request, agency_id, year, format, number)


@access(PUBLIC)
@require_safe
def latest_report_file(
    request: HttpRequest, agency_id: int, year: int, format: str
) -> HttpResponseBase:
    """The year's latest version's report in `format`, as published."""
    return _report(request, agency_id, year, format, None)


@access(PUBLIC)
@require_safe
def data_file(
    request: HttpRequest, agency_id: int, year: int, number: int, format: str
) -> HttpResponseBase:
    """Version `number`'s open data: `data.json`, `data.csv.zip` or `data.xlsx`."""
    return _data(request, agency_id, year, format, number)


@access(PUBLIC)
@require_safe
def latest_data_file(
    request: HttpRequest, agency_id: int, year: int, format: str
) -> HttpResponseBase:
    """The year's latest version's open data: `data.json`, `data.csv.zip` or `data.xlsx`."""
    return _data(request, agency_id, year, format, None)


@access(PUBLIC)
@require_safe
def versions(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """Every published version of an agency's year, newest first, with its files."""
    files = _found(lambda: public_selectors.year_files(agency_id=agency_id, year=year))
    context = {
        "files": files,
        "rows": files_shown.version_rows(files),
        "latest": files_shown.latest_links(files),
    }
    return render(request, "portal/files_versions.html", context)


@access(PUBLIC)
@require_safe
def changes(request: HttpRequest, agency_id: int, year: int, number: int) -> HttpResponse:
    """What version `number` changed against the version before it, and why."""
    version = _found(
        lambda: public_selectors.published_version(agency_id=agency_id, year=year, number=number)
    )
    found = _found(
        lambda: public_selectors.version_changes(agency_id=agency_id, year=year, number=number)
    )
    context = {
        "version": version,
        "agency": version.cycle.agency.name,
        "agency_id": agency_id,
        "year": year,
        "published_on": files_shown.roc_date(version.published_on),
        "found": found,
        "kpis": files_shown.kpi_groups(found.diff.values),
        "chapters": files_shown.chapter_groups(found.diff.texts),
    }
    return render(request, "portal/files_changes.html", context)


@access(PUBLIC)
@require_safe
def data(request: HttpRequest) -> HttpResponse:
    """The open-data page: every agency-year's latest data, all agencies', the dictionary."""
    years = public_selectors.latest_year_page(page=request.GET.get("page", 1))
    context = {
        "years": years,
        "rows": files_shown.data_rows(years),
        "all_files": files_shown.all_data_links(),
        "dictionary": files_shown.dictionary(),
    }
    return render(request, "portal/files_data.html", context)


@access(PUBLIC)
@require_safe
def api_guide(request: HttpRequest) -> HttpResponse:
    """How to read the published data by program: the API's public lists, pages and filters."""
    base = reverse("api:openapi-json").removesuffix("openapi.json")
    return render(request, "portal/files_api.html", {"base": base})


@access(PUBLIC)
@require_safe
def all_data(request: HttpRequest, format: str) -> HttpResponseBase:
    """Every agency-year's latest published version in one file: `all.json`, `all.csv.zip`
    or `all.xlsx`, as built at the last publication (built here only if it was not)."""
    data_format = DATA_FORMATS_BY_SUFFIX.get(format)
    if data_format is None:
        raise Http404(format)
    stamp = published_stamp()
    file = public_selectors.all_data_file(stamp=stamp, format=data_format)
    if file is None:
        file = public_record.all_data_store(formats=[data_format])[data_format]
    return _download(
        request,
        file,
        content_type=DATA_CONTENT_TYPES[data_format],
        filename=f"{ALL_DATA_NAME}.{format}",
        max_age=settings.GOVPERF_PUBLIC_MAX_AGE,
    )


@access(PUBLIC)
@require_safe
def data_dictionary(request: HttpRequest) -> HttpResponse:
    """The open data's dictionary as JSON: every table's columns, their types and meaning."""
    body = json.dumps(dictionary_document(), ensure_ascii=False, indent=1) + "\n"
    response = HttpResponse(body.encode(), content_type="application/json")
    patch_cache_control(response, public=True, max_age=settings.GOVPERF_PUBLIC_MAX_AGE)
    return response
