"""Django app configuration of govperf.narrative."""

from django.apps import AppConfig


class NarrativeConfig(AppConfig):
    name = "govperf.narrative"
    label = "narrative"
