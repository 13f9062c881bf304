"""Routes of the finance pages."""

from django.urls import path  # noqa: F401

app_name = "finance"
urlpatterns: list = []  # type: ignore[type-arg]
