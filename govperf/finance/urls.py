"""Routes of the finance pages."""

from django.urls import path

from govperf.finance import views

app_name = "finance"
urlpatterns = [
    path("cycles/<int:cycle_id>/budget/", views.budget, name="budget"),
    path("cycles/<int:cycle_id>/budget/save/", views.budget_save, name="budget_save"),
    path("cycles/<int:cycle_id>/budget/preview/", views.budget_preview, name="budget_preview"),
    path("cycles/<int:cycle_id>/headcount/", views.headcount, name="headcount"),
    path("cycles/<int:cycle_id>/headcount/save/", views.headcount_save, name="headcount_save"),
    path(
        "cycles/<int:cycle_id>/headcount/preview/",
        views.headcount_preview,
        name="headcount_preview",
    ),
    path("cycles/<int:cycle_id>/program-costs/", views.program_costs, name="program_costs"),
    path(
        "cycles/<int:cycle_id>/program-costs/save/",
        views.program_costs_save,
        name="program_costs_save",
    ),
    path(
        "cycles/<int:cycle_id>/program-costs/preview/",
        views.program_costs_preview,
        name="program_costs_preview",
    ),
]
