"""Routes of the public portal: every page shows published, official data only."""

from django.urls import path

from govperf.portal import views

app_name = "portal"
urlpatterns = [
    path("agencies/", views.agencies, name="agencies"),
]
