"""Bring the database up to date before a command uses it, so that no command meets a bare file."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command


def database_ensure() -> None:
    """Create `var/` and apply pending migrations (a no-op when the schema is current)."""
    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
