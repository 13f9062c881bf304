from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "govperf.portal"
    verbose_name = "公開網站"
