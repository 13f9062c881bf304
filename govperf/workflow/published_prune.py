"""Published files no row names any more, found in the `published` storage and removed.

A publication writes its files to the storage before its transaction commits
(`publishing.version_store`); one that rolls back leaves them there, named by no row. So does
a re-import that replaces a year's files, and the file of all agencies of a published state
that has passed (`public_record.all_data_store`). They are removed here, once they are older
than a grace period: a publication under way has written its files but not yet committed the
rows that name them, and a download may have read a row just before it was replaced."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from govperf.opendata.models import AllDataFile
from govperf.published_files import published_storage
from govperf.workflow.models import PublishedDataFile, PublishedFile

GRACE = timedelta(hours=24)  # older than any publication's transaction


def published_keys_named() -> set[str]:
    """Every storage key a row names (three queries, keys only)."""
    named: set[str] = set()
    for model in (PublishedFile, PublishedDataFile, AllDataFile):
        named.update(model.objects.values_list("storage_key", flat=True))
    return named


def published_keys_stored() -> Iterator[str]:
    """Every key in the storage: `<two characters>/<name>`."""
    storage = published_storage()
    try:
        folders, _files = storage.listdir("")
    except FileNotFoundError:  # nothing published yet: the folder is not made
        return
    for folder in sorted(folders):
        for name in sorted(storage.listdir(folder)[1]):
            yield f"{folder}/{name}"


def published_orphans(*, grace: timedelta = GRACE) -> list[str]:
    """The stored keys no row names, written more than `grace` ago."""
    storage = published_storage()
    named = published_keys_named()
    before = timezone.now() - grace
    return [
        key
        for key in published_keys_stored()
        if key not in named and storage.get_modified_time(key) <= before
    ]


def published_orphans_remove(*, grace: timedelta = GRACE, dry_run: bool = False) -> list[str]:
    """Remove the orphans `published_orphans` finds (none with `dry_run`); returns their keys."""
    orphans = published_orphans(grace=grace)
    if not dry_run:
        storage = published_storage()
        for key in orphans:
            storage.delete(key)
    return orphans
