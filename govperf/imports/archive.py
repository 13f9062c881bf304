"""A DOCX or ODT file's zip archive, read within bounds, and its XML parts parsed safely.

A document is a zip archive. Its directory is judged before anything is unpacked, by the one
rule in `govperf/domain/zip_bounds.py` (which XLSX uploads keep too): a zip bomb is refused by
the sizes it declares, which bound what Python's zipfile will unpack. The XML parts are parsed
without a DTD: no entity is ever expanded."""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree

from govperf.domain.zip_bounds import (
    MB,
    Part,
    ZipBounds,
    ZipOverrun,
    archive_overrun,
    file_overrun,
    megabytes,
)
from govperf.imports.errors import ReportImportError, file_problem

BOUNDS = ZipBounds(
    file_bytes=100 * MB,  # a report with its pictures; the sample's DOCX is well under 1 MB
    entries=5000,  # Word writes about 15 parts, and one per picture
    unpacked_bytes=300 * MB,  # pictures hardly pack: about the file's own size, plus the XML
    part_bytes=50 * MB,  # one XML part; a 300-page report's document.xml is ~10 MB
)
DOCX_BODY = "word/document.xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
)


class Archive:
    """The parts of one document's zip archive, each read only after its bounds are checked."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        if overrun := file_overrun(BOUNDS, len(data)):
            raise file_problem(source, _overrun_text(overrun))
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            self.parts = {info.filename: info for info in self.zip.infolist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
            raise self.broken(error) from error
        declared = (Part(i.filename, i.file_size, i.compress_size) for i in self.parts.values())
        if overrun := archive_overrun(BOUNDS, declared):
            raise file_problem(source, _overrun_text(overrun))

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
        try:
            return self.zip.read(self.parts[name])  # every part's size was judged on opening
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


def _overrun_text(overrun: ZipOverrun) -> str:
    """The overrun in words (the import speaks zh-Hant, as its other problems)."""
    size, limit = megabytes(overrun.size), megabytes(overrun.limit)
    if overrun.kind == "file":
        return f"檔案有 {size} MB，超過 {limit} MB 上限"
    if overrun.kind == "entries":
        return f"壓縮檔內含 {overrun.size} 個部分，超過 {overrun.limit} 個上限"
    if overrun.kind == "ratio":
        return (
            f"文件中的「{overrun.name[:100]}」解壓縮後是壓縮時的 {overrun.size} 倍，"
            f"超過 {overrun.limit} 倍上限（可能是壓縮炸彈）；未讀取內容"
        )
    named = f"文件中的「{overrun.name[:100]}」" if overrun.name else "文件"
    return f"{named}解壓縮後有 {size} MB，超過 {limit} MB 上限（可能是壓縮炸彈）；未讀取內容"
