"""The home page: the cycles a user may see, newest first, with their state and the user's roles."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from govperf.accounts.selectors import user_roles_anywhere
from govperf.domain.workflow import Role
from govperf.evaluation.scope import cycle_record_list_for_user
from govperf.web.access import PUBLIC, access


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    """The cycles the user may see, newest first, with their state."""
    context = {
        "cycles": cycle_record_list_for_user(user=request.user),
        "roles": [r for r in Role if r in user_roles_anywhere(user=request.user) - {Role.PUBLIC}],
    }
    return render(request, "workflow/home.html", context)
