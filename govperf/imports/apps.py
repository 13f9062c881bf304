"""Django app configuration of govperf.imports."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "govperf.imports"
    label = "imports"
