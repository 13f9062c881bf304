"""API: the cycles a caller may see, the lists of their KPI-years and their audit findings."""

# No `from __future__ import annotations`: ninja reads the operations' annotations at runtime
# through the access wrapper, whose module globals do not hold these schemas.

from django.http import HttpRequest
from ninja import Router

from govperf.api.access import api_access
from govperf.api.schemas import (
    CycleDetailOut,
    CycleOut,
    FindingOut,
    KpiYearOut,
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
REFUSALS = {401: Refusal, 403: Refusal, 404: Refusal}


@router.get("/cycles", response=list[CycleOut], summary="可閱覽的評估年度")
@api_access(PUBLIC)
def cycle_list(request: HttpRequest) -> list[CycleOut]:
    return [cycle_out(cycle) for cycle in cycle_list_for_user(user=request.user)]


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
    response={200: list[KpiYearOut], **REFUSALS},
    summary="評估年度的指標年度值（填報中僅本單位）",
)
@api_access(PUBLIC)
def cycle_kpi_years(
    request: HttpRequest, cycle_id: int, year: int | None = None
) -> list[KpiYearOut]:
    cycle = cycle_get(user=request.user, cycle_id=cycle_id)
    years = kpi_year_list_for_user(user=request.user, cycle=cycle).select_related(
        "cycle_kpi__goal", "cycle_kpi__kpi", "cycle_kpi__unit"
    )
    if year is not None:
        years = years.filter(year=year)
    years = years.order_by("cycle_kpi__goal__position", "cycle_kpi__position", "year")
    return [KpiYearOut(**kpi_year_fields(kpi_year)) for kpi_year in years]


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
