"""Routes of the yearly cycle."""

from django.urls import path

from govperf.workflow import views

app_name = "workflow"
urlpatterns = [
    path("cycles/<int:cycle_id>/", views.cycle, name="cycle"),
]
