"""Routes of the narrative pages."""

from django.urls import path  # noqa: F401

app_name = "narrative"
urlpatterns: list = []  # type: ignore[type-arg]
