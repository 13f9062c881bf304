"""Django app configuration of govperf.workflow."""

from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "govperf.workflow"
    label = "workflow"
