"""Pages of the light review and the progress board: one KPI-year's thread, the board."""

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
from govperf.domain.workflow import SubmissionState, may
from govperf.evaluation.entry import kpi_year_refusal
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.scope import (
    cycle_get_for_user,
    kpi_year_get_for_user,
)
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.web.access import SIGNED_IN, access
from govperf.web.posted import form_add_errors
from govperf.workflow.board import UnitRow, cycle_board
from govperf.workflow.forms import ReReviewForm, ResponseForm
from govperf.workflow.notices_selectors import (
    cycle_disputes,
    submission_disputes,
)
from govperf.workflow.review import (
    kpi_year_re_review,
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
    return _review_page(
        request, year, ResponseForm(), ReReviewForm(initial=re_review_initial(year))
    )


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
        form, re_review = ResponseForm(request.POST), ReReviewForm(initial=re_review_initial(year))
        saved = _comment(request, year, form)
    if saved:
        return redirect("workflow:kpi_review", kpi_year_id=year.pk)
    sent = re_review if "re_review_light" in request.POST else form
    why = " ".join(str(e) for e in sent.non_field_errors()) or _("請依欄位旁的說明修正。")
    messages.error(request, _("未儲存：%(why)s") % {"why": why})
    return _review_page(request, year, form, re_review, status=400)


def re_review_initial(year: KpiYear) -> dict[str, str]:
    """A 複核 form starts from the 複核 light and reason given so far, else the agency's light
    (never the agency's reason: that is theirs, shown beside the form)."""
    return {
        "re_review_light": year.review_light or year.initial_light,
        "reason": year.review_light_reason,
    }


def re_review_save(request: HttpRequest, year: KpiYear, form: ReReviewForm) -> bool:
    """Give the form's 複核 light (the KPI page's form and the 複核 page's row alike); a refusal
    is put beside the field it is about, and False is returned."""
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
    return True


def _re_review(request: HttpRequest, year: KpiYear, form: ReReviewForm) -> bool:
    if not re_review_save(request, year, form):
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
    findings = [(SEVERITY_LABELS[f.severity], f, f.text(_)) for f in cycle_findings(cycle=found)]
    context = {
        "cycle": found,
        "rows": rows,
        "late": late,
        "findings": findings,
        "disputes": list(cycle_disputes(cycle=found)),
        "unit_disputes": _unit_disputes(found, rows),
    }
    return render(request, "workflow/board.html", context)
