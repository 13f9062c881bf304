"""Pages of the yearly cycle: its overview, its workflow steps, deadlines and published versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from govperf.accounts.models import Membership
from govperf.accounts.selectors import user_roles, user_roles_for_unit
from govperf.domain.policy import Area
from govperf.domain.workflow import (
    CycleAction,
    CycleState,
    Role,
    SubmissionAction,
    may,
)
from govperf.evaluation.models import Cycle
from govperf.evaluation.policy import may_change
from govperf.evaluation.public_pages import public_reads_portal
from govperf.evaluation.scope import (
    cycle_data_visible_to,
    cycle_get_for_user,
    cycle_record_get_for_user,
)
from govperf.published_files import published_bytes, published_open
from govperf.web.access import (
    PUBLIC,
    SIGNED_IN,
    AccessDenied,
    access,
    access_check,
    declared_access,
)
from govperf.web.caching import response_is_public
from govperf.web.csp import allow_own_styles
from govperf.web.posted import form_add_errors
from govperf.workflow.actions import cycle_act
from govperf.workflow.carryover import cycle_create_next
from govperf.workflow.deadlines import deadline_is_late, deadlines_set
from govperf.workflow.forms import DeadlineForm
from govperf.workflow.guards import GuardRefusal, lacks_text
from govperf.workflow.history import cycle_state_changes, deadline_changes
from govperf.workflow.models import PublishedFile, PublishedVersion, UnitSubmission
from govperf.workflow.notices_selectors import cycle_reason, notices_for_user, submission_reason
from govperf.workflow.offered import Step, cycle_steps, submission_steps
from govperf.workflow.publishing import (
    CONTENT_TYPES,
    published_filename,
    version_last,
    version_list,
)
from govperf.workflow.services import submission_apply
from govperf.workflow.summaries import Summary, cycle_summary, unit_summary
from govperf.workflow.views_draft import draft_links

# Other areas' pages of a cycle, linked from the overview when they exist.
LINKS = (
    ("evaluation:kpi_list", gettext_noop("關鍵績效指標")),
    ("evaluation:target_revisions", gettext_noop("目標值修正")),
    ("finance:budget", gettext_noop("預決算")),
    ("finance:headcount", gettext_noop("員額")),
    ("finance:program_costs", gettext_noop("計畫成本")),
    ("narrative:chapters", gettext_noop("報告章節")),
    ("narrative:recommendations", gettext_noop("審查意見回應")),
    ("workflow:lights", gettext_noop("燈號初核")),
    ("workflow:board", gettext_noop("進度看板")),
    ("workflow:versions", gettext_noop("公告版本")),
    ("evaluation:plan", gettext_noop("中程計畫與指標設定")),
)

# The steps shown with a summary of what they send on: the unit's submit and sign-off, and
# the planning office's closing of entry, sending of the lights and submitting for approval.
SUMMARY_BEFORE_SUBMISSION = frozenset({SubmissionAction.SUBMIT, SubmissionAction.SIGN_OFF})
SUMMARY_BEFORE_CYCLE = frozenset(
    {CycleAction.CLOSE_ENTRY, CycleAction.SEND_INITIAL_LIGHTS, CycleAction.SUBMIT_FOR_APPROVAL}
)


def _links(request: HttpRequest, cycle: Cycle) -> list[tuple[str, str]]:
    """The cycle's other pages whose declared access the user passes."""
    found = []
    for name, label in LINKS:
        url = reverse(name, kwargs={"cycle_id": cycle.pk})
        try:
            access_check(request, declared_access(resolve(url).func) or SIGNED_IN)
        except AccessDenied:
            continue
        found.append((url, _(label)))
    return found


def _own_submissions(request: HttpRequest, cycle: Cycle) -> list[dict[str, object]]:
    if not request.user.is_authenticated:
        return []
    units = Membership.objects.filter(user_id=request.user.pk, agency=cycle.agency)
    submissions = cycle.submissions.filter(unit_id__in=units.values("unit_id"))
    found = []
    for submission in submissions.select_related("cycle", "unit"):
        roles = user_roles_for_unit(user=request.user, unit=submission.unit)
        steps = submission_steps(submission=submission, roles=roles)
        summarised = {s.row.action for s in steps} & SUMMARY_BEFORE_SUBMISSION
        summary = unit_summary(submission=submission) if summarised else None
        found.append(
            {
                "submission": submission,
                "actions": steps,
                "summary": summary,
                "summary_id": f"summary-{submission.pk}" if summary else "",
                "reason": submission_reason(submission),
            }
        )
    return found


def _cycle_summary(found: Cycle, steps: list[Step]) -> Summary | None:
    """The planning office's summary, beside the steps that send the year on."""
    if not {step.row.action for step in steps} & SUMMARY_BEFORE_CYCLE:
        return None
    return cycle_summary(cycle=found)


