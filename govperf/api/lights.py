"""API: 採用全部建議燈號 through the lights page's service, `cycle_lights_accept_suggested`."""

# No `from __future__ import annotations`: ninja reads the operations' annotations at runtime
# through the access wrapper, whose module globals do not hold these schemas.

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict

from govperf.api.access import api_access
from govperf.api.actions import signed_in
from govperf.api.cycles import REFUSALS
from govperf.api.schemas import WRITE_ERRORS, Reason, Refusal
from govperf.api.scope import cycle_get, permission_require
from govperf.evaluation.policy import StateRefused
from govperf.workflow.review import cycle_lights_accept_suggested

router = Router(tags=["lights"])


class AcceptSuggestedIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Reason = ""  # recorded with each light (default 採用全部建議燈號)


class AcceptedOut(Schema):
    """How many KPI-years of the cycle's year got their suggested light; those lit before keep
    theirs (a judgement that may differ from the rule)."""

    accepted: int
    kpi_year_ids: list[int]


@router.post(
    "/cycles/{cycle_id}/lights/accept-suggested",
    response={200: AcceptedOut, **REFUSALS, **WRITE_ERRORS, 409: Refusal},
    summary="採用全部建議燈號：本年度尚無初評燈號的指標，一次核予其建議燈號（研考單位，初核中）",
)
@api_access("lights.assign")
def lights_accept_suggested(
    request: HttpRequest, cycle_id: int, typed: AcceptSuggestedIn
) -> AcceptedOut:
    actor = signed_in(request)
    cycle = cycle_get(user=actor, cycle_id=cycle_id)
    permission_require(user=actor, cycle=cycle, permission="lights.assign")  # as the page asks
    try:
        given = cycle_lights_accept_suggested(actor=actor, cycle=cycle, reason=typed.reason)
    except PermissionDenied as error:  # RoleRefused
        raise HttpError(403, str(error)) from error
    except StateRefused as error:  # not in the cycle's present state
        raise HttpError(409, error.text) from error
    return AcceptedOut(accepted=len(given), kpi_year_ids=[year.pk for year in given])
