"""Pages of the light review and the progress board: lights, one KPI-year's thread, the board."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from govperf.accounts.selectors import user_roles
from govperf.audit.selectors import cycle_findings
from govperf.domain.lights import Light
from govperf.domain.policy import Area
from govperf.domain.workflow import CycleState, SubmissionState, may
from govperf.evaluation.entry import kpi_year_refusal
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.policy import may_change
from govperf.evaluation.scope import (
    cycle_get_for_user,
    kpi_year_get_for_user,
    kpi_year_list_for_user,
)
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.web.access import SIGNED_IN, access
from govperf.web.posted import form_add_errors, posted_id
from govperf.workflow.board import UnitRow, cycle_board
from govperf.workflow.forms import LightForm, ReReviewForm, ResponseForm
from govperf.workflow.notices_selectors import (
    cycle_disputes,
    disputes_by_kpi_year,
    submission_disputes,
)
from govperf.workflow.review import (
    kpi_year_re_review,
    kpi_year_review,
    review_comment_add,
)

DISPUTED = SubmissionState.DISPUTED
# The review services' fixed refusals, translated where a form shows them beside their field.
SERVICE_MESSAGES = (
    gettext_noop("評語不能空白。"),
    gettext_noop("提出異議必須填寫理由。"),
    gettext_noop("只有院管指標辦理複核。"),
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


def _row(
    year: KpiYear,
    notice: str = "",
    error: bool = False,
    form: LightForm | None = None,
    disputes: list[str] | None = None,
) -> dict[str, object]:
    """One line of the light review: the KPI-year, its suggestion, its form, any notice.

    A refused form comes back bound: the light chosen stays selected, the reason typed stays."""
    suggested = kpi_year_suggested_light(year)
    initial = {
        "kpi_year": year.pk,
        "light": year.initial_light or suggested.value,
        "reason": year.light_reason,
    }
    return {
        "year": year,
        "suggested": suggested,
        "form": form or LightForm(initial=initial, auto_id=f"id_{year.pk}_%s"),  # unique per row
        "notice": notice,
        "notice_class": "error" if error else "success",
        "disputes": disputes or [],
    }


def _rows(
    request: HttpRequest, cycle: Cycle, refused: dict[str, object] | None = None
) -> list[dict[str, object]]:
    years = kpi_year_list_for_user(user=request.user, cycle=cycle).filter(year=cycle.year)
    years = years.select_related("cycle_kpi__kpi", "cycle_kpi__goal", "cycle_kpi__unit")
    ordered = years.order_by("cycle_kpi__goal__position", "cycle_kpi__position")
    refused_year = refused["year"] if refused else None
    disputes = disputes_by_kpi_year(cycle=cycle)
    return [
        refused if year == refused_year else _row(year, disputes=disputes.get(year.pk))  # type: ignore[misc]
        for year in ordered
    ]


def _lights_page(
    request: HttpRequest, cycle: Cycle, refused: dict[str, object] | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "cycle": cycle,
        "rows": _rows(request, cycle, refused),
        "editable": may_change(user=request.user, area=Area.LIGHTS, cycle=cycle),
        "state_label": CycleState(cycle.state).label_zh,
    }
    return render(request, "workflow/lights.html", context, status=status)


@access("lights.assign")
def lights(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Every KPI-year of the cycle's year: achievement, suggested light, the initial light form."""
    found = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    _require(request, found, "lights.assign", _("只有研考單位可以核予初評燈號。"))
    if request.method == "POST":
        return _assign(request, found)
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


