"""Routes of the KPI entry pages."""

from django.urls import path

from govperf.evaluation import plan_views, views, views_bulk, views_files

app_name = "evaluation"
urlpatterns = [
    path("cycles/<int:cycle_id>/kpis/", views.kpi_list, name="kpi_list"),
    path("kpi-years/<int:kpi_year_id>/", views.kpi, name="kpi"),
    path("kpi-years/<int:kpi_year_id>/edit/", views.kpi_edit, name="kpi_edit"),
    path("kpi-years/<int:kpi_year_id>/preview/", views.kpi_preview, name="kpi_preview"),
    path(
        "kpi-years/<int:kpi_year_id>/evidence/new/",
        views_files.evidence_upload,
        name="evidence_upload",
    ),
    path("evidence/<int:evidence_id>/", views_files.evidence_download, name="evidence_download"),
    path(
        "evidence/<int:evidence_id>/withdraw/",
        views_files.evidence_withdraw,
        name="evidence_withdraw",
    ),
    path(
        "kpi-years/<int:kpi_year_id>/target-revisions/new/",
        views_files.target_revision_new,
        name="target_revision_new",
    ),
    path(
        "cycles/<int:cycle_id>/target-revisions/",
        views_files.target_revisions,
        name="target_revisions",
    ),
    path(
        "target-revisions/<int:revision_id>/decide/",
        views_files.target_revision_decide,
        name="target_revision_decide",
    ),
    path("cycles/<int:cycle_id>/units/<int:unit_id>/bulk/", views_bulk.bulk, name="bulk"),
    path(
        "cycles/<int:cycle_id>/units/<int:unit_id>/form.xlsx",
        views_bulk.bulk_form,
        name="bulk_form",
    ),
    path("cycles/<int:cycle_id>/plan/", plan_views.plan, name="plan"),
    path("cycles/<int:cycle_id>/plan/goals/new/", plan_views.plan_goal_new, name="plan_goal_new"),
    path("cycles/<int:cycle_id>/plan/kpis/new/", plan_views.plan_kpi_new, name="plan_kpi_new"),
    path(
        "cycles/<int:cycle_id>/plan/kpis/<int:cycle_kpi_id>/",
        plan_views.plan_kpi_edit,
        name="plan_kpi_edit",
    ),
    path("cycles/<int:cycle_id>/plan/preview/", plan_views.plan_preview, name="plan_preview"),
]
