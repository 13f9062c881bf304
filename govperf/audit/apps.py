"""Django app configuration of govperf.audit."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "govperf.audit"
    label = "audit"
