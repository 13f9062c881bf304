"""API: the published record, as the public portal shows it — every agency-year in its latest
version and the KPIs of each, with the official light only.

A year being corrected (更正中) stays here as last published, as on the portal; the cycles'
own lists (`cycles.py`) are the work in progress that the caller's roles may see."""

# No `from __future__ import annotations`: ninja reads the operations' annotations at runtime
# through the access wrapper, whose module globals do not hold these schemas.

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router

from govperf.api.access import api_access
from govperf.api.paging import PublishedKpiYearFilters, PublishedYearFilters, agency_filter, page_of
from govperf.api.schemas import (
    READ_ERRORS,
    LightCounts,
    PublicKpiYearOut,
    PublicKpiYearPage,
    PublishedYearOut,
    PublishedYearPage,
    printed_value,
)
from govperf.domain.values import decimal_text
from govperf.web.access import PUBLIC
from govperf.workflow.models import PublicKpiYear, PublicYear
from govperf.workflow.public_selectors import (
    VersionFormats,
    latest_kpi_year_list,
    latest_year_list,
    version_formats,
)

router = Router(tags=["published"])


@router.get(
    "/published-years",
    response={200: PublishedYearPage, **READ_ERRORS},
    summary="已公告的機關年度（最新版；分頁；可依機關、年度篩選），附報告與開放資料下載位址",
)
@api_access(PUBLIC)
def published_years(
    request: HttpRequest, filters: Query[PublishedYearFilters]
) -> PublishedYearPage:
    rows = latest_year_list(agency=agency_filter(filters.agency), year=filters.year)
    count, items, following, before = page_of(request, rows, filters)
    formats = version_formats(version_ids=[row.version_id for row in items])
    years = [published_year_out(request, row, formats[row.version_id]) for row in items]
    return PublishedYearPage(count=count, next=following, previous=before, items=years)


def published_year_out(
    request: HttpRequest, row: PublicYear, formats: VersionFormats
) -> PublishedYearOut:
    def address(name: str, **kwargs: object) -> str:
        where = {"agency_id": row.agency_id, "year": row.year, **kwargs}
        return request.build_absolute_uri(reverse(f"portal:{name}", kwargs=where))

    return PublishedYearOut(
        agency_id=row.agency_id,
        agency=row.agency.name,
        year=row.year,
        version=row.number,
        published_on=row.published_on.isoformat(),
        kpi_count=row.kpi_count,
        lights=LightCounts(green=row.green, yellow=row.yellow, red=row.red, white=row.white),
        mean_achievement=decimal_text(row.mean_achievement),
        page=address("year"),
        reports={f: address("latest_report_file", format=f) for f in formats.reports},
        data={f: address("latest_data_file", format=f) for f in formats.data},
    )


@router.get(
    "/kpi-years",
    response={200: PublicKpiYearPage, **READ_ERRORS},
    summary="各公告年度的指標與複核燈號（最新版；分頁；可依機關、年度、燈號篩選）",
)
@api_access(PUBLIC)
def published_kpi_years(
    request: HttpRequest, filters: Query[PublishedKpiYearFilters]
) -> PublicKpiYearPage:
    """The KPIs of each published agency-year's own year, the year its lights were given for."""
    rows = latest_kpi_year_list(
        agency=agency_filter(filters.agency),
        year=filters.year,
        light=filters.light.value if filters.light is not None else None,
    )
    count, items, following, before = page_of(request, rows, filters)
    years = [public_kpi_year_out(request, row) for row in items]
    return PublicKpiYearPage(count=count, next=following, previous=before, items=years)


def public_kpi_year_out(request: HttpRequest, row: PublicKpiYear) -> PublicKpiYearOut:
    page = reverse("portal:kpi", kwargs={"kpi_id": row.kpi_id})
    return PublicKpiYearOut(
        agency_id=row.agency_id,
        agency=row.agency.name,
        year=row.year,
        version=row.number,
        goal_label=row.goal_label,
        goal=row.goal_name,
        kpi_id=row.kpi_id,
        label=row.kpi_label,
        kpi=row.kpi_name,
        measurement_standard=row.measurement_standard,
        target=printed_value(row.target_text, row.target_value, row.target_unit),
        actual=printed_value(row.actual_text, row.actual_value, row.actual_unit),
        achievement=printed_value(row.achievement_text, row.achievement_value),
        light=row.light,
        tier=row.tier,
        page=request.build_absolute_uri(page),
    )
