"""Django app configuration of govperf.accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "govperf.accounts"
    label = "accounts"
