"""Helpers for the DOCX and ODT import tests: our own files of the sample, and edits of them."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from typing import Any

from lxml import etree

from govperf.imports import ir

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def zip_replace(data: bytes, name: str, content: bytes) -> bytes:
    """The archive with part `name` replaced (or added)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def zip_of(parts: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return output.getvalue()


def xml_text(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode()


def xml_part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def with_xml_part(data: bytes, name: str, root: etree._Element) -> bytes:
    return zip_replace(data, name, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def blank(text: str) -> bool:
    """A paragraph the DOCX and ODT renderers leave out: nothing but white space (e.g. a
    no-break space), which `str.strip` removes."""
    return text != "" and not text.strip()


def printable_lines(text: str) -> list[str]:
    """The text export's lines but for those the DOCX and ODT renderers cannot print."""
    return [line for line in text.split("\n") if not blank(line)]


def content(node: Any) -> Any:
    """A report's content without line numbers and file name, the renderers' blanks left out."""
    if isinstance(node, ir.Cell):
        return node.text
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return {
            item.name: content(getattr(node, item.name))
            for item in dataclasses.fields(node)
            if item.name not in ("line", "source")
        }
    if isinstance(node, list):
        return [
            content(item)
            for item in node
            if not (isinstance(item, ir.Block) and blank(item.text))
            and not (isinstance(item, str) and blank(item))
        ]
    return node
