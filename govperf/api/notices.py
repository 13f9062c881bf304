"""API: the caller's own notices (通知), as their page lists them, and one marked read."""

# No `from __future__ import annotations`: ninja reads the operations' annotations at runtime
# through the access wrapper, whose module globals do not hold these schemas.

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from govperf.api.access import api_access
from govperf.api.actions import signed_in
from govperf.api.paging import PageIn, page_of
from govperf.api.schemas import READ_ERRORS, WRITE_ERRORS, Refusal
from govperf.web.access import SIGNED_IN
from govperf.workflow.notices_models import Notice
from govperf.workflow.notices_selectors import notices_for_user, notices_mark_read

router = Router(tags=["notices"])
NO_NOTICE = gettext_noop("找不到此通知。")


class NoticeFilters(PageIn):
    unread: bool = False  # true: only the notices not read yet


class NoticeOut(Schema):
    id: int
    kind: str  # unit_return, cycle_return, dispute, revision_rejected, light_comment, …
    kind_label: str  # the kind in the caller's language
    cycle_id: int
    agency: str
    year: int
    kpi_year_id: int | None
    kpi: str | None
    unit: str | None
    text: str  # the reason written for the caller
    link: str  # the page it concerns
    actor: str | None  # who gave the reason
    created_at: datetime
    read_at: datetime | None


class NoticePage(Schema):
    """A page of the caller's notices, newest first; `unread` counts all of theirs unread."""

    count: int
    unread: int
    next: str | None
    previous: str | None
    items: list[NoticeOut]


def notice_out(request: HttpRequest, notice: Notice) -> NoticeOut:
    kpi_year = notice.kpi_year
    return NoticeOut(
        id=notice.pk,
        kind=notice.kind,
        kind_label=gettext(notice.get_kind_display()),
        cycle_id=notice.cycle_id,
        agency=notice.cycle.agency.name,
        year=notice.cycle.year,
        kpi_year_id=notice.kpi_year_id,
        kpi=kpi_year.cycle_kpi.kpi.name if kpi_year else None,
        unit=notice.unit.name if notice.unit else None,
        text=notice.text,
        link=request.build_absolute_uri(notice.link),
        actor=notice.actor.get_username() if notice.actor else None,
        created_at=notice.created_at,
        read_at=notice.read_at,
    )


@router.get(
    "/notices",
    response={200: NoticePage, **READ_ERRORS},
    summary="呼叫者自己的通知（新的在前；unread=true 只列未讀；分頁）",
)
@api_access(SIGNED_IN)
def notice_list(request: HttpRequest, filters: Query[NoticeFilters]) -> NoticePage:
    actor = signed_in(request)
    found = notices_for_user(user=actor, unread=filters.unread).order_by("-created_at", "-pk")
    count, items, following, before = page_of(request, found, filters)
    return NoticePage(
        count=count,
        unread=notices_for_user(user=actor, unread=True).count(),
        next=following,
        previous=before,
        items=[notice_out(request, notice) for notice in items],
    )


@router.post(
    "/notices/{notice_id}/read",
    response={200: NoticeOut, **WRITE_ERRORS, 404: Refusal},
    summary="將自己的一則通知標為已讀（他人的通知回應 404）",
)
@api_access(SIGNED_IN)
def notice_read(request: HttpRequest, notice_id: int) -> NoticeOut:
    actor = signed_in(request)
    if not notices_for_user(user=actor).filter(pk=notice_id).exists():
        raise HttpError(404, gettext(NO_NOTICE))
    notices_mark_read(user=actor, notice_id=notice_id)  # one already read stays as it was
    return notice_out(request, notices_for_user(user=actor).get(pk=notice_id))
