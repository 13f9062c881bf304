"""Pages for a KPI-year's evidence files and its target revisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from govperf.accounts.selectors import user_roles
from govperf.domain.policy import Area
from govperf.domain.workflow import may
from govperf.evaluation.entry import kpi_year_refusal
from govperf.evaluation.evidence import evidence_upload as upload_service
from govperf.evaluation.evidence import evidence_withdraw as withdraw_service
from govperf.evaluation.forms import DecideForm, EvidenceForm, TargetRevisionForm, WithdrawForm
from govperf.evaluation.models import Evidence, TargetRevision
from govperf.evaluation.policy import role_check
from govperf.evaluation.scope import cycle_get_for_user, kpi_year_get_for_user
from govperf.evaluation.targets import (
    revision_request_refusal,
    target_revision_request,
)
from govperf.evaluation.targets import (
    target_revision_decide as decide_service,
)
from govperf.web.access import SIGNED_IN, access
from govperf.web.posted import form_add_errors

# The target services' fixed refusals, translated where a form shows them beside their field.
SERVICE_MESSAGES = (
    gettext_noop("申請修正目標值須填寫理由。"),
    gettext_noop("修正目標值須為數值，如 85%、1,500次。"),
    gettext_noop("駁回修正申請須填寫意見。"),
)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@access(SIGNED_IN)
@require_POST
def evidence_upload(request: HttpRequest, kpi_year_id: int) -> HttpResponse:
    """Upload one evidence file; a refused file says why, nothing is stored then."""
    kpi_year = kpi_year_get_for_user(user=request.user, kpi_year_id=kpi_year_id)
    refusal = kpi_year_refusal(request.user, kpi_year, Area.EVIDENCE)
    if refusal:
        raise PermissionDenied(refusal)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("請選擇要上傳的檔案。"))
        return redirect("evaluation:kpi", kpi_year_id=kpi_year.pk)
    try:
        upload_service(
            actor=request.user,  # type: ignore[arg-type]
            kpi_year=kpi_year,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("已上傳佐證資料。"))
    return redirect("evaluation:kpi", kpi_year_id=kpi_year.pk)


def _visible_evidence(request: HttpRequest, evidence_id: int) -> Evidence:
    evidence = get_object_or_404(Evidence, pk=evidence_id)
    kpi_year_get_for_user(user=request.user, kpi_year_id=evidence.kpi_year_id)
    return evidence


@access(SIGNED_IN)  # evidence is the agency's own, never the public's
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    """The file as uploaded, to whoever may see its KPI-year's page."""
    evidence = _visible_evidence(request, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("檔案已不在儲存空間。")) from error
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)


@access(SIGNED_IN)
@require_POST
def evidence_withdraw(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Withdraw evidence with a reason; the file is kept and the change recorded."""
    evidence = _visible_evidence(request, evidence_id)
    form = WithdrawForm(request.POST)
    try:
        withdraw_service(
            actor=request.user,  # type: ignore[arg-type]
            evidence=evidence,
            reason=form.data.get("reason", ""),
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("已撤回佐證資料（檔案仍保留）。"))
    return redirect("evaluation:kpi", kpi_year_id=evidence.kpi_year_id)


@access(SIGNED_IN)
def target_revision_new(request: HttpRequest, kpi_year_id: int) -> HttpResponse:
    """Request a revised target, with a reason."""
    kpi_year = kpi_year_get_for_user(user=request.user, kpi_year_id=kpi_year_id)
    refusal = revision_request_refusal(request.user, kpi_year)
    if refusal:
        raise PermissionDenied(refusal)
    form = TargetRevisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target_revision_request(
                actor=request.user,  # type: ignore[arg-type]
                kpi_year=kpi_year,
                revised_text=form.cleaned_data["revised_text"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已送出目標值修正申請，待研考單位核定。"))
            return redirect("evaluation:kpi", kpi_year_id=kpi_year.pk)
    context = {"kpi_year": kpi_year, "cycle": kpi_year.cycle_kpi.cycle, "form": form}
    status = 400 if form.is_bound and form.errors else 200  # refused: the page with what was typed
    return render(request, "evaluation/target_revision_new.html", context, status=status)


def _planning(request: HttpRequest, agency: object) -> None:
    if not may(user_roles(user=request.user, agency=agency), "plan.edit"):  # type: ignore[arg-type]
        raise PermissionDenied(_("只有研考單位可以核定目標值修正。"))


@access("plan.edit")
def target_revisions(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The planning office's list of the cycle's target revisions, pending first."""
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    _planning(request, cycle.agency)
    revisions = TargetRevision.objects.filter(kpi_year__cycle_kpi__cycle=cycle).select_related(
        "kpi_year__cycle_kpi__kpi", "requested_by", "decided_by"
    )
    context = {
        "cycle": cycle,
        "pending": [r for r in revisions if r.state == TargetRevision.State.REQUESTED],
        "decided": [r for r in revisions if r.state != TargetRevision.State.REQUESTED],
    }
    return render(request, "evaluation/target_revisions.html", context)


@access(SIGNED_IN)  # the policy table decides, in the service
def target_revision_decide(request: HttpRequest, revision_id: int) -> HttpResponse:
    """Approve or reject one requested revision, each from its own form and note; approval
    applies the revised target. A refusal shows the sent form again with the reason beside it."""
    revision = get_object_or_404(
        TargetRevision.objects.select_related("kpi_year__cycle_kpi__cycle__agency"),
        pk=revision_id,
    )
    year = kpi_year_get_for_user(user=request.user, kpi_year_id=revision.kpi_year_id)
    role_check(user=request.user, area=Area.REVISION_DECISIONS, cycle=year.cycle_kpi.cycle)
    form = DecideForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        if _decided(request, revision, form):
            messages.success(
                request, _("已核定。") if revision.state == "approved" else _("已駁回。")
            )
            cycle_id = revision.kpi_year.cycle_kpi.cycle_id
            return redirect("evaluation:target_revisions", cycle_id=cycle_id)
        why = " ".join(str(e) for e in form.non_field_errors()) or _("請依欄位旁的說明修正。")
        messages.error(request, _("未儲存：%(why)s") % {"why": why})
    context = {"revision": revision, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "evaluation/target_revision_decide.html", context, status=status)


def _decided(request: HttpRequest, revision: TargetRevision, form: DecideForm) -> bool:
    """Take the posted decision through the service; a refusal lands on `form`."""
    if not form.is_valid():
        return False
    try:
        decide_service(
            actor=request.user,  # type: ignore[arg-type]
            revision=revision,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        form_add_errors(form, error)
        return False
    return True
