"""Posted fields: reading an id safely, and putting a refusal beside the field it is about."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# ASCII digits only: str.isdigit() accepts "²" and "١", which int() then refuses or misreads.
_ID = re.compile(r"[0-9]{1,18}")


def posted_id(raw: object) -> int | None:
    """The id in a posted field's text, or None for anything that is not a plain positive id."""
    if not isinstance(raw, str) or not _ID.fullmatch(raw):
        return None
    return int(raw)


def form_add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: beside the field it names, else above the form.

    Each message goes through the catalogs, so a fixed message reads in the person's language."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            target = name if name in form.fields else None
            form.add_error(target, [gettext(problem) for problem in problems])
    else:
        form.add_error(None, [gettext(problem) for problem in error.messages])
