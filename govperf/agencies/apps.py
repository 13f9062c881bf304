"""Django app configuration of govperf.agencies."""

from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "govperf.agencies"
    label = "agencies"
