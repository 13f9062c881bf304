"""The page of everything that needs a person: their notices, newest first, marked read there."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from govperf.web.access import SIGNED_IN, access
from govperf.web.posted import posted_id
from govperf.workflow.notices_selectors import notices_for_user, notices_mark_read

SHOWN = 200  # the newest notices a page lists; older ones stay stored


@access(SIGNED_IN)
def notices(request: HttpRequest) -> HttpResponse:
    """The person's notices; a post marks one (`notice`) or all of them read."""
    if request.method == "POST":
        return _mark_read(request)
    found = list(notices_for_user(user=request.user)[:SHOWN])
    unread = sum(1 for notice in found if notice.read_at is None)
    return render(request, "workflow/notices.html", {"notices": found, "unread": unread})


def _mark_read(request: HttpRequest) -> HttpResponse:
    if request.POST.get("all") == "yes":
        notices_mark_read(user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("已將全部通知標為已讀。"))
        return redirect("workflow:notices")
    notice_id = posted_id(request.POST.get("notice"))
    if notice_id is None:
        messages.error(request, _("沒有這則通知。"))
        return redirect("workflow:notices")
    marked = notices_mark_read(user=request.user, notice_id=notice_id)  # type: ignore[arg-type]
    if marked:
        messages.success(request, _("已標為已讀。"))
    else:
        messages.error(request, _("沒有這則未讀通知。"))
    return redirect("workflow:notices")
