"""Django app configuration of govperf.evaluation."""

from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "govperf.evaluation"
    label = "evaluation"
