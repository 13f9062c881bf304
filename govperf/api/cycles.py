"""API: the cycles a caller may see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from govperf.accounts.selectors import cycle_list_for_user
from govperf.api.access import api_access
from govperf.web.access import PUBLIC

router = Router(tags=["cycles"])


class CycleOut(Schema):
    id: int
    agency: str
    year: int
    title: str
    state: str
    published_on: str


@router.get("/cycles", response=list[CycleOut], summary="可閱覽的評估年度")
@api_access(PUBLIC)
def cycle_list(request: HttpRequest) -> list[CycleOut]:
    return [
        CycleOut(
            id=cycle.pk,
            agency=cycle.agency.name,
            year=cycle.year,
            title=cycle.title,
            state=cycle.state,
            published_on=cycle.published_on_text,
        )
        for cycle in cycle_list_for_user(user=request.user)
    ]
