"""API: the cycles a caller may see, the lists of their KPI-years and their audit findings."""

# No `from __future__ import annotations`: ninja reads the operations' annotations at runtime
# through the access wrapper, whose module globals do not hold these schemas.

from django.http import HttpRequest
from ninja import Query, Router

from govperf.api.access import api_access
from govperf.api.paging import CycleFilters, KpiYearFilters, agency_filter, page_of
from govperf.api.schemas import (
    READ_ERRORS,
    CycleDetailOut,
    CyclePage,
    FindingOut,
    KpiYearOut,
    KpiYearPage,
    Refusal,
    cycle_out,
    kpi_year_fields,
    submission_out,
)
from govperf.api.scope import (
    cycle_get,
    permission_require,
    submission_list_for_user,
)
from govperf.audit.selectors import cycle_findings
from govperf.evaluation.models import Cycle
from govperf.evaluation.scope import cycle_list_for_user, kpi_year_list_for_user
from govperf.web.access import PUBLIC

router = Router(tags=["cycles"])
REFUSALS = {**READ_ERRORS, 403: Refusal, 404: Refusal}
LIST_REFUSALS = READ_ERRORS
KPI_YEAR_RELATED = ("cycle_kpi__goal", "cycle_kpi__kpi", "cycle_kpi__unit")


@router.get(
    "/cycles",
    response={200: CyclePage, **LIST_REFUSALS},
    summary="可閱覽的評估年度（分頁；可依機關、年度篩選）",
)
@api_access(PUBLIC)
def cycle_list(request: HttpRequest, filters: Query[CycleFilters]) -> CyclePage:
    cycles = cycle_list_for_user(user=request.user).filter(agency_filter(filters.agency))
    if filters.year is not None:
        cycles = cycles.filter(year=filters.year)
    count, items, following, before = page_of(
        request, cycles.order_by("agency__name", "-year", "pk"), filters
    )
    return CyclePage(
        count=count, next=following, previous=before, items=[cycle_out(c) for c in items]
    )


def cycle_detail_out(request: HttpRequest, cycle: Cycle) -> CycleDetailOut:
    submissions = submission_list_for_user(user=request.user, cycle=cycle).order_by("unit__name")
    return CycleDetailOut(
        **cycle_out(cycle).dict(),
        state_label=cycle.get_state_display(),
        layout=cycle.layout,
        submissions=[submission_out(submission) for submission in submissions],
    )


@router.get(
    "/cycles/{cycle_id}",
    response={200: CycleDetailOut, **REFUSALS},
    summary="一個評估年度與呼叫者可見的單位填報",
)
@api_access(PUBLIC)
def cycle_detail(request: HttpRequest, cycle_id: int) -> CycleDetailOut:
    return cycle_detail_out(request, cycle_get(user=request.user, cycle_id=cycle_id))


@router.get(
    "/cycles/{cycle_id}/kpi-years",
    response={200: KpiYearPage, **REFUSALS},
    summary="評估年度的指標年度值（分頁；可依年度、複核燈號篩選；填報中僅本單位）",
)
@api_access(PUBLIC)
def cycle_kpi_years(
    request: HttpRequest, cycle_id: int, filters: Query[KpiYearFilters]
) -> KpiYearPage:
    cycle = cycle_get(user=request.user, cycle_id=cycle_id)
    years = kpi_year_list_for_user(user=request.user, cycle=cycle).select_related(*KPI_YEAR_RELATED)
    if filters.year is not None:
        years = years.filter(year=filters.year)
    if filters.light is not None:
        years = years.filter(review_light=filters.light.value)
    order = ("cycle_kpi__goal__position", "cycle_kpi__position", "year", "pk")
    count, items, following, before = page_of(request, years.order_by(*order), filters)
    rows = [KpiYearOut(**kpi_year_fields(kpi_year)) for kpi_year in items]
    return KpiYearPage(count=count, next=following, previous=before, items=rows)


@router.get(
    "/cycles/{cycle_id}/findings",
    response={200: list[FindingOut], **REFUSALS},
    summary="評估年度的稽核發現（需可閱覽全機關草稿）",
)
@api_access("drafts.read_all")
def cycle_findings_list(request: HttpRequest, cycle_id: int) -> list[FindingOut]:
    cycle = cycle_get(user=request.user, cycle_id=cycle_id)
    permission_require(user=request.user, cycle=cycle, permission="drafts.read_all")
    return [
        FindingOut(
            code=finding.code,
            severity=finding.severity.value,
            place=str(finding.place),
            message=finding.message,
            numbers=finding.numbers,
        )
        for finding in cycle_findings(cycle=cycle)
    ]
