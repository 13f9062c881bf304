"""The report's current draft (草稿): built on request from the data as it stands, for the
agency head, the planning office and the reviewer, at any state before publication."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from govperf.evaluation.models import Cycle
from govperf.evaluation.scope import cycle_get_for_user
from govperf.web.access import access
from govperf.web.csp import allow_own_styles
from govperf.workflow.drafts import (
    DRAFT_FORMATS,
    READS_DRAFT,
    DraftFailed,
    DraftFile,
    DraftPublished,
    draft_readable,
    draft_render,
)
from govperf.workflow.publishing import CONTENT_TYPES

# The formats offered, in the order the cycle's page lists them, with how it names them.
FORMAT_NAMES = (
    ("html", gettext_noop("網頁")),
    ("pdf", "PDF"),
    ("docx", "DOCX"),
    ("odt", "ODT"),
    ("txt", gettext_noop("純文字")),
)
SHOWN_IN_BROWSER = frozenset({"html", "pdf"})  # inline; the others are downloaded


def draft_links(*, user: AbstractBaseUser | AnonymousUser, cycle: Cycle) -> list[tuple[str, str]]:
    """(url, format's name) of every format of the draft, if `user` may read it; else none."""
    if not draft_readable(user=user, cycle=cycle):
        return []
    return [
        (reverse("workflow:draft", kwargs={"cycle_id": cycle.pk, "format": key}), _(label))
        for key, label in FORMAT_NAMES
    ]


@access(READS_DRAFT)
def draft(request: HttpRequest, cycle_id: int, format: str) -> HttpResponse:
    """The draft in `format`, never cached; a part the data cannot build is named, not a 500."""
    found = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    if format not in DRAFT_FORMATS:
        raise Http404(_("沒有這種格式的報告。"))
    try:
        made = draft_render(user=request.user, cycle=found, format=format)
    except DraftPublished:
        return redirect("workflow:versions", cycle_id=found.pk)
    except DraftFailed as error:
        return _failed(request, found, part=error.part, cause=error.cause)
    return draft_response(made, inline=format in SHOWN_IN_BROWSER)


def draft_response(made: DraftFile, *, inline: bool) -> HttpResponse:
    """The draft's file as an answer: never kept by any cache, with its build and render time."""
    response = HttpResponse(made.content, content_type=CONTENT_TYPES[made.format])
    response["Cache-Control"] = "private, no-store"
    response["Server-Timing"] = f"build;dur={made.build_ms:.0f}, render;dur={made.render_ms:.0f}"
    disposition = content_disposition_header(as_attachment=not inline, filename=made.filename)
    if disposition:
        response["Content-Disposition"] = disposition
    if made.format == "html":
        return allow_own_styles(response, made.content)
    return response


def _failed(request: HttpRequest, cycle: Cycle, *, part: str, cause: str) -> HttpResponse:
    """The page saying which part of the draft could not be built from the data, and why."""
    context = {"cycle": cycle, "part": part, "cause": cause}
    response = render(request, "workflow/draft_failed.html", context, status=409)
    response["Cache-Control"] = "private, no-store"
    return response
