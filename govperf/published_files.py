"""Published files' bytes in the `published` storage: content-addressed, written once, read back.

Every published file (a version's report in each format, its open data, the file of all
agencies) is kept under a key made of its SHA-256, `<sha256[:2]>/<sha256>.<suffix>`: a file
never changes once written, and writing the same bytes twice stores them once. The rows keep
the key beside `sha256` and `size`; this module is the one place that writes and reads the
bytes, whatever storage `settings.STORAGES["published"]` names (a folder, S3, memory)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db.models import Model, QuerySet

PUBLISHED = "published"  # the alias in settings.STORAGES


@dataclass(frozen=True)
class StoredBytes:
    """Where bytes were stored, and what identifies them."""

    key: str
    sha256: str
    size: int


class StoredFile(Protocol):
    """A row that names its bytes in the storage (PublishedFile, PublishedDataFile,
    AllDataFile)."""

    storage_key: str
    sha256: str
    size: int


def published_storage() -> Storage:
    """The storage published files are kept in (public, apart from `default`'s evidence)."""
    return storages[PUBLISHED]


def published_key(sha256: str, suffix: str) -> str:
    """`ab/ab12….pdf`: the key of bytes whose SHA-256 is `sha256`."""
    return f"{sha256[:2]}/{sha256}.{suffix}"


def published_write(content: bytes, *, suffix: str) -> StoredBytes:
    """Store `content` under its own key, unless bytes of that key are there already.

    The key is the one the storage kept: a folder that saw the same key written at the same
    moment by another process keeps the second copy under a name of its own."""
    sha256 = hashlib.sha256(content).hexdigest()
    key = published_key(sha256, suffix)
    storage = published_storage()
    if not storage.exists(key):
        key = storage.save(key, ContentFile(content))
    return StoredBytes(key=key, sha256=sha256, size=len(content))


def published_open(file: StoredFile) -> File[bytes]:
    """The stored bytes of `file`, opened for reading (to stream them)."""
    return published_storage().open(file.storage_key, "rb")


def published_bytes(file: StoredFile) -> bytes:
    """The stored bytes of `file`, read whole."""
    with published_open(file) as opened:
        content = opened.read()
    return bytes(content)


# The migrations that moved the bytes out of the database (workflow 0008, opendata 0002) run
# these on their historical models, which still have the `content` column beside `storage_key`.
MOVE_BATCH = 50  # rows whose bytes are read at once


def _batches(rows: QuerySet[Model], *fields: str) -> Iterator[list[Any]]:
    """`rows` (a historical model's: typed as Any) with only `fields`, a few at a time, their
    keys read first: no cursor stays open while the rows change."""
    keys = list(rows.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(keys), MOVE_BATCH):
        batch = rows.model._default_manager.filter(pk__in=keys[start : start + MOVE_BATCH])
        yield list(batch.only("pk", *fields))


def rows_bytes_to_storage(model: type[Model], *, suffixes: Mapping[str, str]) -> int:
    """Write each row's `content` to the storage and set its `storage_key`; the key's suffix
    is the row's format, or `suffixes[format]` where that differs. Returns the rows moved."""
    moved = 0
    for batch in _batches(model._default_manager.filter(storage_key=""), "format", "content"):
        for row in batch:
            suffix = suffixes.get(row.format, row.format)
            stored = published_write(bytes(row.content), suffix=suffix)
            model._default_manager.filter(pk=row.pk).update(storage_key=stored.key)
            moved += 1
    return moved


def rows_bytes_from_storage(model: type[Model]) -> int:
    """Back again: each row's stored bytes into its `content`. Returns the rows moved."""
    moved = 0
    for batch in _batches(model._default_manager.exclude(storage_key=""), "storage_key"):
        for row in batch:
            model._default_manager.filter(pk=row.pk).update(content=published_bytes(row))
            moved += 1
    return moved
