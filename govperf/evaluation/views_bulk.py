"""Bulk entry on the web: a unit's XLSX form to download, and the filled form to upload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from govperf.accounts.selectors import user_roles, user_roles_for_unit
from govperf.agencies.models import Unit
from govperf.domain.policy import Area
from govperf.domain.workflow import Role
from govperf.evaluation.bulk_apply import kpi_form_apply
from govperf.evaluation.bulk_check import BulkUploadError, Problem
from govperf.evaluation.bulk_form import kpi_form_build
from govperf.evaluation.entry import entry_refusal
from govperf.evaluation.forms import BulkUploadForm
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.policy import StateRefused, may_ever_change, role_check
from govperf.evaluation.scope import cycle_get_for_user, kpi_year_list_for_user
from govperf.web.access import SIGNED_IN, access
from govperf.web.templatetags.govperf import with_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request: HttpRequest, cycle_id: int, unit_id: int) -> tuple[Cycle, Unit]:
    """The cycle and unit if the user is that unit's staff or the planning office.

    Another unit's people get 404 (as for its KPI pages); its own head and other roles 403.
    """
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    unit = Unit.objects.filter(pk=unit_id, agency=cycle.agency).first()
    if unit is None:
        raise Http404(_("找不到此單位。"))
    user: AbstractBaseUser = request.user  # type: ignore[assignment]
    if may_ever_change(user=user, area=Area.KPI_VALUES, cycle=cycle, unit=unit):
        return cycle, unit
    here = user_roles_for_unit(user=user, unit=unit)
    roles = user_roles(user=user, agency=cycle.agency)
    if not here & {Role.UNIT_HEAD} and roles & {Role.UNIT_STAFF, Role.UNIT_HEAD}:
        raise Http404(_("找不到此單位，或您沒有閱覽權限。"))
    role_check(user=user, area=Area.KPI_VALUES, cycle=cycle, unit=unit)
    raise PermissionDenied  # role_check refuses every role may_ever_change does


def _unit_years(request: HttpRequest, cycle: Cycle, unit: Unit) -> QuerySet[KpiYear]:
    years = kpi_year_list_for_user(user=request.user, cycle=cycle)
    return years.filter(year=cycle.year, cycle_kpi__unit=unit).select_related("cycle_kpi__cycle")


def _shown(problem: Problem) -> str:
    """A problem for the page: the form's sheet name and header in its place marked as data."""
    place = problem.place(with_data)
    if not place:
        return problem.message
    values = {"place": place, "message": conditional_escape(problem.message)}
    return mark_safe(conditional_escape(_("%(place)s：%(message)s")) % values)


@access(SIGNED_IN)
def bulk(request: HttpRequest, cycle_id: int, unit_id: int) -> HttpResponse:
    """Download the unit's form; upload it filled: all applied, or every problem listed."""
    cycle, unit = _scope(request, cycle_id, unit_id)
    years = list(_unit_years(request, cycle, unit))
    refusal = next((r for y in years if (r := entry_refusal(request.user, y))), None)
    form = BulkUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST":
        if refusal:
            raise PermissionDenied(refusal)
        if form.is_valid():
            try:
                changed = kpi_form_apply(
                    actor=request.user,  # type: ignore[arg-type]
                    cycle=cycle,
                    kpi_years=years,
                    data=form.cleaned_data["file"].read(),
                )
            except BulkUploadError as error:
                problems = [_shown(problem) for problem in error.problems]
            except StateRefused as error:  # the year moved on while the form was filled
                problems = [error.text]
            else:
                messages.success(request, _("已寫入 %(count)s 項指標。") % {"count": changed})
                return redirect("evaluation:bulk", cycle_id=cycle.pk, unit_id=unit.pk)
    context = {
        "cycle": cycle, "unit": unit, "years": years, "form": form,
        "problems": problems, "refusal": refusal,
    }  # fmt: skip
    return render(request, "evaluation/bulk.html", context, status=400 if problems else 200)


@access(SIGNED_IN)
def bulk_form(request: HttpRequest, cycle_id: int, unit_id: int) -> HttpResponse:
    """The unit's XLSX form for the cycle's own year."""
    cycle, unit = _scope(request, cycle_id, unit_id)
    data = kpi_form_build(cycle=cycle, kpi_years=_unit_years(request, cycle, unit))
    response = HttpResponse(data, content_type=XLSX)
    name = f"kpi-form-{cycle.year}-{unit.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
