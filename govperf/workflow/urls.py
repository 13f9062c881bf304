"""Routes of the yearly cycle."""

from django.urls import path

from govperf.workflow import review_views, views, views_draft, views_home

app_name = "workflow"
urlpatterns = [
    path("", views_home.home, name="home"),
    path("cycles/<int:cycle_id>/", views.cycle, name="cycle"),
    path("cycles/<int:cycle_id>/actions/", views.cycle_action, name="cycle_action"),
    path("cycles/<int:cycle_id>/next/", views.cycle_next, name="cycle_next"),
    path("cycles/<int:cycle_id>/deadlines/", views.deadlines, name="deadlines"),
    path("cycles/<int:cycle_id>/versions/", views.versions, name="versions"),
    path(
        "cycles/<int:cycle_id>/versions/<int:number>/read/",
        views.version_read,
        name="version_read",
    ),
    path(
        "cycles/<int:cycle_id>/versions/<int:number>/<str:format>/",
        views.download,
        name="download",
    ),
    path(
        "submissions/<int:submission_id>/actions/",
        views.submission_action,
        name="submission_action",
    ),
    path("cycles/<int:cycle_id>/lights/", review_views.lights, name="lights"),
    path("cycles/<int:cycle_id>/board/", review_views.board, name="board"),
    path("kpi-years/<int:kpi_year_id>/review/", review_views.kpi_review, name="kpi_review"),
    path("cycles/<int:cycle_id>/draft/<str:format>/", views_draft.draft, name="draft"),
]
