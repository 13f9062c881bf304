"""Render a report document as a Word file (DOCX): a cover, a table of contents, A4, zh-TW, page
numbers, and tables laid out by the one table plan, whose rows never split across pages."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from govperf.reports.chart import (
    budget_chart_description,
    budget_chart_png,
    budget_chart_title,
    png_size,
)
from govperf.reports.document import (
    DRAFT_NOTE,
    Block,
    Document,
    Heading,
    Image,
    Paragraph,
    Table,
)
from govperf.reports.docx_parts import (
    FONT,
    R_NS,
    W_NS,
    XML_HEAD,
    app_properties,
    content_types,
    core_properties,
    document_relationships,
    esc,
    footer,
    header,
    package_relationships,
    paragraph,
    run,
    section,
    settings,
    version_note,
)
from govperf.reports.docx_styles import HEADING_STYLES, STYLES_XML, TOC_LEVELS
from govperf.reports.docx_tables import table_xml

__all__ = ["CHART_WIDTH_CM", "FONT", "render_docx"]

CHART_WIDTH_CM = 16.0
EMU_PER_CM = 360000
PARAGRAPH_STYLES = {"footnote": "TableNote", "caption": "UnitLine"}  # normal: Normal
TOC_TITLE = "目錄"
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
)


@dataclass
class _Writing:
    """What the body writer gathers as it goes: the pictures and the headings' bookmarks."""

    pictures: list[bytes] = field(default_factory=list)
    bookmarks: dict[int, str] = field(default_factory=dict)  # block index → bookmark name


def render_docx(document: Document) -> bytes:
    """The document as a .docx file: cover, table of contents, the blocks, page numbers."""
    writing = _Writing()
    body = _body(document, writing)
    names = [f"chart{n}.png" for n in range(1, len(writing.pictures) + 1)]
    parts = {
        "[Content_Types].xml": content_types(len(names)),
        "_rels/.rels": package_relationships(),
        "docProps/core.xml": core_properties(document),
        "docProps/app.xml": app_properties(document),
        "word/document.xml": body,
        "word/_rels/document.xml.rels": document_relationships(names),
        "word/styles.xml": STYLES_XML,
        "word/settings.xml": settings(),
        "word/header1.xml": header(document),
        "word/footer1.xml": footer(),
    }
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
        for name, png in zip(names, writing.pictures, strict=True):
            archive.writestr(f"word/media/{name}", png, compress_type=zipfile.ZIP_STORED)
    return output.getvalue()


def _body(document: Document, writing: _Writing) -> str:
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and 2 <= block.level <= TOC_LEVELS + 1:
            writing.bookmarks[index] = f"_Toc{len(writing.bookmarks) + 1}"
    out = [_cover(document), _table_of_contents(blocks, writing.bookmarks)]
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        out.append(_block(block, index, following, writing, first=len(out) == 2))
    return (
        f"{XML_HEAD}<w:document {NAMESPACES}><w:body>{''.join(out)}{section()}</w:body>"
        "</w:document>"
    )


# --- paragraphs -------------------------------------------------------------------------------


def _cover(document: Document) -> str:
    """Contract with the importer: the first three paragraphs are agency, title and date;
    anything more (the version, a draft's note) is a Cover Note, which it skips."""
    return (
        paragraph("CoverAgency", run(document.agency))
        + paragraph("Title", run(document.title))
        + paragraph("CoverDate", run(f"公告日期：{document.published_on_text}"))
        + (paragraph("CoverNote", run(note)) if (note := version_note(document)) else "")
        + (paragraph("CoverNote", run(DRAFT_NOTE, bold=True)) if document.draft else "")
    )


# --- table of contents ------------------------------------------------------------------------


def _field(instruction: str, shown: str = "") -> tuple[str, str]:
    """A complex field's opening (begin, instruction, separate) and its shown text with end."""
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
        f'{instruction} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    return begin, f'{run(shown) if shown else ""}<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def _table_of_contents(blocks: tuple[Block, ...], bookmarks: dict[int, str]) -> str:
    """The headings in a Table of Contents content control, each hyperlinked to its bookmark,
    its page a PAGEREF field. Not inside a TOC field: LibreOffice shows a TOC field's stored
    text as it is, but computes a PAGEREF on layout; Word updates them with the other fields."""
    entries = []
    for index, name in bookmarks.items():
        heading = blocks[index]
        assert isinstance(heading, Heading)
        begin, end = _field(f"PAGEREF {name} \\h")
        link = (
            f'<w:hyperlink w:anchor="{name}" w:history="1">{run(heading.text)}<w:r><w:tab/></w:r>'
            f"{begin}{end}</w:hyperlink>"
        )
        entries.append(paragraph(f"TOC{heading.level - 1}", link))
    return (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>"
        f"{paragraph('TOCHeading', run(TOC_TITLE))}{''.join(entries)}</w:sdtContent></w:sdt>"
    )


# --- blocks -----------------------------------------------------------------------------------


def _block(
    block: Block, index: int, following: Block | None, writing: _Writing, *, first: bool
) -> str:
    match block:
        case Heading():
            return _heading(block, writing.bookmarks.get(index), first=first)
        case Paragraph():
            return _paragraph(block, first=first)
        case Image():
            return _image(block, writing, first=first)
        case Table():
            note = isinstance(following, Paragraph) and following.style == "footnote"
            table = table_xml(block, keep_last=note)
            # Word joins tables with nothing between them, and ends its body with a paragraph
            after = paragraph(None, "") if following is None or isinstance(following, Table) else ""
            return (paragraph(None, "", page_break=True) if first else "") + table + after


def _heading(heading: Heading, bookmark: str | None, *, first: bool) -> str:
    runs = run(heading.text)
    if bookmark is not None:
        number = bookmark.removeprefix("_Toc")
        runs = (
            f'<w:bookmarkStart w:id="{number}" w:name="{bookmark}"/>{runs}'
            f'<w:bookmarkEnd w:id="{number}"/>'
        )
    return paragraph(HEADING_STYLES.get(heading.level, "Heading4"), runs, page_break=first)


def _paragraph(block: Paragraph, *, first: bool) -> str:
    if not (block.label + block.text).strip():
        return (
            paragraph(None, "", page_break=True) if first else ""
        )  # a blank line of the Word file
    runs = (run(block.label, bold=True) if block.label else "") + (
        run(block.text) if block.text else ""
    )
    return paragraph(PARAGRAPH_STYLES.get(block.style), runs, page_break=first)


def _image(image: Image, writing: _Writing, *, first: bool) -> str:
    """The budget chart as a picture with its title below; any other picture as italic text."""
    if image.trend is None:
        return paragraph(None, run(image.text, italic=True), page_break=first)
    writing.pictures.append(budget_chart_png(image.trend, show_title=False))
    number = len(writing.pictures)
    pixels_w, pixels_h = png_size()
    cx = round(CHART_WIDTH_CM * EMU_PER_CM)
    cy = round(cx * pixels_h / pixels_w)
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    drawing = (
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" '
        f'cy="{cy}"/><wp:docPr id="{number}" name="chart{number}" '
        f'descr="{esc(budget_chart_description(image.trend))}" title="{esc(image.text)}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}">'
        f'<pic:pic xmlns:pic="{pic}"><pic:nvPicPr><pic:cNvPr id="0" name="chart{number}.png"/>'
        f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdPicture{number}"/>'
        "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
        f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
        "<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
        "</w:drawing></w:r>"
    )
    return paragraph(None, drawing, keep_next=True, page_break=first, jc="center") + paragraph(
        "ChartTitle", run(budget_chart_title(image.trend))
    )