def _assign(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    """Assign one light; htmx gets the row back, a form post a redirect or the page again."""
    year_id = posted_id(request.POST.get("kpi_year"))
    if year_id is None:
        messages.error(request, _("燈號表單缺少指標編號，或編號不正確；未儲存。"))
        return _lights_page(request, cycle, status=400)
    year = kpi_year_get_for_user(user=request.user, kpi_year_id=year_id, cycle=cycle)
    form = LightForm(request.POST, auto_id=f"id_{year.pk}_%s")
    saved = _review(request, year, form)
    year.refresh_from_db()
    name = year.cycle_kpi.kpi
    if saved:
        notice = _("已核予「%(kpi)s」初評燈號。") % {"kpi": name}
    else:  # a refusal of the whole row (the cycle's state) has no field to stand beside
        why = " ".join(str(e) for e in form.non_field_errors()) or _("請依欄位旁的說明修正。")
        notice = _("「%(kpi)s」未儲存：%(why)s") % {"kpi": name, "why": why}
    disputes = disputes_by_kpi_year(cycle=cycle).get(year.pk)
    row = _row(year, notice, not saved, None if saved else form, disputes)
    if getattr(request, "htmx", False):
        context = {
            "cycle": cycle,
            "editable": may_change(user=request.user, area=Area.LIGHTS, cycle=cycle),
            "row": row,
        }
        return render(request, "workflow/lights.html#light-row", context)
    if saved:
        messages.success(request, notice)
        return redirect("workflow:lights", cycle_id=cycle.pk)
    messages.error(request, notice)
    return _lights_page(request, cycle, refused=row, status=400)


def _forms_allowed(request: HttpRequest, year: KpiYear) -> dict[str, bool]:
    def may(area: Area) -> bool:
        return kpi_year_refusal(request.user, year, area) is None

    re_review = year.tier == KpiYear.Tier.EXECUTIVE and may(Area.RE_REVIEW)
    return {
        "may_comment": may(Area.LIGHTS) or re_review,  # a reviewer comments on the 複核
        "may_respond": may(Area.RESPONSES),
        "may_re_review": re_review,
    }


@access(SIGNED_IN)
def kpi_review(request: HttpRequest, kpi_year_id: int) -> HttpResponse:
    """Suggested and assigned lights of one KPI-year, and its comment thread."""
    year = kpi_year_get_for_user(user=request.user, kpi_year_id=kpi_year_id)
    if request.method == "POST":
        return _respond(request, year)
    return _review_page(request, year, ResponseForm(), ReReviewForm())


def _review_page(
    request: HttpRequest,
    year: KpiYear,
    form: ResponseForm,
    re_review_form: ReReviewForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "year": year,
        "cycle": year.cycle_kpi.cycle,
        "suggested": kpi_year_suggested_light(year),
        "comments": year.comments.select_related("author"),
        "form": form,
        "re_review_form": re_review_form,
        "light_choices": [(light.value, light) for light in Light],
        **_forms_allowed(request, year),
    }
    return render(request, "workflow/kpi_review.html", context, status=status)


def _respond(request: HttpRequest, year: KpiYear) -> HttpResponse:
    """A comment or a 複核 light; a refusal shows the page again with what was typed."""
    if "re_review_light" in request.POST:
        form, re_review = ResponseForm(), ReReviewForm(request.POST)
        saved = _re_review(request, year, re_review)
    else:
        form, re_review = ResponseForm(request.POST), ReReviewForm()
        saved = _comment(request, year, form)
    if saved:
        return redirect("workflow:kpi_review", kpi_year_id=year.pk)
    sent = re_review if "re_review_light" in request.POST else form
    why = " ".join(str(e) for e in sent.non_field_errors()) or _("請依欄位旁的說明修正。")
    messages.error(request, _("未儲存：%(why)s") % {"why": why})
    return _review_page(request, year, form, re_review, status=400)


def _re_review(request: HttpRequest, year: KpiYear, form: ReReviewForm) -> bool:
    if not form.is_valid():
        return False
    try:
        kpi_year_re_review(
            actor=request.user,  # type: ignore[arg-type]
            kpi_year=year,
            light=Light(form.cleaned_data["re_review_light"]),
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        form_add_errors(form, error)
        return False
    messages.success(request, _("已核予複核燈號。"))
    return True


def _comment(request: HttpRequest, year: KpiYear, form: ResponseForm) -> bool:
    if not form.is_valid():
        return False
    try:
        review_comment_add(
            actor=request.user,  # type: ignore[arg-type]
            kpi_year=year,
            text=form.cleaned_data["text"],
            stance=form.cleaned_data["stance"],
        )
    except ValidationError as error:
        form_add_errors(form, error)
        return False
    messages.success(request, _("意見已送出。"))
    return True


def _unit_disputes(cycle: Cycle, rows: list[UnitRow]) -> list[tuple[UnitRow, str]]:
    """Each row's unit's reason for disputing its initial lights ("" when it does not)."""
    reasons = submission_disputes(cycle=cycle)
    return [
        (row, reasons.get(row.submission.unit_id, "") if row.submission.state == DISPUTED else "")
        for row in rows
    ]


@access("drafts.read_all")
def board(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Per unit: submission state, how much is entered, late deadlines; and the audit's findings."""
    found = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    _require(request, found, "drafts.read_all", _("只有研考單位與機關首長可以閱覽進度看板。"))
    rows, late = cycle_board(cycle=found, today=timezone.localdate())
    findings = [(SEVERITY_LABELS[f.severity], f) for f in cycle_findings(cycle=found)]
    context = {
        "cycle": found,
        "rows": rows,
        "late": late,
        "findings": findings,
        "disputes": list(cycle_disputes(cycle=found)),
        "unit_disputes": _unit_disputes(found, rows),
    }
    return render(request, "workflow/board.html", context)
