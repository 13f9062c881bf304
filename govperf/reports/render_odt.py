"""Render a report document as an OpenDocument text file (ODT): a cover, a table of contents,
A4 pages in zh-TW with page numbers, and tables laid out as table_layout plans them."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from odf import dc, draw, meta, svg
from odf import text as odf_text
from odf.element import Element
from odf.namespaces import DRAWNS
from odf.opendocument import OpenDocumentText
from odf.style import GraphicProperties, ParagraphProperties, Style
from odf.teletype import addTextToElement

from govperf.domain.roc import RocDateError, parse_roc_date
from govperf.reports.chart import budget_chart_description, budget_chart_png, budget_chart_title
from govperf.reports.document import (
    DRAFT_NOTE,
    Block,
    Document,
    Heading,
    Image,
    Paragraph,
    Table,
    version_note,
)
from govperf.reports.odt_styles import styles_add
from govperf.reports.odt_table import TableStyles, table_element

GENERATOR = "govperf"
CHART_WIDTH_CM = 16.0
CHART_HEIGHT_CM = CHART_WIDTH_CM * 9 / 16  # the chart is drawn 16:9
CONTENTS_LEVELS = 2  # the table of contents lists 壹、 and 一、
CONTENTS_TITLE = "目錄"
# The paragraph style of each Paragraph.style
PARAGRAPH_STYLES = {"normal": "Standard", "footnote": "Table_20_Note", "caption": "Unit_20_Line"}


@dataclass
class Counter:
    """Names ODF wants unique within a file (tables, pictures), and the headings listed in the
    table of contents with the bookmark each carries."""

    tables: int = 0
    pictures: int = 0
    contents: list[tuple[int, str, str]] = field(default_factory=list)  # level, text, bookmark


def render_odt(document: Document) -> bytes:
    """The document as an .odt file: a cover (機關, title, 公告日期), a table of contents, the
    blocks, page numbers, and the document's title, author and date in meta.xml."""
    odt = OpenDocumentText()
    metadata_add(odt, document)
    styles_add(odt, document)
    _cover(odt, document)
    counter, styles = Counter(), TableStyles(odt)
    following = (*document.blocks[1:], None)
    body = [
        element
        for block, after in zip(document.blocks, following, strict=True)
        for element in _block(styles, block, counter, _is_note(after))
    ]
    odt.text.addElement(_contents(counter))
    for element in _starting_a_page(odt, body):
        odt.text.addElement(element)
    output = io.BytesIO()
    odt.write(output)
    return output.getvalue()


# --- meta.xml, cover, table of contents -------------------------------------------------------


def metadata_add(odt: OpenDocumentText, document: Document) -> None:
    """Title (機關 and title), author (機關), date (公告日期), language, the published version
    and why, and govperf as the generator: everything meta.xml says, from this one place."""
    odt.meta.addElement(dc.Title(text=f"{document.agency}{document.title}"))
    odt.meta.addElement(dc.Creator(text=document.agency))
    odt.meta.addElement(meta.InitialCreator(text=document.agency))
    odt.meta.addElement(dc.Language(text="zh-TW"))
    if document.version:
        for name, value in (("版本", str(document.version)), ("版本說明", document.version_reason)):
            field = meta.UserDefined(name=name, valuetype="string")
            field.addText(value)
            odt.meta.addElement(field)
    try:
        published = parse_roc_date(document.published_on_text).isoformat() + "T00:00:00"
    except RocDateError:  # not published yet: no date rather than a wrong one
        published = ""
    if published:
        odt.meta.addElement(meta.CreationDate(text=published))
        odt.meta.addElement(dc.Date(text=published))
    for generator in odt.meta.getElementsByType(meta.Generator):
        odt.meta.removeChild(generator)
    odt.meta.addElement(meta.Generator(text=GENERATOR))
    # odfpy puts its own name back as the generator when saving, unless told not to.
    odt._OpenDocument__replaceGenerator = lambda: None


def _cover(odt: OpenDocumentText, document: Document) -> None:
    """The cover page: 機關, title and 公告日期 (what an importer reads back), and the version
    published (or the draft's note), in the Cover Note style."""
    odt.text.addElement(odf_text.P(stylename="Cover_20_Agency", text=document.agency))
    odt.text.addElement(odf_text.P(stylename="Cover_20_Title", text=document.title))
    published = f"公告日期：{document.published_on_text}"
    odt.text.addElement(odf_text.P(stylename="Cover_20_Date", text=published))
    for note in (version_note(document), DRAFT_NOTE if document.draft else ""):
        if note:  # a Cover Note: importers skip it
            odt.text.addElement(odf_text.P(stylename="CoverNote", text=note))


def _contents(counter: Counter) -> Element:
    """A table of contents as LibreOffice makes one, filled in: each entry's page number is a
    reference to its heading's bookmark, which LibreOffice computes when it lays out the pages."""
    contents = odf_text.TableOfContent(name=CONTENTS_TITLE, protected="true")
    contents.addElement(_contents_source())
    body = odf_text.IndexBody()
    title = odf_text.IndexTitle(name=f"{CONTENTS_TITLE}_Head")
    title.addElement(odf_text.P(stylename="Contents_20_Heading", text=CONTENTS_TITLE))
    body.addElement(title)
    for level, text, bookmark in counter.contents:
        entry = odf_text.P(stylename=f"Contents_20_{level}")
        link = odf_text.A(type="simple", href=f"#{bookmark}")
        link.addText(text)
        entry.addElement(link)
        entry.addElement(odf_text.Tab())
        entry.addElement(odf_text.BookmarkRef(referenceformat="page", refname=bookmark, text="1"))
        body.addElement(entry)
    contents.addElement(body)
    return contents


