"""The lights page (燈號初核): every KPI-year in one table form, filters, accepting suggestions."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govperf.accounts.selectors import user_roles
from govperf.agencies.models import Unit
from govperf.domain.lights import Light
from govperf.domain.policy import Area
from govperf.domain.workflow import CycleState, may
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.policy import lock_notice, may_change
from govperf.evaluation.scope import (
    cycle_get_for_user,
    kpi_year_get_for_user,
    kpi_year_list_for_user,
)
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.web.access import access
from govperf.web.posted import form_add_errors, posted_id
from govperf.web.templatetags.govperf import with_data
from govperf.workflow.forms import LightForm
from govperf.workflow.guards import english
from govperf.workflow.notices_selectors import latest_disputes, submission_disputes
from govperf.workflow.review import cycle_lights_accept_suggested, kpi_year_review

# The row states the page filters by.
STATES = ("unassigned", "assigned", "differs", "disputed")


def _require(request: HttpRequest, cycle: Cycle) -> None:
    """Permissions are per agency: holding one elsewhere does not reach this cycle."""
    if not may(user_roles(user=request.user, agency=cycle.agency), "lights.assign"):
        raise PermissionDenied(_("只有研考單位可以核予初評燈號。"))


@dataclass(frozen=True)
class Filters:
    """The page's GET filters; a value the page does not know is ignored, not an error."""

    unit: int | None = None
    state: str = ""
    light: str = ""

    @classmethod
    def read(cls, query: QueryDict, unit_ids: set[int]) -> Filters:
        unit = posted_id(query.get("unit"))
        state, light = query.get("state", ""), query.get("light", "")
        return cls(
            unit=unit if unit in unit_ids else None,
            state=state if state in STATES else "",
            light=light if light in {choice.value for choice in Light} else "",
        )

    def keeps(self, row: dict[str, object]) -> bool:
        year = row["year"]
        assert isinstance(year, KpiYear)
        if self.unit is not None and year.cycle_kpi.unit_id != self.unit:
            return False
        if self.light and year.initial_light != self.light:
            return False
        return not self.state or self.state in row["states"]  # type: ignore[operator]


def _form(year: KpiYear, data: QueryDict | None = None) -> LightForm:
    """The row's fields, named by its KPI-year within the table's one form; a post that names
    its fields plainly (one row's form, the API-like clients) is read as it was sent."""
    prefix = f"row-{year.pk}"
    if data is not None and f"{prefix}-light" not in data:
        return LightForm(data, auto_id=f"id_{year.pk}_%s")
    if data is not None:
        return LightForm(data, prefix=prefix, auto_id=f"id_{year.pk}_%s")
    suggested = kpi_year_suggested_light(year)
    initial = {
        "kpi_year": year.pk,
        "light": year.initial_light or suggested.value,
        "reason": year.light_reason,
    }
    return LightForm(initial=initial, prefix=prefix, auto_id=f"id_{year.pk}_%s")


def _row(
    year: KpiYear,
    disputes: tuple[dict[int, str], dict[int, str]] = ({}, {}),
    notice: str = "",
    error: bool = False,
    form: LightForm | None = None,
) -> dict[str, object]:
    """One line of the table: the KPI-year, its suggestion, its fields, disputes, a notice.

    A refused row comes back bound: the light chosen stays selected, the reason typed stays."""
    suggested = kpi_year_suggested_light(year)
    dispute = disputes[0].get(year.pk, "")
    unit_dispute = disputes[1].get(year.cycle_kpi.unit_id or 0)
    states = {"assigned" if year.initial_light else "unassigned"}
    if year.initial_light and year.initial_light != suggested.value:
        states.add("differs")
    if dispute or unit_dispute is not None:
        states.add("disputed")
    return {
        "year": year,
        "suggested": suggested,
        "form": form or _form(year),
        "dispute": dispute,
        "unit_dispute": unit_dispute,
        "states": states,
        "notice": notice,
        "notice_class": "error" if error else "success",
    }


def _years(request: HttpRequest, cycle: Cycle) -> list[KpiYear]:
    years = kpi_year_list_for_user(user=request.user, cycle=cycle).filter(year=cycle.year)
    related = ("cycle_kpi__cycle", "cycle_kpi__kpi", "cycle_kpi__goal", "cycle_kpi__unit")
    years = years.select_related(*related)  # the cycle: each row's suggestion reads its bands
    return list(years.order_by("cycle_kpi__goal__position", "cycle_kpi__position"))


def _lights_page(
    request: HttpRequest,
    cycle: Cycle,
    refused: dict[int, dict[str, object]] | None = None,
    status: int = 200,
) -> HttpResponse:
    disputes = _disputes(cycle)
    years = _years(request, cycle)
    rows = [(refused or {}).get(year.pk) or _row(year, disputes) for year in years]
    units = {year.cycle_kpi.unit for year in years if year.cycle_kpi.unit is not None}
    filters = Filters.read(request.GET, {unit.pk for unit in units})
    shown = [row for row in rows if filters.keeps(row)]
    context = {
        "cycle": cycle,
        "rows": shown,
        "total": len(rows),
        "unlit": sum(1 for year in years if not year.initial_light),
        "units": sorted(units, key=lambda unit: unit.name),
        "filters": filters,
        "light_choices": list(Light),
        "editable": may_change(user=request.user, area=Area.LIGHTS, cycle=cycle),
        "lock_notice": lock_notice(user=request.user, area=Area.LIGHTS, cycle=cycle),
        "state_label": _(CycleState(cycle.state).label_zh),
        "unit_disputes": _unit_disputes(units, disputes[1]),
    }
    return render(request, "workflow/lights.html", context, status=status)


