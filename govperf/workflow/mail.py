"""The one way the workflow mails a person (reminders and notices): after the commit, through
Django's configured mail backend."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction


def mail_on_commit(*, address: str, subject: str, body: str) -> None:
    """Mail one person once the transaction that decided to commits; nothing if it rolls back."""
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))
