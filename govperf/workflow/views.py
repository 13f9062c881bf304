"""Pages of the yearly cycle: its overview with the actions the user may take."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from govperf.accounts.selectors import cycle_list_for_user
from govperf.web.access import PUBLIC, access


@access(PUBLIC)
def cycle(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """A cycle the user may see: its state and where to go next."""
    found = cycle_list_for_user(user=request.user).filter(pk=cycle_id).first()
    if found is None:
        raise Http404("找不到此評估年度，或您沒有閱覽權限。")
    return render(request, "workflow/cycle.html", {"cycle": found})
