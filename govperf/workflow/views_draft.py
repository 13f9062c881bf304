"""The report's current draft (草稿): built on request from the data as it stands, for the
agency head, the planning office and the reviewer, at any state before publication."""

from __future__ import annotations

import time

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from govperf.accounts.selectors import user_roles
from govperf.domain.workflow import CycleState, may
from govperf.evaluation.models import Cycle
from govperf.evaluation.scope import cycle_get_for_user
from govperf.reports.builder import ReportPartError, document_build_draft
from govperf.reports.formats import RENDERERS, report_render
from govperf.web.access import access
from govperf.web.csp import allow_own_styles
from govperf.workflow.publishing import CONTENT_TYPES

READS_DRAFT = "report.read_draft"
# The formats offered, in the order the cycle's page lists them, with how it names them.
DRAFT_FORMATS = (
    ("html", gettext_noop("網頁")),
    ("pdf", "PDF"),
    ("docx", "DOCX"),
    ("odt", "ODT"),
    ("txt", gettext_noop("純文字")),
)
SHOWN_IN_BROWSER = frozenset({"html", "pdf"})  # inline; the others are downloaded


def draft_readable(*, user: AbstractBaseUser | AnonymousUser, cycle: Cycle) -> bool:
    """Whether `user` may read `cycle`'s draft now: a role of its agency that may, and the
    cycle not published (a published cycle's report is its published versions)."""
    roles = user_roles(user=user, agency=cycle.agency)
    return may(roles, READS_DRAFT) and cycle.state != CycleState.PUBLISHED


def draft_links(*, user: AbstractBaseUser | AnonymousUser, cycle: Cycle) -> list[tuple[str, str]]:
    """(url, format's name) of every format of the draft, if `user` may read it; else none."""
    if not draft_readable(user=user, cycle=cycle):
        return []
    return [
        (reverse("workflow:draft", kwargs={"cycle_id": cycle.pk, "format": key}), _(label))
        for key, label in DRAFT_FORMATS
    ]


@access(READS_DRAFT)
def draft(request: HttpRequest, cycle_id: int, format: str) -> HttpResponse:
    """The draft in `format`, never cached; a part the data cannot build is named, not a 500."""
    found = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    if format not in RENDERERS:
        raise Http404(_("沒有這種格式的報告。"))
    if found.state == CycleState.PUBLISHED:
        return redirect("workflow:versions", cycle_id=found.pk)
    if not draft_readable(user=request.user, cycle=found):
        raise PermissionDenied(_("您在此機關的角色不能閱覽報告草稿。"))
    started = time.perf_counter()
    try:
        document = document_build_draft(found)
    except ReportPartError as error:
        return _failed(request, found, part=error.part, cause=str(error.cause))
    built = time.perf_counter()
    try:
        content = report_render(document, format)
    except Exception as error:  # a renderer's own failure (Typst, odfpy) on odd text
        return _failed(request, found, part=format.upper(), cause=str(error))
    response = _file_response(found, format, content)
    response["Server-Timing"] = (
        f"build;dur={(built - started) * 1000:.0f}, "
        f"render;dur={(time.perf_counter() - built) * 1000:.0f}"
    )
    return response


def _file_response(cycle: Cycle, format: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    response["Cache-Control"] = "private, no-store"
    disposition = content_disposition_header(
        as_attachment=format not in SHOWN_IN_BROWSER,
        filename=f"{cycle.agency.name}-{cycle.year}-施政績效報告-草稿.{format}",
    )
    if disposition:
        response["Content-Disposition"] = disposition
    if format == "html":
        return allow_own_styles(response, content)
    return response


def _failed(request: HttpRequest, cycle: Cycle, *, part: str, cause: str) -> HttpResponse:
    """The page saying which part of the draft could not be built from the data, and why."""
    context = {"cycle": cycle, "part": part, "cause": cause}
    response = render(request, "workflow/draft_failed.html", context, status=409)
    response["Cache-Control"] = "private, no-store"
    return response
