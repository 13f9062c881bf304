"""API: one KPI-year — read it, and enter its figures through the web form's entry service."""

# No `from __future__ import annotations`: ninja reads the operations' annotations at runtime
# through the access wrapper, whose module globals do not hold these schemas.

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from govperf.api.access import api_access
from govperf.api.actions import signed_in
from govperf.api.cycles import REFUSALS
from govperf.api.schemas import (
    WRITE_ERRORS,
    ChangeOut,
    EntryErrors,
    KpiYearDetailOut,
    KpiYearEntryIn,
    StaleOut,
    kpi_year_detail_out,
)
from govperf.api.scope import kpi_year_get
from govperf.evaluation.entry_save import Entry, StaleEntry, kpi_year_enter
from govperf.evaluation.models import KpiYear
from govperf.evaluation.policy import StateRefused
from govperf.web.access import PUBLIC, SIGNED_IN

router = Router(tags=["kpi-years"])
API_REASON = "API 填報"
# The service names fields as the web form does; the API answers in its own body's names.
FIELD_NAMES = {"actual_text": "actual", NON_FIELD_ERRORS: "__all__"}


@router.get(
    "/kpi-years/{kpi_year_id}",
    response={200: KpiYearDetailOut, **REFUSALS},
    summary="一個指標年度值與其說明、分項及版本",
)
@api_access(PUBLIC)
def kpi_year_detail(request: HttpRequest, kpi_year_id: int) -> KpiYearDetailOut:
    return kpi_year_detail_out(kpi_year_get(user=request.user, kpi_year_id=kpi_year_id))


def entry_of(typed: KpiYearEntryIn, stored: KpiYear) -> Entry:
    """The form's whole entry: what the PATCH typed, and what is stored for what it left out."""
    return Entry(
        version=typed.version,
        actual_text=stored.actual_text if typed.actual is None else typed.actual,
        analysis=stored.analysis if typed.analysis is None else typed.analysis,
        missed_reason=stored.missed_reason if typed.missed_reason is None else typed.missed_reason,
        sub_actuals=dict(typed.sub_measures),
        inputs=dict(typed.inputs),
    )


def kpi_year_patch(*, actor: AbstractBaseUser, kpi_year_id: int, typed: KpiYearEntryIn) -> None:
    """Enter `typed` through `kpi_year_enter`; its refusals and errors pass through."""
    # The row is locked before its stored texts fill in what the PATCH left out, so the
    # fill-in is of the very version the service then checks (its own lock nests in this one).
    with transaction.atomic():
        stored = KpiYear.objects.select_for_update(of=("self",)).get(pk=kpi_year_id)
        kpi_year_enter(
            actor=actor,
            kpi_year_id=kpi_year_id,
            entry=entry_of(typed, stored),
            reason=typed.reason.strip() or API_REASON,
        )


def stale_out(error: StaleEntry) -> StaleOut:
    changes = [ChangeOut.model_validate(change) for change in error.changes]
    return StaleOut(detail=str(error.message), changes=changes, version=error.version)


def field_name(name: str) -> str:
    """The body's name for a field named as in the web form: `sub_7` → `sub_measures.7`."""
    if name.startswith("sub_"):
        return f"sub_measures.{name.removeprefix('sub_')}"
    if name.startswith("input_"):
        return f"inputs.{name.removeprefix('input_')}"
    return FIELD_NAMES.get(name, name)


def entry_errors(error: ValidationError) -> EntryErrors:
    by_field = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    errors = {field_name(name): list(messages) for name, messages in by_field.items()}
    return EntryErrors(detail="；".join(error.messages), errors=errors)


@router.patch(
    "/kpi-years/{kpi_year_id}",
    response={200: KpiYearDetailOut, **REFUSALS, **WRITE_ERRORS, 409: StaleOut},
    summary="填報指標年度值：實際值、分析、未達成原因、分項實際值、公式數值",
)
@api_access(SIGNED_IN)
def kpi_year_entry(
    request: HttpRequest, kpi_year_id: int, typed: KpiYearEntryIn
) -> KpiYearDetailOut | Status[StaleOut] | Status[EntryErrors]:
    actor = signed_in(request)
    kpi_year_get(user=actor, kpi_year_id=kpi_year_id)  # 404 outside the caller's scope
    try:
        kpi_year_patch(actor=actor, kpi_year_id=kpi_year_id, typed=typed)
    except PermissionDenied as error:  # a role that may not, or the policy's RoleRefused
        raise HttpError(403, str(error)) from error
    except StaleEntry as error:
        return Status(409, stale_out(error))
    except StateRefused as error:  # the role may, but not in the cycle's present state
        raise HttpError(409, error.text) from error
    except ValidationError as error:
        return Status(422, entry_errors(error))
    return kpi_year_detail_out(kpi_year_get(user=actor, kpi_year_id=kpi_year_id))
