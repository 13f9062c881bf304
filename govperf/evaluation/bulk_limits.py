"""The bounds an uploaded XLSX form keeps, checked on its zip directory before openpyxl parses it.

An XLSX file is a zip archive; openpyxl would unpack and parse all of a zip bomb. The archive's
declared sizes are judged first by the one rule in `govperf/domain/zip_bounds.py`, and a file
outside these bounds is refused without being unpacked.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from django.utils.translation import gettext as _

from govperf.domain.zip_bounds import (
    MB,
    Part,
    ZipBounds,
    ZipOverrun,
    archive_overrun,
    file_overrun,
    megabytes,
)

BOUNDS = ZipBounds(
    file_bytes=10 * MB,  # the file as sent
    entries=100,  # a form saved by Excel or LibreOffice has about 15 parts
    unpacked_bytes=20 * MB,  # a unit's form is well under 1 MB
    part_bytes=20 * MB,
)
MAX_DIRECTORY_BYTES = 256 * 1024  # the zip's central directory, read before its entries
MAX_ROWS = 2000  # rows per sheet, blank ones included; a unit has tens of KPIs
_END_OF_DIRECTORY = b"PK\x05\x06"
_END_RECORD_BYTES = 22
_MAX_COMMENT_BYTES = 0xFFFF


def _directory_size(data: bytes) -> int | None:
    """The central directory's size from the end-of-directory record; None if there is none."""
    start = max(0, len(data) - _END_RECORD_BYTES - _MAX_COMMENT_BYTES)
    at = data.rfind(_END_OF_DIRECTORY, start)
    if at < 0 or len(data) - at < _END_RECORD_BYTES:
        return None
    return int.from_bytes(data[at + 12 : at + 16], "little")  # 0xFFFFFFFF: a ZIP64 archive


def xlsx_refusal(data: bytes) -> str | None:
    """Why `data` is refused before it is parsed, in the active language; None when in bounds.

    A file that is not a zip archive at all is left to the parser, which says it cannot read it.
    """
    if overrun := file_overrun(BOUNDS, len(data)):
        return _refusal(overrun)
    directory = _directory_size(data)
    if directory is None:
        return None
    if directory > MAX_DIRECTORY_BYTES:
        return _("檔案的壓縮目錄過大，不是本系統下載的填報表單；已拒收，未讀取內容。")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return None
    overrun = archive_overrun(
        BOUNDS, (Part(p.filename, p.file_size, p.compress_size) for p in parts)
    )
    return _refusal(overrun) if overrun else None


def _refusal(overrun: ZipOverrun) -> str:
    """The overrun in the uploader's language."""
    figures = {"limit": overrun.limit, "name": overrun.name[:100], "count": overrun.size}
    if overrun.kind == "file":
        return _("檔案有 %(size)s MB，超過 %(limit)s MB 上限；請上傳由本系統下載的填報表單。") % {
            "size": megabytes(overrun.size),
            "limit": megabytes(overrun.limit),
        }
    if overrun.kind == "entries":
        return _("檔案內含 %(count)s 個部分，超過 %(limit)s 個上限；已拒收，未讀取內容。") % figures
    if overrun.kind == "ratio":
        return _(
            "檔案中的「%(name)s」解壓縮後是壓縮時的 %(ratio)s 倍，超過 %(limit)s 倍上限"
            "（可能是壓縮炸彈）；已拒收，未讀取內容。"
        ) % {**figures, "ratio": overrun.size}
    return _(
        "檔案解壓縮後有 %(size)s MB，超過 %(limit)s MB 上限（可能是壓縮炸彈）；"
        "已拒收，未讀取內容。請上傳由本系統下載的填報表單。"
    ) % {"size": megabytes(overrun.size), "limit": megabytes(overrun.limit)}


def too_many_rows() -> str:
    """The refusal of a sheet with more rows than any unit's form has."""
    return _("本工作表超過 %(limit)s 列，不是本系統下載的填報表單；已拒收。") % {"limit": MAX_ROWS}
