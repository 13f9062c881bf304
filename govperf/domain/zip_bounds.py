"""The bounds a zip archive from outside (an XLSX form, a DOCX or ODT report) must keep.

Office files are zip archives. A zip bomb is a small file whose parts unpack to hundreds of
megabytes; the sizes the archive declares bound what Python's zipfile will ever unpack (it stops
at the declared size), so an archive is judged by its directory before any part is unpacked.
Each door words the overrun in its own message; the rule is this one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

MB = 1024 * 1024
RATIO = 100  # unpacked / packed size of one part; office XML packs about 5-20 times
RATIO_FROM_BYTES = MB  # smaller parts may pack tighter without harm

Overrun = Literal["file", "entries", "unpacked", "part", "ratio"]


@dataclass(frozen=True)
class ZipBounds:
    """What one kind of archive may hold."""

    file_bytes: int  # the file as sent
    entries: int  # parts in the archive
    unpacked_bytes: int  # all parts unpacked together
    part_bytes: int  # one part unpacked


@dataclass(frozen=True)
class Part:
    """A part as the archive's directory declares it."""

    name: str
    size: int  # unpacked
    packed: int


@dataclass(frozen=True)
class ZipOverrun:
    """Which bound an archive passes, by how much, and (for one part) which part."""

    kind: Overrun
    size: int  # bytes, parts, or for "ratio" the ratio
    limit: int
    name: str = ""


def file_overrun(bounds: ZipBounds, size: int) -> ZipOverrun | None:
    return ZipOverrun("file", size, bounds.file_bytes) if size > bounds.file_bytes else None


def archive_overrun(bounds: ZipBounds, parts: Iterable[Part]) -> ZipOverrun | None:
    """The first bound the whole archive passes: its number of parts, their unpacked total, or
    one part's size or packing ratio; None when it keeps them all."""
    parts = list(parts)
    if len(parts) > bounds.entries:
        return ZipOverrun("entries", len(parts), bounds.entries)
    unpacked = sum(part.size for part in parts)
    if unpacked > bounds.unpacked_bytes:
        return ZipOverrun("unpacked", unpacked, bounds.unpacked_bytes)
    return next((found for part in parts if (found := part_overrun(bounds, part))), None)


def part_overrun(bounds: ZipBounds, part: Part) -> ZipOverrun | None:
    """One part too large unpacked, or packed suspiciously tight (a bomb)."""
    if part.size > bounds.part_bytes:
        return ZipOverrun("part", part.size, bounds.part_bytes, part.name)
    if part.size > RATIO_FROM_BYTES and part.size > RATIO * part.packed:
        return ZipOverrun("ratio", part.size // max(part.packed, 1), RATIO, part.name)
    return None


def megabytes(size: int) -> str:
    return f"{size / MB:.1f}"
