"""Pages of the light review and the progress board: lights, one KPI-year's thread, the board."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from govperf.accounts.policy import ChangeRefused, may_change
from govperf.accounts.selectors import (
    cycle_get_for_user,
    kpi_year_get_for_user,
    kpi_year_list_for_user,
    user_roles,
)
from govperf.audit.selectors import cycle_findings
from govperf.domain.lights import Light
from govperf.domain.policy import Area
from govperf.domain.workflow import CycleState, may
from govperf.evaluation.entry import kpi_year_refusal
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.web.access import SIGNED_IN, access
from govperf.workflow.board import cycle_board
from govperf.workflow.forms import LightForm, ResponseForm
from govperf.workflow.review import (
    kpi_year_re_review,
    kpi_year_review,
    review_comment_add,
)

SEVERITY_LABELS = {
    "error": gettext_noop("錯誤"),
    "warning": gettext_noop("注意"),
    "info": gettext_noop("說明"),
}


def _require(request: HttpRequest, cycle: Cycle, permission: str, message: str) -> None:
    """Permissions are per agency: holding one elsewhere does not reach this cycle."""
    if not may(user_roles(user=request.user, agency=cycle.agency), permission):
        raise PermissionDenied(message)


def _row(year: KpiYear, notice: str = "", error: bool = False) -> dict[str, object]:
    """One line of the light review: the KPI-year, its suggestion, its form, any notice."""
    suggested = kpi_year_suggested_light(year)
    initial = {
        "kpi_year": year.pk,
        "light": year.initial_light or suggested.value,
        "reason": year.light_reason,
    }
    return {
        "year": year,
        "suggested": suggested,
        "form": LightForm(initial=initial, auto_id=f"id_{year.pk}_%s"),  # ids unique per row
        "notice": notice,
        "notice_class": "error" if error else "success",
    }


def _rows(request: HttpRequest, cycle: Cycle) -> list[dict[str, object]]:
    years = kpi_year_list_for_user(user=request.user, cycle=cycle).filter(year=cycle.year)
    years = years.select_related("cycle_kpi__kpi", "cycle_kpi__goal", "cycle_kpi__unit")
    return [
        _row(year) for year in years.order_by("cycle_kpi__goal__position", "cycle_kpi__position")
    ]


@access("lights.assign")
def lights(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Every KPI-year of the cycle's year: achievement, suggested light, the initial light form."""
    found = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    _require(request, found, "lights.assign", _("只有研考單位可以核予初評燈號。"))
    if request.method == "POST":
        return _assign(request, found)
    context = {
        "cycle": found,
        "rows": _rows(request, found),
        "editable": may_change(user=request.user, area=Area.LIGHTS, cycle=found),
        "state_label": CycleState(found.state).label_zh,
    }
    return render(request, "workflow/lights.html", context)


def _assign(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    """Assign one light; htmx gets the row back with its notice, a form post a redirect."""
    form = LightForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("燈號表單不完整。"))
        return redirect("workflow:lights", cycle_id=cycle.pk)
    year = kpi_year_get_for_user(
        user=request.user, kpi_year_id=form.cleaned_data["kpi_year"], cycle=cycle
    )
    error = False
    try:
        kpi_year_review(
            actor=request.user,  # type: ignore[arg-type]
            kpi_year=year,
            light=Light(form.cleaned_data["light"]),
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
        )
        notice = _("已核予「%(kpi)s」初評燈號。") % {"kpi": year.cycle_kpi.kpi}
    except (ValidationError, ChangeRefused) as problem:
        notice, error = f"{year.cycle_kpi.kpi}：{' '.join(problem.messages)}", True
    if getattr(request, "htmx", False):
        year.refresh_from_db()
        editable = may_change(user=request.user, area=Area.LIGHTS, cycle=cycle)
        context = {"cycle": cycle, "editable": editable, "row": _row(year, notice, error)}
        return render(request, "workflow/lights.html#light-row", context)
    (messages.error if error else messages.success)(request, notice)
    return redirect("workflow:lights", cycle_id=cycle.pk)


def _forms_allowed(request: HttpRequest, year: KpiYear) -> dict[str, bool]:
    def may(area: Area) -> bool:
        return kpi_year_refusal(request.user, year, area) is None

    return {
        "may_comment": may(Area.LIGHTS),
        "may_respond": may(Area.RESPONSES),
        "may_re_review": year.tier == KpiYear.Tier.EXECUTIVE and may(Area.RE_REVIEW),
    }


@access(SIGNED_IN)
def kpi_review(request: HttpRequest, kpi_year_id: int) -> HttpResponse:
    """Suggested and assigned lights of one KPI-year, and its comment thread."""
    year = kpi_year_get_for_user(user=request.user, kpi_year_id=kpi_year_id)
    if request.method == "POST":
        return _respond(request, year)
    context = {
        "year": year,
        "cycle": year.cycle_kpi.cycle,
        "suggested": kpi_year_suggested_light(year),
        "comments": year.comments.select_related("author"),
        "form": ResponseForm(),
        "light_choices": [(light.value, light) for light in Light],
        **_forms_allowed(request, year),
    }
    return render(request, "workflow/kpi_review.html", context)


def _respond(request: HttpRequest, year: KpiYear) -> HttpResponse:
    actor = request.user
    try:
        if request.POST.get("re_review_light"):
            light = Light(request.POST["re_review_light"])
            reason = request.POST.get("reason", "")
            kpi_year_re_review(actor=actor, kpi_year=year, light=light, reason=reason)  # type: ignore[arg-type]
            messages.success(request, _("已核予複核燈號。"))
        else:
            form = ResponseForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("請選擇立場。"))
            review_comment_add(
                actor=actor,  # type: ignore[arg-type]
                kpi_year=year,
                text=form.cleaned_data["text"],
                stance=form.cleaned_data["stance"],
            )
            messages.success(request, _("意見已送出。"))
    except ValueError:
        messages.error(request, _("沒有這個燈號。"))
    except (ValidationError, ChangeRefused) as error:
        messages.error(request, " ".join(error.messages))
    return redirect("workflow:kpi_review", kpi_year_id=year.pk)


@access("drafts.read_all")
def board(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Per unit: submission state, how much is entered, late deadlines; and the audit's findings."""
    found = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    _require(request, found, "drafts.read_all", _("只有研考單位與機關首長可以閱覽進度看板。"))
    rows, late = cycle_board(cycle=found, today=timezone.localdate())
    findings = [(SEVERITY_LABELS[f.severity], f) for f in cycle_findings(cycle=found)]
    context = {"cycle": found, "rows": rows, "late": late, "findings": findings}
    return render(request, "workflow/board.html", context)
