"""The web app: templates and static files of the site frame."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "govperf.web"
    verbose_name = "網站"
