"""Read an OpenDocument text (ODT) body, in order, as the lines of its text export.

Spans, links and spaces (text:s) make one line; notes, comments and a table of contents are left
out; a picture is its `[image: …]` line; a spanning cell prints once, a covered cell below a
row-spanning one prints empty, one to the right of a column-spanning one is not printed."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from lxml.etree import _Element as Element

from govperf.imports.archive import Archive
from govperf.imports.errors import Problem, ReportImportError, file_problem
from govperf.imports.linearised import Linearised, PrintedRow, table_place

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}
# What the renderers generate, not report text: a chart's title, the cover's version note.
GENERATED_STYLES = frozenset({"ChartTitle", "Chart_20_Title", "CoverNote", "Cover_20_Note"})
# LibreOffice's contents styles: a table of contents it saved from a Word file as paragraphs
# (Word's content control, not an index), left out as the DOCX reader leaves out TOC 1–9.
CONTENTS_STYLES = frozenset({"Contents_20_Heading", *(f"Contents_20_{n}" for n in range(1, 11))})
MAX_REPEATED = 1000  # a row or cell repeated (number-*-repeated) more often is not a report's
_SPACES = re.compile(r"[ \t\r\n]+")  # ODF collapses white space in text content to one space


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


PARAGRAPHS = {q("text:p"), q("text:h")}
SKIPPED_INLINE = {
    q(name)
    for name in ("text:note", "office:annotation", "office:annotation-end", "text:soft-page-break")
}
ROW_GROUPS = {q(f"table:{name}") for name in ("table-header-rows", "table-rows", "table-row-group")}
CONTAINERS = {q(f"text:{name}") for name in ("list", "list-item", "list-header", "section")}
SVG_TEXT = {q("svg:title"), q("svg:desc")}
CELLS = {q("table:table-cell"), q("table:covered-table-cell")}


def odt_lines(archive: Archive) -> Linearised:
    """The document's body as the text export's lines, each with its place."""
    content = archive.xml("content.xml")
    if content is None:
        raise file_problem(archive.source, "ODT 文件缺少 content.xml，無法讀取")
    reader = _OdtReader(archive.source, _style_parents(archive, content))
    body = content.find("office:body/office:text", NS)
    if body is not None:
        reader.blocks(body)
    return reader.out


def _style_parents(archive: Archive, content: Element) -> dict[str, str]:
    """Paragraph style name → its parent's (an automatic style's parent is the named style)."""
    parents: dict[str, str] = {}
    for root in (archive.xml("styles.xml"), content):
        for style in [] if root is None else root.iter(q("style:style")):
            parents[style.get(q("style:name"), "")] = style.get(q("style:parent-style-name"), "")
    return parents


def _repeated(element: Element, attribute: str, source: str) -> int:
    count = int(element.get(q(attribute), "1") or "1")
    if count > MAX_REPEATED:
        raise file_problem(source, f"表格的列或欄重複 {count} 次，超過 {MAX_REPEATED} 次上限")
    return max(count, 1)


class _OdtReader:
    def __init__(self, source: str, parents: dict[str, str]) -> None:
        self.source = source
        self.parents = parents
        self.out = Linearised()

    def blocks(self, container: Element) -> None:
        for line in self._lines(container, in_cell=None):
            self.out.paragraph(line)

    def _lines(self, container: Element, in_cell: str | None) -> Iterator[str]:
        """The lines of the paragraphs in `container`; tables (in the body) are written out."""
        for child in container:
            tag = child.tag
            if tag in PARAGRAPHS:
                yield from self.paragraph(child)
            elif tag == q("table:table"):
                if in_cell is not None:
                    raise ReportImportError(
                        [Problem(self.source, 0, "儲存格內有巢狀表格，無法匯入", in_cell)]
                    )
                self.table(child)
            elif tag in CONTAINERS:
                yield from self._lines(child, in_cell)
            elif tag == q("draw:frame"):
                picture = _picture(child)
                if picture:
                    yield picture

    # --- paragraphs -----------------------------------------------------------------------

    def _is_generated(self, style: str) -> bool:
        for _ in range(10):  # a style's parents, not forever in a looped file
            if style in GENERATED_STYLES or style in CONTENTS_STYLES:
                return True
            style = self.parents.get(style, "")
            if not style:
                return False
        return False

    def paragraph(self, paragraph: Element) -> list[str]:
        if self._is_generated(paragraph.get(q("text:style-name"), "")):
            return []
        lines: list[str] = []
        pieces: list[str] = []
        self._inline(paragraph, pieces, lines)
        lines.append("".join(pieces))
        return [line for line in lines if line]

    def _inline(self, element: Element, pieces: list[str], lines: list[str]) -> None:
        if element.text:
            pieces.append(_SPACES.sub(" ", element.text))
        for child in element:
            tag = child.tag
            if tag == q("text:s"):
                pieces.append(" " * _repeated(child, "text:c", self.source))
            elif tag == q("text:tab"):
                pieces.append("\t")
            elif tag == q("text:line-break"):
                pieces.append("\n")
            elif tag == q("draw:frame"):
                picture = _picture(child)
                if picture:
                    lines.extend(["".join(pieces), picture])
                    pieces.clear()
            elif (
                isinstance(tag, str)
                and tag not in SKIPPED_INLINE
                and not tag.startswith(f"{{{NS['draw']}}}")
            ):
                self._inline(child, pieces, lines)  # text:span, text:a, bookmarks, fields …
            if child.tail:
                pieces.append(_SPACES.sub(" ", child.tail))

    # --- tables ---------------------------------------------------------------------------

    def table(self, table: Element) -> None:
        number = self.out.tables + 1
        rows: list[PrintedRow] = []
        spans: dict[int, int] = {}  # a row-spanning cell's column → the rows it still covers
        for index, row in enumerate(self._rows(table), start=1):
            printed: PrintedRow = []
            started: dict[int, int] = {}
            column = 1
            for cell in self._cells(row):
                if cell.tag == q("table:covered-table-cell"):
                    if spans.get(column, 0) > 0:
                        printed.append((column, ""))  # below a row-spanning cell
                else:
                    place = table_place(number, index, column)
                    printed.append((column, self._cell_text(cell, place)))
                    down = int(cell.get(q("table:number-rows-spanned"), "1") or "1")
                    if down > 1:
                        started[column] = down - 1
                column += 1
            spans = {col: left - 1 for col, left in spans.items() if left > 1} | started
            rows.append(printed)
        self.out.table(rows)

    def _rows(self, container: Element) -> Iterator[Element]:
        for child in container:
            if child.tag in ROW_GROUPS:
                yield from self._rows(child)
            elif child.tag == q("table:table-row"):
                for _ in range(_repeated(child, "table:number-rows-repeated", self.source)):
                    yield child

    def _cells(self, row: Element) -> Iterator[Element]:
        for cell in row:
            if cell.tag in CELLS:
                for _ in range(_repeated(cell, "table:number-columns-repeated", self.source)):
                    yield cell

    def _cell_text(self, cell: Element, place: str) -> str:
        return "\n".join(self._lines(cell, in_cell=place))


def _picture(frame: Element) -> str | None:
    """`[image: …]` for a frame holding a picture; None for a text box or an object."""
    image = frame.find("draw:image", NS)
    if image is None:
        return None
    name = str(frame.get(q("draw:name"), ""))
    titles = [str(element.text or "") for element in frame if element.tag in SVG_TEXT]
    printed = next((text for text in (name, *titles) if text.startswith("[image:")), None)
    if printed is not None:
        return printed  # the source's line: our name, or LibreOffice's title from a DOCX
    return f"[image: {name or posixpath.basename(image.get(q('xlink:href'), ''))}]"