@public_reads_portal("year")
@access(SIGNED_IN)
def cycle(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """A cycle the user may see: state, deadlines, the steps they may take, versions, history.

    To a signed-in person outside the agency, a cycle in correction is its last published
    version: a notice, that version's report to read, and every version's downloads; not the
    values being corrected. The public reads the published year on the portal."""
    found = cycle_record_get_for_user(user=request.user, cycle_id=cycle_id)
    if not cycle_data_visible_to(user=request.user, cycle=found):
        return _published_record(request, found)
    return _cycle_page(request, found)


def _cycle_page(
    request: HttpRequest, found: Cycle, deadline_form: DeadlineForm | None = None, status: int = 200
) -> HttpResponse:
    """The cycle's page; a refused deadline form comes back bound, with what was typed."""
    roles = user_roles(user=request.user, agency=found.agency)
    today = timezone.localdate()
    deadlines = list(found.deadlines.all())
    steps = cycle_steps(cycle=found, roles=roles)
    summary = _cycle_summary(found, steps)
    context = {
        "cycle": found,
        "state_label": CycleState(found.state).label_zh,
        "deadlines": [(d, deadline_is_late(d, today)) for d in deadlines],
        "actions": steps,
        "summary": summary,
        "summary_id": "cycle-summary" if summary else "",
        "open_year": CycleAction.OPEN_YEAR,
        "deadline_form": deadline_form or DeadlineForm(deadlines=deadlines),
        "deadline_reason": request.POST.get("reason", "") if deadline_form else "",
        "may_edit_deadlines": may_change(user=request.user, area=Area.DEADLINES, cycle=found),
        "submissions": _own_submissions(request, found),
        "versions": version_list(found),
        "links": _links(request, found),
        "history": cycle_state_changes(cycle=found) if request.user.is_authenticated else [],
        "deadline_changes": deadline_changes(cycle=found) if request.user.is_authenticated else [],
        "next_year": _next_year_to_create(found, roles),
        "draft_links": draft_links(user=request.user, cycle=found),
        "needs": notices_for_user(user=request.user, unread=True).filter(cycle=found),
        "cycle_reason": cycle_reason(found) if found.state == CycleState.REVISION else None,
    }
    return render(request, "workflow/cycle.html", context, status=status)


def _published_record(request: HttpRequest, found: Cycle) -> HttpResponse:
    """The public page of a cycle whose data is being corrected: what was last published."""
    context = {
        "cycle": found,
        "last": version_last(found),
        "versions": version_list(found),
    }
    return render(request, "workflow/cycle_published.html", context)


def _next_year_to_create(found: Cycle, roles: frozenset[Role]) -> int | None:
    """The year the planning office may carry this published cycle over to, if not yet done."""
    if not may(roles, "plan.edit") or found.state != CycleState.PUBLISHED:
        return None
    following = found.year + 1
    exists = Cycle.objects.filter(agency=found.agency, year=following).exists()
    return None if exists else following


@require_POST
@access("plan.edit")
def cycle_next(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Create next year's draft cycle from this one: goals, KPIs, targets, tables, chapters."""
    previous = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    roles = user_roles(user=request.user, agency=previous.agency)
    year = _next_year_to_create(previous, roles)
    try:
        if year is None:
            raise ValidationError(_("只能由已公告、且尚無下一年度的評估年度建立下一年度。"))
        created = cycle_create_next(actor=request.user, previous=previous, year=year)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workflow:cycle", cycle_id=previous.pk)
    messages.success(request, _("已建立%(cycle)s（籌備中）。") % {"cycle": created})
    return redirect("workflow:cycle", cycle_id=created.pk)


def _open_year(request: HttpRequest, found: Cycle) -> HttpResponse:
    """Open the year with the typed deadlines; a refusal shows them again, reasons beside."""
    form = DeadlineForm(request.POST, deadlines=list(found.deadlines.all()))
    if form.is_valid():
        try:
            cycle_act(
                actor=request.user,  # type: ignore[arg-type]
                cycle=found,
                action=CycleAction.OPEN_YEAR,
                reason=request.POST.get("reason", ""),
                due=form.due(),
            )
        except ValidationError as error:
            form_add_errors(form, error)
            found.refresh_from_db()  # the refused step was rolled back: show the year as stored
        else:
            messages.success(request, _("已完成「%(action)s」。") % {"action": _("開始填報")})
            return redirect("workflow:cycle", cycle_id=found.pk)
    why = " ".join(str(e) for e in form.non_field_errors()) or _("請依欄位旁的說明修正。")
    messages.error(request, _("未開始填報：%(why)s") % {"why": why})
    return _cycle_page(request, found, deadline_form=form, status=400)


def _take_cycle_action(request: HttpRequest, found: Cycle, action: CycleAction) -> str:
    """Through the one entry point of the cycle's actions."""
    acted = cycle_act(
        actor=request.user,  # type: ignore[arg-type]
        cycle=found,
        action=action,
        reason=request.POST.get("reason", ""),
    )
    if acted.version is not None:
        return _("已公告第 %(number)s 版。") % {"number": acted.version.number}
    return _("已完成「%(action)s」。") % {"action": _(action.label_zh)}


@require_POST
@access(SIGNED_IN)
def cycle_action(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Take a step of the cycle through the workflow service; a refusal says why."""
    found = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    try:
        action = CycleAction(request.POST.get("action", ""))
    except ValueError:
        messages.error(request, _("沒有這個動作。"))
        return redirect("workflow:cycle", cycle_id=found.pk)
    if action == CycleAction.OPEN_YEAR:
        return _open_year(request, found)
    try:
        messages.success(request, _take_cycle_action(request, found, action))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("workflow:cycle", cycle_id=found.pk)


@require_POST
@access(SIGNED_IN)  # the policy table decides, in the service
def deadlines(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The planning office changes a step's due date; history keeps the old one and why.

    A refusal shows the page again with the dates and reason as typed, the reason beside them."""
    found = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    form = DeadlineForm(request.POST, deadlines=list(found.deadlines.all()))
    if form.is_valid():
        try:
            deadlines_set(
                actor=request.user,  # type: ignore[arg-type]
                cycle=found,
                due=form.due(),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("期限已更新。"))
            return redirect("workflow:cycle", cycle_id=found.pk)
    why = " ".join(str(e) for e in form.non_field_errors()) or _("請依欄位旁的說明修正。")
    messages.error(request, _("期限未儲存：%(why)s") % {"why": why})
    return _cycle_page(request, found, deadline_form=form, status=400)


@require_POST
@access(SIGNED_IN)
def submission_action(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A unit's step on its submission (submit, sign off, return, agree, dispute).

    A submit with KPIs not fully entered shows what is missing, each linked to its entry page,
    and submits only when the person confirms."""
    submission = get_object_or_404(
        UnitSubmission.objects.select_related("cycle", "unit"), pk=submission_id
    )
    found = cycle_get_for_user(user=request.user, cycle_id=submission.cycle_id)
    if not user_roles_for_unit(user=request.user, unit=submission.unit):  # type: ignore[arg-type]
        raise Http404(_("找不到此單位填報。"))
    try:
        action = SubmissionAction(request.POST.get("action", ""))
        submission_apply(
            actor=request.user,  # type: ignore[arg-type]
            submission=submission,
            action=action,
            reason=request.POST.get("reason", ""),
            confirm=request.POST.get("confirm") == "yes",
        )
        messages.success(request, _("已完成「%(action)s」。") % {"action": _(action.label_zh)})
    except ValueError:
        messages.error(request, _("沒有這個動作。"))
    except GuardRefusal as refusal:
        if refusal.confirmable:
            return _confirm_submit(request, submission, refusal)
        messages.error(request, " ".join(refusal.messages))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("workflow:cycle", cycle_id=found.pk)


def _confirm_submit(
    request: HttpRequest, submission: UnitSubmission, refusal: GuardRefusal
) -> HttpResponse:
    """The submit's confirmation: what is missing, linked to each KPI's entry page."""
    missing = [{"gap": gap, "lacks": lacks_text(gap)} for gap in refusal.gaps]
    context = {
        "submission": submission,
        "cycle": submission.cycle,
        "missing": missing,
        "action": SubmissionAction.SUBMIT.value,
        "reason": request.POST.get("reason", ""),
    }
    return render(request, "workflow/submission_confirm.html", context)


@public_reads_portal("versions")
@access(SIGNED_IN)
def versions(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Every published version of the report, each format downloadable."""
    found = cycle_record_get_for_user(user=request.user, cycle_id=cycle_id)
    context = {"cycle": found, "versions": version_list(found)}
    return render(request, "workflow/versions.html", context)


@access(PUBLIC)
def version_read(request: HttpRequest, cycle_id: int, number: int) -> HttpResponse:
    """A published version's report as a web page, exactly as it was published."""
    file = get_object_or_404(
        PublishedFile, version__cycle_id=cycle_id, version__number=number, format="html"
    )
    content = published_bytes(file)
    return allow_own_styles(HttpResponse(content, content_type=CONTENT_TYPES["html"]), content)


@access(PUBLIC)
def download(request: HttpRequest, cycle_id: int, number: int, format: str) -> FileResponse:
    """One published file, byte for byte as published, under its version's file name,
    streamed from the `published` storage."""
    version = get_object_or_404(PublishedVersion, cycle_id=cycle_id, number=number)
    file = get_object_or_404(PublishedFile, version=version, format=format)
    response = FileResponse(published_open(file), content_type=CONTENT_TYPES.get(format))
    response["Content-Length"] = str(file.size)
    if response_is_public(request, response):  # streamed: ConditionalGetMiddleware makes none
        response["ETag"] = f'"{file.sha256}"'
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=published_filename(version, format)
    )
    return response
