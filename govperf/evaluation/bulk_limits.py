"""The bounds an uploaded XLSX form keeps, checked on its zip directory before openpyxl parses it.

An XLSX file is a zip archive. A zip bomb is a small file whose parts unpack to hundreds of
megabytes; openpyxl would unpack and parse all of it. The sizes the archive declares are read
first (they bound what Python's zipfile will ever unpack: it stops at the declared size), and a
file outside these bounds is refused without being unpacked.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_UPLOAD_BYTES = 10 * MB  # the file as sent
MAX_UNPACKED_BYTES = 20 * MB  # all its parts unpacked; a unit's form is well under 1 MB
MAX_ENTRIES = 100  # parts in the archive; a form saved by Excel or LibreOffice has about 15
MAX_DIRECTORY_BYTES = 256 * 1024  # the zip's central directory, read before its entries
MAX_RATIO = 100  # unpacked / packed size of one part; spreadsheet XML packs about 5-20 times
RATIO_FROM_BYTES = MB  # smaller parts may pack tighter without harm
MAX_ROWS = 2000  # rows per sheet, blank ones included; a unit has tens of KPIs
_END_OF_DIRECTORY = b"PK\x05\x06"
_END_RECORD_BYTES = 22
_MAX_COMMENT_BYTES = 0xFFFF


def _mb(size: int) -> str:
    return f"{size / MB:.1f}"


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
    if len(data) > MAX_UPLOAD_BYTES:
        return _("檔案有 %(size)s MB，超過 %(limit)s MB 上限；請上傳由本系統下載的填報表單。") % {
            "size": _mb(len(data)),
            "limit": _mb(MAX_UPLOAD_BYTES),
        }
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
    return _parts_refusal(parts)


def _parts_refusal(parts: list[zipfile.ZipInfo]) -> str | None:
    if len(parts) > MAX_ENTRIES:
        return _("檔案內含 %(count)s 個部分，超過 %(limit)s 個上限；已拒收，未讀取內容。") % {
            "count": len(parts),
            "limit": MAX_ENTRIES,
        }
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        return _(
            "檔案解壓縮後有 %(size)s MB，超過 %(limit)s MB 上限（可能是壓縮炸彈）；"
            "已拒收，未讀取內容。請上傳由本系統下載的填報表單。"
        ) % {"size": _mb(unpacked), "limit": _mb(MAX_UNPACKED_BYTES)}
    for part in parts:
        if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * part.compress_size:
            return _(
                "檔案中的「%(name)s」解壓縮後是壓縮時的 %(ratio)s 倍，超過 %(limit)s 倍上限"
                "（可能是壓縮炸彈）；已拒收，未讀取內容。"
            ) % {
                "name": part.filename[:100],
                "ratio": part.file_size // max(part.compress_size, 1),
                "limit": MAX_RATIO,
            }
    return None


def too_many_rows() -> str:
    """The refusal of a sheet with more rows than any unit's form has."""
    return _("本工作表超過 %(limit)s 列，不是本系統下載的填報表單；已拒收。") % {"limit": MAX_ROWS}
