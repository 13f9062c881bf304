"""A DOCX or ODT file's zip archive, read within bounds, and its XML parts parsed safely.

A document is a zip archive. Its directory is checked before anything is unpacked (as
`govperf/evaluation/bulk_limits.py` does for XLSX uploads): a zip bomb, a part that unpacks to
hundreds of megabytes, is refused by the sizes it declares, which bound what Python's zipfile
will unpack. The XML parts are parsed without a DTD: no entity is ever expanded."""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree

from govperf.imports.errors import ReportImportError, file_problem

MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB  # a report with its pictures; the sample's DOCX is well under 1 MB
MAX_ENTRIES = 5000  # parts in the archive: Word writes about 15, and one per picture
MAX_PART_BYTES = 50 * MB  # one XML part unpacked; a 300-page report's document.xml is ~10 MB
MAX_RATIO = 100  # unpacked / packed size of a part; document XML packs about 5-20 times
RATIO_FROM_BYTES = MB  # smaller parts may pack tighter without harm
DOCX_BODY = "word/document.xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
)


class Archive:
    """The parts of one document's zip archive, each read only after its bounds are checked."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        if len(data) > MAX_FILE_BYTES:
            raise file_problem(
                source, f"檔案有 {_mb(len(data))} MB，超過 {_mb(MAX_FILE_BYTES)} MB 上限"
            )
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            self.parts = {info.filename: info for info in self.zip.infolist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
            raise self.broken(error) from error
        if len(self.parts) > MAX_ENTRIES:
            raise file_problem(
                source, f"壓縮檔內含 {len(self.parts)} 個部分，超過 {MAX_ENTRIES} 個上限"
            )

    def broken(self, error: Exception) -> ReportImportError:
        """A zip archive cut short or damaged (zipfile's own words are English: not shown)."""
        return file_problem(self.source, "檔案不完整或已損壞，無法讀取其壓縮內容")

    def kind(self) -> str | None:
        """'docx', 'odt', or None for a zip archive that is neither."""
        if DOCX_BODY in self.parts:
            return "docx"
        if "mimetype" in self.parts and self.read("mimetype").strip() == ODT_MIMETYPE:
            return "odt"
        return None

    def read(self, name: str) -> bytes:
        info = self.parts[name]
        if info.file_size > MAX_PART_BYTES or (
            info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * info.compress_size
        ):
            raise file_problem(
                self.source,
                f"文件中的「{name[:100]}」解壓縮後有 {_mb(info.file_size)} MB"
                f"（壓縮時 {_mb(info.compress_size)} MB），超過上限（可能是壓縮炸彈）；未讀取內容",
            )
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
            raise self.broken(error) from error

    def xml(self, name: str) -> etree._Element | None:
        """The part parsed as XML, or None if the archive has no such part."""
        if name not in self.parts:
            return None
        data = self.read(name)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise file_problem(
                self.source, f"文件中的「{name}」含有 DTD 或實體宣告（可能是 XML 炸彈），不予讀取"
            )
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as error:
            raise file_problem(
                self.source, f"文件中的「{name}」不是完整的 XML（{error}）"
            ) from error
        if root.getroottree().docinfo.doctype:
            raise file_problem(self.source, f"文件中的「{name}」含有 DTD 宣告，不予讀取")
        return root


def _mb(size: int) -> str:
    return f"{size / MB:.1f}"
