"""Django app configuration of govperf.opendata."""

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "govperf.opendata"
    label = "opendata"
