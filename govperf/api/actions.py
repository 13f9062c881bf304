"""API: workflow steps on a cycle or a unit's submission, through the one workflow service."""

# No `from __future__ import annotations`: ninja reads the operations' annotations at runtime
# through the access wrapper, whose module globals do not hold these schemas.

import re
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Status
from ninja.errors import HttpError

from govperf.accounts.selectors import user_roles, user_roles_for_unit
from govperf.api.access import api_access
from govperf.api.cycles import REFUSALS, cycle_detail_out
from govperf.api.schemas import (
    WRITE_ERRORS,
    CycleActionIn,
    CycleDetailOut,
    DeadlinesIn,
    EntryErrors,
    IncompleteOut,
    MissingOut,
    Refusal,
    SubmissionActionIn,
    SubmissionOut,
    submission_out,
)
from govperf.api.scope import cycle_get, submission_get
from govperf.domain import workflow
from govperf.domain.workflow import Role
from govperf.web.access import SIGNED_IN
from govperf.workflow.actions import cycle_act
from govperf.workflow.guards import GuardRefusal, lack_label
from govperf.workflow.services import submission_apply

router = Router(tags=["workflow"])
STEP_REFUSALS = {**REFUSALS, **WRITE_ERRORS, 409: Refusal}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def refusal_status(
    table: tuple[workflow.Transition, ...], state: str, action: str, roles: frozenset[Role],
    reason: str,
) -> int:  # fmt: skip
    """Why the service refused: 409 for the state or a guard, 403 for the role, 400 no reason."""
    here = [row for row in table if row.action == action and row.source == state]
    permitted = [row for row in here if row.roles & roles]
    if not here:
        return 409
    if not permitted:
        return 403
    if permitted[0].requires_reason and not reason.strip():
        return 400
    return 409


def signed_in(request: HttpRequest) -> AbstractBaseUser:
    """The caller, who the declaration SIGNED_IN has already required to be signed in."""
    if isinstance(request.user, AnonymousUser):
        raise HttpError(401, gettext("請先登入。"))
    return request.user


def refused(error: ValidationError, status: int) -> HttpError:
    return HttpError(status, "；".join(error.messages))


def _date(text: str) -> date | None:
    """`2019-03-31` as a date; None for anything else."""
    if not ISO_DATE.match(text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def due_parsed(due: DeadlinesIn | None) -> dict[str, date | None] | None:
    """The deadlines as dates; a malformed one is a ValidationError naming its field."""
    if due is None:
        return None
    parsed: dict[str, date | None] = {}
    errors: dict[str, list[str]] = {}
    for step, text in due.model_dump().items():
        parsed[step] = _date(text) if text else None
        if text and parsed[step] is None:
            errors[step] = [gettext("「%(text)s」不是日期，請寫成 2019-03-31。") % {"text": text}]
    if errors:
        raise ValidationError(errors)
    return parsed


def deadline_errors(error: ValidationError) -> EntryErrors:
    """The refused deadlines by the body's field names: `due.open`, `due.approval`, `due`."""
    errors = {
        name if name == "due" else f"due.{name}": list(messages)
        for name, messages in error.message_dict.items()
    }
    return EntryErrors(detail="；".join(error.messages), errors=errors)


@router.post(
    "/cycles/{cycle_id}/actions",
    response={200: CycleDetailOut, 422: EntryErrors, **STEP_REFUSALS},
    summary="對評估年度執行流程動作（開始填報須附期限；公告即產製並保存各格式）",
)
@api_access(SIGNED_IN)
def cycle_action(
    request: HttpRequest, cycle_id: int, step: CycleActionIn
) -> CycleDetailOut | Status[EntryErrors]:
    actor = signed_in(request)
    cycle = cycle_get(user=actor, cycle_id=cycle_id)
    state, roles = cycle.state, user_roles(user=actor, agency=cycle.agency)
    try:
        acted = cycle_act(
            actor=actor,
            cycle=cycle,
            action=step.action,
            reason=step.reason,
            due=due_parsed(step.due),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            return Status(422, deadline_errors(error))
        status = refusal_status(workflow.CYCLE, state, step.action, roles, step.reason)
        raise refused(error, status) from error
    return cycle_detail_out(request, acted.cycle)


def incomplete_out(refusal: GuardRefusal) -> IncompleteOut:
    missing = [
        MissingOut(
            kpi_year_id=gap.kpi_year_id or 0,
            kpi=gap.name,
            lacks=list(gap.lacks),
            lacks_text=[lack_label(code) for code in gap.lacks],
        )
        for gap in refusal.gaps
    ]
    detail = " ".join(refusal.messages)
    return IncompleteOut(detail=detail, confirm_required=True, missing=missing)


@router.post(
    "/submissions/{submission_id}/actions",
    response={200: SubmissionOut, **REFUSALS, **WRITE_ERRORS, 409: Refusal | IncompleteOut},
    summary="對單位填報執行流程動作（送出時尚有未填項目，須以 confirm: true 確認）",
)
@api_access(SIGNED_IN)
def submission_action(
    request: HttpRequest, submission_id: int, step: SubmissionActionIn
) -> SubmissionOut | Status[IncompleteOut]:
    actor = signed_in(request)
    submission = submission_get(user=actor, submission_id=submission_id)
    state = submission.state
    roles = user_roles_for_unit(user=actor, unit=submission.unit)
    try:
        submission = submission_apply(
            actor=actor,
            submission=submission,
            action=step.action,
            reason=step.reason,
            confirm=step.confirm,
        )
    except GuardRefusal as refusal:
        if refusal.confirmable:
            return Status(409, incomplete_out(refusal))
        raise refused(refusal, 409) from refusal
    except ValidationError as error:
        status = refusal_status(workflow.SUBMISSION, state, step.action, roles, step.reason)
        raise refused(error, status) from error
    return submission_out(submission)
