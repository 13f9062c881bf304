"""The reviewer's 複核 page (行政院/國發會), across the agencies they review: every 院管 KPI of
the cycles the policy table opens to re-review, the agency's light and reason beside each,
and the 複核 light to give there. When there is none, it says why and where each cycle stands."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from govperf.accounts.models import Membership
from govperf.domain.policy import Area, decide
from govperf.domain.workflow import CycleState, Role
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.scope import cycle_list_for_user, kpi_year_get_for_user
from govperf.web.access import access
from govperf.web.posted import posted_id
from govperf.workflow.forms import ReReviewForm
from govperf.workflow.review_views import re_review_initial, re_review_save

# The states in which the policy table lets a reviewer give a 複核 light.
RE_REVIEW_STATES = frozenset(
    state for state in CycleState if decide(Area.RE_REVIEW, state, {Role.REVIEWER}) is None
)


@dataclass
class ReReviewRow:
    """One 院管 KPI-year awaiting 複核, with its form (bound again after a refusal)."""

    year: KpiYear
    form: ReReviewForm | None = None

    def __post_init__(self) -> None:
        if self.form is None:  # ids unique per row
            initial = re_review_initial(self.year)
            self.form = ReReviewForm(initial=initial, auto_id=f"id_{self.year.pk}_%s")


def reviewed_cycles(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Cycle]:
    """The cycles of every agency where `user` is the reviewer, as their scope shows them."""
    if not user.is_authenticated:
        return Cycle.objects.none()
    agencies = Membership.objects.filter(user_id=int(user.pk), role=Role.REVIEWER)
    found = cycle_list_for_user(user=user).filter(agency_id__in=agencies.values("agency_id"))
    return found.select_related("agency").order_by("agency__name", "-year")


def awaiting_years(*, cycles: list[Cycle]) -> QuerySet[KpiYear]:
    """The cycles' own-year 院管 KPI-years, in one query whatever the number of agencies."""
    open_ids = [cycle.pk for cycle in cycles if cycle.state in RE_REVIEW_STATES]
    years = KpiYear.objects.filter(
        cycle_kpi__cycle_id__in=open_ids,
        year=F("cycle_kpi__cycle__year"),
        tier=KpiYear.Tier.EXECUTIVE,
    )
    related = ("cycle_kpi__cycle__agency", "cycle_kpi__kpi", "cycle_kpi__goal", "cycle_kpi__unit")
    order = ("cycle_kpi__cycle__agency__name", "cycle_kpi__goal__position", "cycle_kpi__position")
    return years.select_related(*related).order_by(*order)


@access("lights.re_review")
def re_review(request: HttpRequest) -> HttpResponse:
    """The 複核 page; a post gives one KPI-year its 複核 light, a refusal shown beside it."""
    if request.method == "POST":
        return _give_light(request)
    return _page(request)


def _page(request: HttpRequest, refused: ReReviewRow | None = None) -> HttpResponse:
    cycles = list(reviewed_cycles(user=request.user))
    rows = [ReReviewRow(year) for year in awaiting_years(cycles=cycles)]
    if refused is not None:
        rows = [refused if row.year.pk == refused.year.pk else row for row in rows]
    context = {
        "rows": rows,
        "cycles": cycles,
        "open_states": [s for s in CycleState if s in RE_REVIEW_STATES],
    }
    return render(request, "workflow/re_review.html", context, status=400 if refused else 200)


def _give_light(request: HttpRequest) -> HttpResponse:
    year_id = posted_id(request.POST.get("kpi_year"))
    if year_id is None:
        messages.error(request, _("複核表單缺少指標編號，或編號不正確；未儲存。"))
        return redirect("workflow:re_review")
    year = kpi_year_get_for_user(user=request.user, kpi_year_id=year_id)
    form = ReReviewForm(request.POST, auto_id=f"id_{year.pk}_%s")
    if re_review_save(request, year, form):
        messages.success(request, _("已核予「%(kpi)s」複核燈號。") % {"kpi": year.cycle_kpi.kpi})
        return redirect("workflow:re_review")
    why = " ".join(str(e) for e in form.non_field_errors()) or _("請依欄位旁的說明修正。")
    messages.error(
        request, _("「%(kpi)s」未儲存：%(why)s") % {"kpi": year.cycle_kpi.kpi, "why": why}
    )
    return _page(request, ReReviewRow(year, form))
