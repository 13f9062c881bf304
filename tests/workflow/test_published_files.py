"""Published files in the `published` storage: written by the publication under their SHA-256,
read back byte for byte, moved there from the database by the migration, and the orphans a
rolled-back publication leaves removed by `published-files-prune`."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import Storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.domain.workflow import CycleAction
from govperf.evaluation.models import Cycle
from govperf.opendata.models import AllDataFile
from govperf.published_files import published_bytes, published_write
from govperf.workflow import publishing
from govperf.workflow.actions import cycle_act
from govperf.workflow.models import PublishedDataFile, PublishedFile
from govperf.workflow.public_record import all_data_store
from govperf.workflow.published_prune import published_keys_stored, published_orphans_remove

pytestmark = pytest.mark.django_db
DATA_SUFFIXES = {"json": "json", "csv": "csv.zip", "xlsx": "xlsx"}
BEFORE_THE_MOVE = [("workflow", "0008_notices"), ("opendata", "0001_all_data_file")]


def stored_rows() -> list[PublishedFile | PublishedDataFile | AllDataFile]:
    return [
        *PublishedFile.objects.order_by("pk"),
        *PublishedDataFile.objects.order_by("pk"),
        *AllDataFile.objects.order_by("pk"),
    ]


def suffix(row: PublishedFile | PublishedDataFile | AllDataFile) -> str:
    return row.format if isinstance(row, PublishedFile) else DATA_SUFFIXES[row.format]


def test_a_publication_writes_every_file_to_the_published_storage_under_its_sha256(
    published_in_memory: Storage, imported_cycle: Cycle
) -> None:
    all_data_store()
    rows = stored_rows()
    assert {row.format for row in rows if isinstance(row, PublishedFile)} == set(
        publishing.CONTENT_TYPES
    )
    assert len(rows) == 5 + 3 + 3  # the report's formats, its open data, the file of all
    for row in rows:
        assert row.storage_key == f"{row.sha256[:2]}/{row.sha256}.{suffix(row)}"
        content = published_in_memory.open(row.storage_key).read()
        assert hashlib.sha256(content).hexdigest() == row.sha256
        assert len(content) == row.size
    assert sorted(published_keys_stored()) == sorted({row.storage_key for row in rows})


def test_the_same_bytes_written_twice_are_stored_once(published_in_memory: Storage) -> None:
    first = published_write(b"%PDF-1.7 report", suffix="pdf")
    again = published_write(b"%PDF-1.7 report", suffix="pdf")
    other = published_write(b"%PDF-1.7 corrected", suffix="pdf")
    assert first == again and first.key != other.key
    assert list(published_keys_stored()) == sorted([first.key, other.key])
    assert published_in_memory.open(first.key).read() == b"%PDF-1.7 report"


def _correction_started(cycle: Cycle) -> tuple[Any, Cycle]:
    cycle_assign_units(cycle=cycle)
    planning = people_ensure(agency=cycle.agency, password="pw")["planning"]
    action = CycleAction.START_CORRECTION
    started = cycle_act(actor=planning, cycle=cycle, action=action, reason="更正").cycle
    return planning, started


def test_a_rolled_back_publication_leaves_files_the_prune_removes_and_nothing_else(
    published_in_memory: Storage, imported_cycle: Cycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    planning, cycle = _correction_started(imported_cycle)
    kept = {row.storage_key: published_bytes(row) for row in stored_rows()}

    def record_fails(version: Any) -> None:
        raise RuntimeError("the public record could not be written")

    monkeypatch.setattr(publishing, "public_record_write", record_fails)
    with pytest.raises(RuntimeError):
        action = CycleAction.PUBLISH_CORRECTION
        cycle_act(actor=planning, cycle=cycle, action=action, reason="更正")
    assert imported_cycle.versions.count() == 1  # version 2 was not stored
    # version 2's report, written before the rollback and named by no row (a format whose bytes
    # are version 1's, which prints no version number, is stored once, under version 1's key)
    written = set(published_keys_stored()) - set(kept)
    assert {key.rsplit(".", 1)[1] for key in written} >= {"pdf", "docx", "odt"}

    assert published_orphans_remove() == []  # within the grace period: perhaps still under way
    out = io.StringIO()
    call_command("published_files_prune", "--older-than-hours", "0", "--dry-run", stdout=out)
    assert set(published_keys_stored()) == set(kept) | written
    assert f"可移除 {len(written)} 個檔案" in out.getvalue()
    call_command("published_files_prune", "--older-than-hours", "0", stdout=out)
    assert set(published_keys_stored()) == set(kept)
    assert {row.storage_key: published_bytes(row) for row in stored_rows()} == kept


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate the test database to `targets`; the apps as they stand there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest() -> list[tuple[str, str]]:
    return [key for key in MigrationExecutor(connection).loader.graph.leaf_nodes()]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_bytes_out_of_the_database_and_back(
    published_in_memory: Storage, imported_cycle: Cycle
) -> None:
    all_data_store()
    before = {(row.format, row.sha256, row.storage_key) for row in stored_rows()}
    content = {row.storage_key: published_bytes(row) for row in stored_rows()}
    latest = _latest()
    try:
        old = _migrate(BEFORE_THE_MOVE)  # back: every row's bytes into its `content` again
        for key in list(published_keys_stored()):
            published_in_memory.delete(key)
        for app, name in (("workflow", "PublishedFile"), ("workflow", "PublishedDataFile"),
                          ("opendata", "AllDataFile")):  # fmt: skip
            for row in old.get_model(app, name).objects.all():
                assert hashlib.sha256(bytes(row.content)).hexdigest() == row.sha256
    finally:
        _migrate(latest)  # forward again: the bytes written to the (emptied) storage
    assert {(row.format, row.sha256, row.storage_key) for row in stored_rows()} == before
    assert {row.storage_key: published_bytes(row) for row in stored_rows()} == content


def test_the_orphans_are_only_those_no_row_names(
    published_in_memory: Storage, imported_cycle: Cycle
) -> None:
    stray = published_write(b"left by a rolled-back publication", suffix="txt")
    assert published_orphans_remove(grace=timedelta(0)) == [stray.key]
    assert not published_in_memory.exists(stray.key)
    assert all(published_in_memory.exists(row.storage_key) for row in stored_rows())
