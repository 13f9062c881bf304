"""Commands bring the database up to date: a fresh file and a schema one migration behind are
migrated, a current one is left alone; a command loads no page code on the way."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from govperf import database
from govperf.database import database_ensure, migration_files, migrations_pending

ROOT = Path(__file__).resolve().parent.parent
# Printed when the command has run: which heavy modules the process loaded.
PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('LOADED', *sorted(m for m in {MODULES} if m in sys.modules)))\n"
    "from govperf.cli import main\n"
    "main(['govperf', *sys.argv[1:]])\n"
)
HEAVY = ("config.urls", "govperf.api.routes", "openpyxl", "docx", "odf", "typst")


@pytest.fixture(scope="module")
def fresh_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`govperf build-report` run once in its own process on a new, empty SQLite directory."""
    directory = tmp_path_factory.mktemp("var")
    env = {**os.environ, "GOVPERF_VAR_DIR": str(directory / "var")}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    env["PYTHONPATH"] = str(ROOT)
    probe = PROBE.replace("{MODULES}", repr(HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", probe, "build-report"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "資料庫中尚無任何報告" in done.stderr  # it ran against a database it had to create
    return directory / "var" / "govperf.sqlite3", done.stdout


@pytest.mark.once
def test_a_fresh_database_gets_every_migration(fresh_run: tuple[Path, str]) -> None:
    path, _ = fresh_run
    with sqlite3.connect(path) as db:
        applied = set(db.execute("SELECT app, name FROM django_migrations"))
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert migration_files() <= applied
    assert {"evaluation_cycle", "evaluation_kpiyear", "workflow_publishedfile"} <= tables


@pytest.mark.once
def test_a_command_loads_no_page_or_format_code(fresh_run: tuple[Path, str]) -> None:
    _, stdout = fresh_run
    assert stdout.strip() == "LOADED"  # none of HEAVY


def _leaf(app_label: str) -> tuple[str, str]:
    """The app's last migration and the one before it (nothing else depends on the last)."""
    graph = MigrationLoader(connection).graph
    (leaf,) = [node for node in graph.leaf_nodes() if node[0] == app_label]
    (before,) = graph.node_map[leaf].parents
    return leaf[1], before.key[1]


@pytest.mark.django_db(transaction=True)
def test_a_database_one_migration_behind_is_migrated() -> None:
    last, before = _leaf("workflow")
    call_command("migrate", "workflow", before, verbosity=0)
    try:
        assert migrations_pending()
        database_ensure()
        applied = MigrationRecorder(connection).applied_migrations()
        assert ("workflow", last) in applied
        assert not migrations_pending()
    finally:
        call_command("migrate", "workflow", last, verbosity=0)  # as the other tests expect


@pytest.mark.django_db
def test_a_current_database_is_not_migrated_again(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    monkeypatch.setattr(database, "call_command", lambda name, **_: ran.append(name))
    database_ensure()
    assert not migrations_pending()
    assert ran == []


def test_migration_files_are_those_django_loads() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert migration_files() == set(loader.disk_migrations)
