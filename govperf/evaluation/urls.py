"""Routes of the evaluation pages."""

from django.urls import path  # noqa: F401

app_name = "evaluation"
urlpatterns: list = []  # type: ignore[type-arg]