def _contents_source() -> Element:
    """How LibreOffice remakes the table (Update Index): headings to level 2, dot leaders."""
    source = odf_text.TableOfContentSource(outlinelevel=str(CONTENTS_LEVELS), useindexmarks="false")
    source.addElement(
        odf_text.IndexTitleTemplate(stylename="Contents_20_Heading", text=CONTENTS_TITLE)
    )
    for level in range(1, CONTENTS_LEVELS + 1):
        template = odf_text.TableOfContentEntryTemplate(
            outlinelevel=str(level), stylename=f"Contents_20_{level}"
        )
        template.addElement(odf_text.IndexEntryText())
        template.addElement(odf_text.IndexEntryTabStop(type="right", leaderchar="."))
        template.addElement(odf_text.IndexEntryPageNumber())
        source.addElement(template)
    return source


def _starting_a_page(odt: OpenDocumentText, body: list[Element]) -> list[Element]:
    """The body after the table of contents, from the top of a new page."""
    first = body[0] if body else None
    if first is None or first.qname[1] not in ("h", "p"):
        first = odf_text.P(stylename="Standard")
        body = [first, *body]
    style = Style(name="first-after-contents", family="paragraph")
    style.setAttribute("parentstylename", first.getAttribute("stylename"))
    style.addElement(ParagraphProperties(breakbefore="page"))
    odt.automaticstyles.addElement(style)
    first.setAttribute("stylename", style)
    return body


# --- blocks ---------------------------------------------------------------------------------


def _is_note(block: Block | None) -> bool:
    """A note under a table (＊…, ---表示…), which stays on the page of the table's last row."""
    return isinstance(block, Paragraph) and block.style == "footnote"


def _block(styles: TableStyles, block: Block, counter: Counter, noted: bool) -> list[Element]:
    match block:
        case Heading():
            return [_heading(block, counter)]
        case Paragraph():
            return _paragraph(block)
        case Image():
            return _image(styles.odt, block, counter)
        case Table():
            counter.tables += 1
            name = f"表格{counter.tables}"
            return [table_element(styles, block, name, keep_with_note=noted)]


def _heading(heading: Heading, counter: Counter) -> Element:
    """A heading at its outline level; chapters and sections carry a bookmark for the contents."""
    level = min(max(heading.level - 1, 1), 4)  # 壹、 is level 2 here, Heading 1 there
    element = odf_text.H(outlinelevel=level, stylename=f"Heading_20_{level}")
    if level <= CONTENTS_LEVELS:
        bookmark = f"_Toc{len(counter.contents) + 1}"
        counter.contents.append((level, heading.text, bookmark))
        element.addElement(odf_text.Bookmark(name=bookmark))
    element.addText(heading.text)
    return element


def _paragraph(paragraph: Paragraph) -> list[Element]:
    if not (paragraph.label + paragraph.text).strip():
        return []  # a blank line of the Word document
    element = odf_text.P(stylename=PARAGRAPH_STYLES.get(paragraph.style, "Standard"))
    if paragraph.label:
        element.addElement(odf_text.Span(stylename="Strong_20_Emphasis", text=paragraph.label))
    _add_text(element, paragraph.text)
    return [element]


def _add_text(element: Element, text: str) -> None:
    """Text with its line breaks; runs of spaces kept (ODF collapses them otherwise)."""
    if "\n" in text or "\t" in text or "  " in text:
        addTextToElement(element, text)
    elif text:
        element.addText(text)


def _image(odt: OpenDocumentText, image: Image, counter: Counter) -> list[Element]:
    """The budget chart as a picture named by the text export's `[image: …]` line and titled
    below; any other picture as italic text."""
    if image.trend is None:
        placeholder = odf_text.P(stylename="Standard")
        placeholder.addElement(odf_text.Span(stylename="Emphasis", text=image.text))
        return [placeholder]
    counter.pictures += 1
    picture = Style(name=f"picture{counter.pictures}", family="graphic")
    picture.addElement(GraphicProperties(verticalpos="top", verticalrel="baseline"))
    odt.automaticstyles.addElement(picture)
    png = budget_chart_png(image.trend, show_title=False)
    href = odt.addPicture(f"Pictures/chart{counter.pictures}.png", "image/png", png)
    frame = draw.Frame(
        stylename=picture,
        width=f"{CHART_WIDTH_CM}cm",
        height=f"{CHART_HEIGHT_CM}cm",
        anchortype="as-char",
    )
    # The [image: …] line as the frame's name, as written: odfpy would escape it as an NCName.
    frame.attributes[(DRAWNS, "name")] = image.text
    frame.addElement(draw.Image(href=href))
    frame.addElement(svg.Title(text=budget_chart_title(image.trend)))
    frame.addElement(svg.Desc(text=budget_chart_description(image.trend)))
    holder = odf_text.P(stylename="Centered")
    holder.addElement(frame)
    return [holder, odf_text.P(stylename="ChartTitle", text=budget_chart_title(image.trend))]
