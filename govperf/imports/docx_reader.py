"""Read a Word document (DOCX) body, in order, as the lines of its text export.

Runs are joined however Word split them; deleted text, field codes and a table of contents are
left out; a picture is its `[image: …]` line; a merged cell prints once and a vertically
continued one prints empty, as Word's "save as plain text" does."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from lxml.etree import _Element as Element

from govperf.imports.archive import DOCX_BODY, Archive
from govperf.imports.docx_numbering import Numbering, numbering_read
from govperf.imports.errors import Problem, ReportImportError
from govperf.imports.linearised import Linearised, PrintedRow, table_place

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
TOC_GALLERY = "Table of Contents"
# Styles whose paragraphs are not report text, by id or name in lower case: the table of
# contents, and what the renderers generate: a chart's title (ChartTitle) and the cover's note
# of the published version (CoverNote).
SKIPPED_STYLES = {
    *(f"toc {level}" for level in range(1, 10)),
    *(f"toc{level}" for level in range(1, 10)),
    "toc heading",
    "tocheading",
    "charttitle",
    "covernote",
    "cover note",
}
# Run content that is never text: properties, deleted and moved-away text, content-control
# properties.
NOT_TEXT = {
    f"{{{W}}}{tag}"
    for tag in ("pPr", "rPr", "del", "moveFrom", "delText", "sdtPr", "sdtEndPr", "sym")
}
# A picture, or a shape in the alternatives Word and LibreOffice write for one: a shape's text
# box is not report text, a picture is its [image: …] line.
DRAWINGS = {f"{{{W}}}drawing", f"{{{W}}}pict", f"{{{NS['mc']}}}AlternateContent"}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def docx_lines(archive: Archive) -> Linearised:
    """The document's body as the text export's lines, each with its place."""
    body = _part(archive, DOCX_BODY).find(w("body"))
    styles = archive.xml("word/styles.xml")
    numbering = numbering_read(archive.xml("word/numbering.xml"), styles)
    reader = _DocxReader(archive.source, _style_names(styles), _relationships(archive), numbering)
    if body is not None:
        reader.blocks(body)
    return reader.out


def _part(archive: Archive, name: str) -> Element:
    root = archive.xml(name)
    assert root is not None  # the archive was recognised by this part
    return root


def _style_names(root: Element | None) -> dict[str, str]:
    """Paragraph style id → its name, lower case (Word localises ids, not these names)."""
    names = {}
    for style in [] if root is None else root.iterfind("w:style", NS):
        name = style.find("w:name", NS)
        style_id = style.get(w("styleId"), "")
        names[style_id] = (name.get(w("val"), "") if name is not None else style_id).lower()
    return names


def _relationships(archive: Archive) -> dict[str, str]:
    root = archive.xml("word/_rels/document.xml.rels")
    if root is None:
        return {}
    return {
        rel.get("Id", ""): rel.get("Target", "") for rel in root.iterfind("rel:Relationship", NS)
    }


@dataclass
class _Field:
    """A complex field being read: its instruction, and whether its result has begun."""

    instruction: str = ""
    in_result: bool = False

    @property
    def shown(self) -> bool:
        return self.in_result and not _is_toc_field(self.instruction)


def _is_toc_field(instruction: str) -> bool:
    return instruction.strip().upper().startswith("TOC")


def _is_toc(sdt: Element) -> bool:
    gallery = sdt.find("w:sdtPr/w:docPartObj/w:docPartGallery", NS)
    if gallery is None:
        gallery = sdt.find("w:sdtPr/w:docPartList/w:docPartGallery", NS)
    return gallery is not None and gallery.get(w("val")) == TOC_GALLERY


def _children(element: Element, tag: str) -> Iterator[Element]:
    """The children with `tag`, also those inside content controls and custom XML."""
    for child in element:
        if child.tag == w(tag):
            yield child
        elif child.tag == w("sdt") and not _is_toc(child):
            content = child.find("w:sdtContent", NS)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == w("customXml"):
            yield from _children(child, tag)


class _DocxReader:
    def __init__(
        self, source: str, styles: dict[str, str], media: dict[str, str], numbering: Numbering
    ) -> None:
        self.source = source
        self.styles = styles
        self.media = media
        self.numbering = numbering
        self.fields: list[_Field] = []  # a field may span paragraphs (a table of contents does)
        self.out = Linearised()

    def blocks(self, container: Element) -> None:
        for child in container:
            if child.tag == w("p"):
                for line in self.paragraph(child):
                    self.out.paragraph(line)
            elif child.tag == w("tbl"):
                self.table(child)
            elif child.tag == w("sdt") and not _is_toc(child):
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    self.blocks(content)
            elif child.tag == w("customXml"):
                self.blocks(child)

    # --- paragraphs -----------------------------------------------------------------------

    def paragraph(self, paragraph: Element) -> list[str]:
        """The paragraph's lines: its text, and a line of its own for each picture."""
        lines: list[str] = []
        pieces: list[str] = []
        self._inline(paragraph, pieces, lines)
        lines.append("".join(pieces))
        style = paragraph.find("w:pPr/w:pStyle", NS)
        style_id = style.get(w("val"), "") if style is not None else ""
        if style_id.lower() in SKIPPED_STYLES or self.styles.get(style_id) in SKIPPED_STYLES:
            return []  # read all the same: a field of the table of contents may begin here
        lines[0] = self.numbering.label(paragraph, style_id) + lines[0]  # Word's own numbering
        return [line for line in lines if line]

    def _shown(self) -> bool:
        return all(field.shown for field in self.fields)

    def _inline(self, element: Element, pieces: list[str], lines: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag in NOT_TEXT or not isinstance(tag, str):
                continue
            if tag == w("t"):
                if self._shown():
                    pieces.append(child.text or "")
            elif tag in (w("tab"), w("ptab")):
                self._text(pieces, "\t")
            elif tag in (w("br"), w("cr")):
                if child.get(w("type")) not in ("page", "column"):
                    self._text(pieces, "\n")
            elif tag == w("noBreakHyphen"):
                self._text(pieces, "-")
            elif tag in (w("fldChar"), w("instrText")):
                self._field(child)
            elif tag == w("fldSimple"):
                if not _is_toc_field(child.get(w("instr"), "")):
                    self._inline(child, pieces, lines)
            elif tag in DRAWINGS:
                picture = self._picture(child)
                if picture is not None and self._shown():
                    lines.append("".join(pieces))
                    lines.append(picture)
                    pieces.clear()
            else:  # w:r, w:hyperlink, w:smartTag, w:ins, w:moveTo, w:sdt(Content), w:customXml …
                self._inline(child, pieces, lines)

    def _text(self, pieces: list[str], text: str) -> None:
        if self._shown():
            pieces.append(text)

    def _field(self, element: Element) -> None:
        if element.tag == w("instrText"):
            if self.fields and not self.fields[-1].in_result:
                self.fields[-1].instruction += element.text or ""
            return
        kind = element.get(w("fldCharType"))
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].in_result = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _picture(self, element: Element) -> str | None:
        """`[image: …]` for a picture; None for a shape or text box, which is not one."""
        blip = element.find(".//a:blip", NS)
        vml = element.find(".//v:imagedata", NS)
        if blip is None and vml is None:
            return None
        frame = element.find(".//wp:docPr", NS)
        if frame is not None:
            named = [frame.get("title", ""), frame.get("name", ""), frame.get("descr", "")]
        else:
            shape = element.find(".//v:shape", NS)
            alt = shape.get("alt", "") if shape is not None else ""
            named = [alt, vml.get(f"{{{NS['o']}}}title", "") if vml is not None else ""]
        printed = next((str(text) for text in named if text.startswith("[image:")), None)
        if printed is not None:
            return printed  # the source's line, kept by our renderers (and LibreOffice's name)
        name = named[1]
        target = blip.get(f"{{{NS['r']}}}embed") if blip is not None else None
        if target is None and vml is not None:
            target = vml.get(f"{{{NS['r']}}}id")
        return f"[image: {name or posixpath.basename(self.media.get(target or '', ''))}]"

    # --- tables ---------------------------------------------------------------------------

    def table(self, table: Element) -> None:
        number = self.out.tables + 1
        rows: list[PrintedRow] = []
        for row_number, row in enumerate(_children(table, "tr"), start=1):
            before = row.find("w:trPr/w:gridBefore", NS)
            column = 1 + (int(before.get(w("val"), "0")) if before is not None else 0)
            printed: PrintedRow = []
            for cell in _children(row, "tc"):
                span_element = cell.find("w:tcPr/w:gridSpan", NS)
                span = int(span_element.get(w("val"), "1")) if span_element is not None else 1
                place = table_place(number, row_number, column)
                if not _is_continued(cell, "hMerge"):
                    text = "" if _is_continued(cell, "vMerge") else self._cell_text(cell, place)
                    printed.append((column, text))
                column += max(span, 1)
            rows.append(printed)
        self.out.table(rows)

    def _cell_text(self, cell: Element, place: str) -> str:
        if cell.find(".//w:tbl", NS) is not None:
            raise ReportImportError(
                [
                    Problem(
                        self.source,
                        0,
                        "儲存格內有巢狀表格，無法匯入；請將它移出成為獨立表格",
                        place,
                    )
                ]
            )
        return "\n".join(line for p in _children(cell, "p") for line in self.paragraph(p))


def _is_continued(cell: Element, merge: str) -> bool:
    """Whether the cell continues a merge begun above (vMerge) or to its left (hMerge)."""
    element = cell.find(f"w:tcPr/w:{merge}", NS)
    return element is not None and element.get(w("val"), "continue") != "restart"
