"""The API object and its routers; each operation declares its access like a view does."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from govperf.api.access import bearer_token, session_or_anonymous
from govperf.api.actions import router as actions_router
from govperf.api.console import ApiConsole
from govperf.api.cycles import router as cycles_router
from govperf.api.drafts import router as drafts_router
from govperf.api.errors import register as errors_register
from govperf.api.kpi_years import router as kpi_years_router
from govperf.api.lights import router as lights_router
from govperf.api.notices import router as notices_router
from govperf.api.plan import router as plan_router
from govperf.api.published import router as published_router
from govperf.web.limits import TOO_LARGE, too_large_response

api = NinjaAPI(
    title="govperf API",
    version="1",
    description="施政績效評估 govperf：年度、指標、填報與燈號。",
    urls_namespace="api",
    auth=[bearer_token, session_or_anonymous],
    docs=ApiConsole(),
)

api.add_router("", published_router)
api.add_router("", cycles_router)
api.add_router("", kpi_years_router)
api.add_router("", actions_router)
api.add_router("", drafts_router)
api.add_router("", plan_router)
api.add_router("", lights_router)
api.add_router("", notices_router)
errors_register(api)


def _too_large(
    request: HttpRequest, error: SuspiciousOperation | type[SuspiciousOperation]
) -> HttpResponse:
    """A body or field count over Django's upload limits: 413 with the reason, in JSON."""
    return too_large_response(request, error if isinstance(error, Exception) else None)


for _error in TOO_LARGE:
    api.add_exception_handler(_error, _too_large)
