"""The plan pages: a cycle's goals and KPIs with their rules and targets, set up by planning."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govperf.domain.policy import Area
from govperf.evaluation.models import Cycle, CycleKpi
from govperf.evaluation.plan import plan_check, plan_years, setup_of
from govperf.evaluation.plan_forms import (
    DIRECTION_LABELS,
    TIER_LABELS,
    GoalForm,
    PlanKpiForm,
    kind_label,
    plan_initial,
    posted_cycle_kpi,
)
from govperf.evaluation.plan_save import plan_goal_add, plan_kpi_save
from govperf.evaluation.plan_selectors import plan_rows
from govperf.evaluation.policy import lock_notice, may_change, role_check
from govperf.evaluation.scope import cycle_get_for_user
from govperf.web.access import access
from govperf.web.posted import form_add_errors


def _planned_cycle(request: HttpRequest, cycle_id: int) -> Cycle:
    """The cycle, if the user may see it and their roles may ever change its plan (else 403)."""
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    role_check(user=request.user, area=Area.PLAN, cycle=cycle)
    return cycle


def _rows(cycle: Cycle) -> list[dict[str, Any]]:
    """Each KPI of the cycle with its own column's rule and its target of every plan year."""
    return [
        {
            "cycle_kpi": row.cycle_kpi,
            "kind": kind_label(row.column.kind),
            "direction": DIRECTION_LABELS.get(row.column.direction, row.column.direction),  # type: ignore[call-overload]
            "tier": TIER_LABELS.get(row.column.tier, "—"),  # type: ignore[call-overload]
            "targets": list(row.targets.values()),
        }
        for row in plan_rows(cycle=cycle)
    ]


@access("plan.edit")
def plan(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The cycle's plan: goals, KPIs with kind, direction, tier and targets of the plan years."""
    cycle = _planned_cycle(request, cycle_id)
    context = {
        "cycle": cycle,
        "years": plan_years(cycle),
        "rows": _rows(cycle),
        "editable": may_change(user=request.user, area=Area.PLAN, cycle=cycle),
        "lock_notice": lock_notice(user=request.user, area=Area.PLAN, cycle=cycle),
        "goal_form": GoalForm(),
    }
    return render(request, "evaluation/plan.html", context)


@access("plan.edit")
@require_POST
def plan_goal_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Add a goal; a refusal shows the plan page again with the typed name beside its reason."""
    cycle = _planned_cycle(request, cycle_id)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            plan_goal_add(actor=request.user, cycle=cycle, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已新增目標。"))
            return redirect("evaluation:plan", cycle_id=cycle.pk)
    context = {
        "cycle": cycle,
        "years": plan_years(cycle),
        "rows": _rows(cycle),
        "editable": True,
        "lock_notice": "",
        "goal_form": form,
    }
    return render(request, "evaluation/plan.html", context, status=400)


def _kpi_form_page(request: HttpRequest, cycle: Cycle, cycle_kpi: CycleKpi | None) -> HttpResponse:
    """The set-up form of a new KPI or of `cycle_kpi`: saved, or shown again as typed."""
    if request.method == "POST":
        form = PlanKpiForm(request.POST, cycle=cycle, cycle_kpi=cycle_kpi)
        if form.is_valid():
            try:
                plan_kpi_save(
                    actor=request.user,  # type: ignore[arg-type]
                    cycle=cycle,
                    setup=form.setup(),
                    cycle_kpi_id=cycle_kpi.pk if cycle_kpi else None,
                )
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("已儲存指標設定。"))
                return redirect("evaluation:plan", cycle_id=cycle.pk)
    else:
        initial = plan_initial(setup_of(cycle_kpi)) if cycle_kpi else {}
        form = PlanKpiForm(initial=initial, cycle=cycle, cycle_kpi=cycle_kpi)
    context = {
        "cycle": cycle,
        "cycle_kpi": cycle_kpi,
        "form": form,
        "lock_notice": lock_notice(user=request.user, area=Area.PLAN, cycle=cycle),
    }
    return render(request, "evaluation/plan_kpi.html", context, status=400 if form.errors else 200)


@access("plan.edit")
def plan_kpi_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Set up a new KPI in the cycle."""
    return _kpi_form_page(request, _planned_cycle(request, cycle_id), None)


@access("plan.edit")
def plan_kpi_edit(request: HttpRequest, cycle_id: int, cycle_kpi_id: int) -> HttpResponse:
    """Change a KPI's set-up and targets."""
    cycle = _planned_cycle(request, cycle_id)
    cycle_kpi = get_object_or_404(
        CycleKpi.objects.select_related("kpi", "cycle"), cycle=cycle, pk=cycle_kpi_id
    )
    return _kpi_form_page(request, cycle, cycle_kpi)


@access("plan.edit")
@require_POST
def plan_preview(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """htmx: what a save of the typed set-up would say (problems, soft targets); saves nothing."""
    cycle = _planned_cycle(request, cycle_id)
    cycle_kpi = posted_cycle_kpi(cycle, request.POST.get("cycle_kpi"))
    form = PlanKpiForm(request.POST, cycle=cycle, cycle_kpi=cycle_kpi)
    context: dict[str, Any] = {"problems": [], "soft": [], "checked": False}
    if not form.is_valid():
        context["problems"] = [problem for errors in form.errors.values() for problem in errors]
    else:
        _accepted, errors, soft = plan_check(cycle=cycle, setup=form.setup(), cycle_kpi=cycle_kpi)
        context |= {
            "problems": [m for name, m in errors.items() if name != "reason" or not soft],
            "soft": [item.message for item in soft],
            "needs_reason": bool(soft) and "reason" in errors,
            "checked": True,
        }
    return render(request, "evaluation/plan_kpi.html#preview", context)
