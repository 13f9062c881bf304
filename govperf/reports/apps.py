"""Django app configuration of govperf.reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "govperf.reports"
    label = "reports"
