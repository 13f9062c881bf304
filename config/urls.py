"""URL configuration of govperf: every route declares who may call it (govperf/web/access.py)."""

from django.contrib import admin
from django.urls import include, path

from govperf.api.routes import api

# An oversized request (RequestDataTooBig, TooManyFieldsSent) is 413 instead of 400.
handler400 = "govperf.web.limits.bad_request"

urlpatterns = [
    path("", include("govperf.web.urls")),
    path("", include("govperf.workflow.urls")),
    path("", include("govperf.evaluation.urls")),
    path("", include("govperf.finance.urls")),
    path("", include("govperf.narrative.urls")),
    path("", include("govperf.portal.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
