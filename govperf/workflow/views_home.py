"""The home page: for the public, the portal's front page of the published record; for a
signed-in person, the cycles they may see, newest first, with their state and their roles."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from govperf.accounts.selectors import user_roles_anywhere
from govperf.domain.workflow import Role
from govperf.evaluation.scope import cycle_record_list_for_user
from govperf.web.access import PUBLIC, access
from govperf.workflow.notices_selectors import notices_for_user
from govperf.workflow.public_selectors import latest_years

NEEDS_SHOWN = 20  # the newest unread notices the home page lists; the rest on /notices/


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    """The portal's front page for the public; the staff home for a signed-in person."""
    if not request.user.is_authenticated:
        return _portal(request)  # kept per published state by govperf/portal/cache.py
    held = user_roles_anywhere(user=request.user) - {Role.PUBLIC}
    context = {
        "cycles": cycle_record_list_for_user(user=request.user),
        "roles": [r for r in Role if r in held],
        "is_reviewer": Role.REVIEWER in held,
        "needs": notices_for_user(user=request.user, unread=True)[:NEEDS_SHOWN],
    }
    return render(request, "workflow/home.html", context)


def _portal(request: HttpRequest) -> HttpResponse:
    """What the site is, each agency's latest published year, and the ways in (the portal's
    template: the portal sits above workflow, so its front page is rendered here)."""
    return render(request, "portal/home.html", {"years": list(latest_years())})
