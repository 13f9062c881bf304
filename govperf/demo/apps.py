"""Django app configuration of govperf.demo."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "govperf.demo"
    label = "demo"
