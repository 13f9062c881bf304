"""The API app: its English catalog (govperf/api/locale)."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "govperf.api"
    label = "govperf_api"
    verbose_name = "API"
