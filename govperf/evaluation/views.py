"""Pages of KPI entry: a cycle's KPI list, a KPI-year's page with its history, and its edit form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govperf.domain.achievement import Kind
from govperf.domain.light_rules import suggest_light
from govperf.evaluation.entry import entry_refusal, missed, target_editable
from govperf.evaluation.entry_save import StaleEntry, entry_check, kpi_year_enter
from govperf.evaluation.forms import EntryForm, EvidenceForm, WithdrawForm, entry_initial
from govperf.evaluation.history import kpi_year_history
from govperf.evaluation.models import KpiYear
from govperf.evaluation.public_pages import public_reads_portal
from govperf.evaluation.scope import (
    cycle_get_for_user,
    kpi_year_get_for_user,
    kpi_year_list_for_user,
)
from govperf.evaluation.selectors import cycle_light_bands, kpi_year_suggested_light
from govperf.evaluation.targets import revision_request_refusal
from govperf.web.access import SIGNED_IN, access
from govperf.web.posted import form_add_errors


def _review_url(kpi_year: KpiYear) -> str | None:
    try:
        return reverse("workflow:kpi_review", args=[kpi_year.pk])
    except NoReverseMatch:  # built by the workflow pages; absent until they exist
        return None


@public_reads_portal("kpis")
@access(SIGNED_IN)
def kpi_list(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The cycle's KPI-years of its own year that the user may see, grouped by goal."""
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    years = (
        kpi_year_list_for_user(user=request.user, cycle=cycle)
        .filter(year=cycle.year)
        .select_related("cycle_kpi__goal", "cycle_kpi__kpi", "cycle_kpi__unit", "cycle_kpi__cycle")
        .order_by("cycle_kpi__goal__position", "cycle_kpi__position")
    )
    groups: dict[Any, list[dict[str, Any]]] = {}
    # Whether a row may be entered depends on its unit (the rows are all of the cycle's year):
    # asked once per unit, not once per KPI.
    refused: dict[int | None, bool] = {}
    for year in years:
        unit_id = year.cycle_kpi.unit_id
        if unit_id not in refused:
            refused[unit_id] = entry_refusal(request.user, year) is not None
        row = {
            "year": year,
            "suggested": kpi_year_suggested_light(year).value,
            "editable": not refused[unit_id],
        }
        groups.setdefault(year.cycle_kpi.goal, []).append(row)
    bulk_units = {
        row["year"].cycle_kpi.unit
        for rows in groups.values()
        for row in rows
        if row["editable"] and row["year"].cycle_kpi.unit
    }
    editable_any = any(row["editable"] for rows in groups.values() for row in rows)
    context = {
        "cycle": cycle,
        "groups": groups,
        "bulk_units": sorted(bulk_units, key=str),
        "editable_any": editable_any,  # the column of 填報 links, only for who may use them
    }
    return render(request, "evaluation/kpi_list.html", context)


@public_reads_portal("kpi")
@access(SIGNED_IN)
def kpi(request: HttpRequest, kpi_year_id: int) -> HttpResponse:
    """Every fact of the KPI-year, its evidence, target revisions and full history."""
    kpi_year = kpi_year_get_for_user(user=request.user, kpi_year_id=kpi_year_id)
    context = {
        "kpi_year": kpi_year,
        "cycle": kpi_year.cycle_kpi.cycle,
        "suggested": kpi_year_suggested_light(kpi_year).value,
        "sub_measures": kpi_year.sub_measures.all(),
        "evidence": kpi_year.evidence.select_related("uploaded_by"),
        "revisions": kpi_year.target_revisions.select_related("requested_by", "decided_by"),
        "history": kpi_year_history(kpi_year),
        "editable": entry_refusal(request.user, kpi_year) is None,
        "may_request_revision": revision_request_refusal(request.user, kpi_year) is None,
        "review_url": _review_url(kpi_year),
        "evidence_form": EvidenceForm(),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "evaluation/kpi.html", context)


def _editable(request: HttpRequest, kpi_year_id: int) -> KpiYear:
    kpi_year = kpi_year_get_for_user(user=request.user, kpi_year_id=kpi_year_id)
    refusal = entry_refusal(request.user, kpi_year)
    if refusal:
        raise PermissionDenied(refusal)
    return kpi_year


@access(SIGNED_IN)
def kpi_edit(request: HttpRequest, kpi_year_id: int) -> HttpResponse:
    """Enter the KPI-year's actual, sub-measures, inputs and texts; a stale save is refused."""
    kpi_year = _editable(request, kpi_year_id)
    with_target = target_editable(request.user, kpi_year)
    stale: StaleEntry | None = None
    if request.method == "POST":
        form = EntryForm(request.POST, kpi_year=kpi_year, with_target=with_target)
        if form.is_valid():
            try:
                kpi_year_enter(
                    actor=request.user,  # type: ignore[arg-type]
                    kpi_year_id=kpi_year.pk,
                    entry=form.entry(),
                    reason=form.cleaned_data["reason"],
                )
            except StaleEntry as error:
                stale = error
                kpi_year.refresh_from_db()  # the page shows what the other person saved
                form = _reloaded(request, kpi_year, with_target, error.version)
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("已儲存。"))
                return redirect("evaluation:kpi", kpi_year_id=kpi_year.pk)
    else:
        form = EntryForm(
            initial=entry_initial(kpi_year), kpi_year=kpi_year, with_target=with_target
        )
    context = {
        "kpi_year": kpi_year,
        "form": form,
        "stale": stale,
        "cycle": kpi_year.cycle_kpi.cycle,
    }
    status = 409 if stale else 400 if form.errors else 200  # refused: the page with what was typed
    return render(request, "evaluation/kpi_edit.html", context, status=status)


@access(SIGNED_IN)
@require_POST
def kpi_preview(request: HttpRequest, kpi_year_id: int) -> HttpResponse:
    """htmx: the achievement and suggested light the typed entry would give; nothing is saved."""
    kpi_year = _editable(request, kpi_year_id)
    form = EntryForm(request.POST, kpi_year=kpi_year, with_target=False)
    context: dict[str, Any] = {"problems": [], "rate": None, "light": None}
    if not form.is_valid():  # say why, rather than a silent empty preview
        context["problems"] = [problem for errors in form.errors.values() for problem in errors]
    else:
        try:
            entry = form.entry()
            actual, _, rate = entry_check(kpi_year, entry, require_reason=False)
        except ValidationError as error:
            context["problems"] = error.messages
        else:
            bands = cycle_light_bands(kpi_year.cycle_kpi.cycle)
            context |= {"rate": rate, "light": suggest_light(rate, bands).value}
            if kpi_year.kind == Kind.FORMULA:  # the actual the save will store
                context["computed"] = actual.text
            context["needs_reason"] = missed(rate) and not entry.missed_reason.strip()
    return render(request, "evaluation/kpi_edit.html#preview", context)


def _reloaded(
    request: HttpRequest, kpi_year: KpiYear, with_target: bool, version: int
) -> EntryForm:
    """The user's own input again, now carrying the stored version so a deliberate save works."""
    data = request.POST.copy()
    data["version"] = str(version)
    return EntryForm(data, kpi_year=kpi_year, with_target=with_target)