def _disputes(cycle: Cycle) -> tuple[dict[int, str], dict[int, str]]:
    """The year's disputes as stored: each KPI-year's latest reason, and each unit's whose
    submission stands disputed."""
    return latest_disputes(cycle=cycle), submission_disputes(cycle=cycle)


def _unit_disputes(units: set[Unit], by_unit: dict[int, str]) -> list[tuple[Unit, str]]:
    """The units whose submission stands disputed, each with the reason it gave."""
    found = [(unit, by_unit[unit.pk]) for unit in units if unit.pk in by_unit]
    return sorted(found, key=lambda pair: pair[0].name)


@access("lights.assign")
def lights(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Every KPI-year of the cycle's year: achievement, suggested light, the initial light."""
    found = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    _require(request, found)
    if request.method == "POST":
        if getattr(request, "htmx", False) or "light" in request.POST:
            return _assign_one(request, found)
        return _assign_changed(request, found)
    return _lights_page(request, found)


def _review(request: HttpRequest, year: KpiYear, form: LightForm) -> bool:
    """Assign the form's light; a refusal is put beside the field it is about."""
    if not form.is_valid():
        return False
    try:
        kpi_year_review(
            actor=request.user,  # type: ignore[arg-type]
            kpi_year=year,
            light=Light(form.cleaned_data["light"]),
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as problem:
        form_add_errors(form, problem)
        return False
    return True


def _why(form: LightForm) -> str:
    """A refusal of the whole row (the cycle's state) has no field to stand beside."""
    return " ".join(str(e) for e in form.non_field_errors()) or _("請依欄位旁的說明修正。")


def _assign_one(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    """Assign one row's light; htmx gets the row back, a form post a redirect or the page."""
    year_id = posted_id(request.POST.get("kpi_year"))
    if year_id is None:
        messages.error(request, _("燈號表單缺少指標編號，或編號不正確；未儲存。"))
        return _lights_page(request, cycle, status=400)
    year = kpi_year_get_for_user(user=request.user, kpi_year_id=year_id, cycle=cycle)
    form = _form(year, request.POST)
    saved = _review(request, year, form)
    year.refresh_from_db()
    name = year.cycle_kpi.kpi
    if saved:
        notice = with_data(_("已核予「%(kpi)s」初評燈號。"), kpi=name)
    else:
        notice = with_data(_("「%(kpi)s」未儲存：%(why)s"), kpi=name, why=_why(form))
    row = _row(year, _disputes(cycle), notice, not saved, None if saved else form)
    if getattr(request, "htmx", False):
        context = {"cycle": cycle, "editable": True, "row": row}
        return render(request, "workflow/lights.html#light-row", context)
    if saved:
        messages.success(request, notice)
        return redirect("workflow:lights", cycle_id=cycle.pk)
    messages.error(request, notice)
    return _lights_page(request, cycle, refused={year.pk: row}, status=400)


def _list(names: list[str]) -> str:
    return (", " if english() else "、").join(names)


def _changed(year: KpiYear, form: LightForm) -> bool:
    data = form.cleaned_data
    return (
        data["light"] != year.initial_light
        or data["reason"].strip() != year.light_reason
        or bool(data["comment"].strip())
    )


def _assign_changed(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    """The table's one form sent whole: every row whose light, reason or comment changed is
    saved; a refused row comes back as typed, with its reason beside the field."""
    disputes = _disputes(cycle)
    saved, refused = [], {}
    for year in _years(request, cycle):
        if f"row-{year.pk}-light" not in request.POST:
            continue
        form = _form(year, request.POST)
        if form.is_valid() and not _changed(year, form):
            continue
        if _review(request, year, form):
            saved.append(str(year.cycle_kpi.kpi))
            continue
        year.refresh_from_db()
        notice = with_data(_("「%(kpi)s」未儲存：%(why)s"), kpi=year.cycle_kpi.kpi, why=_why(form))
        refused[year.pk] = _row(year, disputes, notice, True, form)
    if saved:
        messages.success(request, with_data(_("已核予初評燈號：%(kpis)s。"), kpis=_list(saved)))
    if refused:
        messages.error(
            request, _("有 %(n)s 項未儲存，請依欄位旁的說明修正。") % {"n": len(refused)}
        )
        return _lights_page(request, cycle, refused=refused, status=400)
    if not saved:
        messages.info(request, _("沒有變更的燈號。"))
    return redirect("workflow:lights", cycle_id=cycle.pk)


@require_POST
@access("lights.assign")
def lights_accept(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """採用全部建議燈號: the suggested light for every KPI-year without one yet."""
    found = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    _require(request, found)
    try:
        given = cycle_lights_accept_suggested(
            actor=request.user,  # type: ignore[arg-type]
            cycle=found,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _lights_page(request, found, status=409)
    messages.success(
        request, _("已採用 %(n)s 項指標的建議燈號；可再逐項調整。") % {"n": len(given)}
    )
    return redirect("workflow:lights", cycle_id=found.pk)
