"""Bring the database up to date before a command uses it, so that no command meets a bare file."""

from __future__ import annotations

import pkgutil
from importlib.machinery import ModuleSpec
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def database_ensure() -> None:
    """Create `var/` and apply pending migrations; when every migration file is recorded as
    applied, only that is read (building Django's migration graph costs a command 0.1 s).
    After migrating, versions published before the public record existed get theirs
    (`govperf public-record`; named, not imported: this module sits below every app)."""
    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    if migrations_pending():
        call_command("migrate", interactive=False, verbosity=0)
        call_command("public_record", verbosity=0)


def migrations_pending(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether a migration file on disk is not recorded in `django_migrations` (or the table
    itself is missing: a fresh database). A squashed migration counts as applied when Django
    recorded it, which `migrate` does once its replaced ones are; anything unsure migrates."""
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return True
    applied = set(recorder.applied_migrations())
    return not migration_files() <= applied


def migration_files() -> set[tuple[str, str]]:
    """(app label, migration name) of every migration module on disk, found as Django's loader
    finds them (MIGRATION_MODULES honoured) but without importing them."""
    found: set[tuple[str, str]] = set()
    for app in apps.get_app_configs():
        module, _explicit = MigrationLoader.migrations_module(app.label)
        spec = _spec(module) if module else None
        if spec is None or not spec.submodule_search_locations or spec.origin is None:
            continue  # no migrations package, or an empty (namespace) one: Django skips it too
        for info in pkgutil.iter_modules(spec.submodule_search_locations):
            if not info.ispkg and info.name[0] not in "_~":
                found.add((app.label, info.name))
    return found


def _spec(module: str) -> ModuleSpec | None:
    try:
        return find_spec(module)
    except ModuleNotFoundError:  # MIGRATION_MODULES may name a package that does not exist
        return None
