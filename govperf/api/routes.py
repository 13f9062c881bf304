"""The API object and its routers; each operation declares its access like a view does."""

from __future__ import annotations

from ninja import NinjaAPI

from govperf.api.access import session_or_anonymous
from govperf.api.actions import router as actions_router
from govperf.api.cycles import router as cycles_router
from govperf.api.kpi_years import router as kpi_years_router

api = NinjaAPI(
    title="govperf API",
    version="1",
    description="施政績效評估 govperf：年度、指標、填報與燈號。",
    urls_namespace="api",
    auth=session_or_anonymous,
)

api.add_router("", cycles_router)
api.add_router("", kpi_years_router)
api.add_router("", actions_router)
