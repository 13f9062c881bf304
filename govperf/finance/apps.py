"""Django app configuration of govperf.finance."""

from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "govperf.finance"
    label = "finance"
