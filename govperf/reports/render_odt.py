"""Render a report document as an OpenDocument text file (ODT): A4, zh-TW, page numbers, tables."""

from __future__ import annotations

import io
from dataclasses import dataclass

from odf import draw, svg
from odf import table as odf_table
from odf import text as odf_text
from odf.element import Element
from odf.namespaces import DRAWNS
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    FontFace,
    Footer,
    FooterStyle,
    GraphicProperties,
    Header,
    HeaderFooterProperties,
    HeaderStyle,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TabStop,
    TabStops,
    TextProperties,
)
from odf.teletype import addTextToElement

from govperf.reports.chart import budget_chart_description, budget_chart_png, budget_chart_title
from govperf.reports.document import Block, Cell, Document, Heading, Image, Paragraph, Table
from govperf.reports.render_docx import CHART_WIDTH_CM, FONT
from govperf.reports.table_layout import (
    TEXT_WIDTH_CM,
    cell_text,
    column_widths,
    repeated_header_rows,
)

# fo:language and fo:country for Latin text, the -asian pair for 中文: without the asian pair
# LibreOffice lays out ，。 the Japanese way.
LANGUAGE = {
    "language": "zh",
    "country": "TW",
    "languageasian": "zh",
    "countryasian": "TW",
}
BOLD = {"fontweight": "bold", "fontweightasian": "bold", "fontweightcomplex": "bold"}
BODY_PT, SMALL_PT, TABLE_PT = 12, 10, 9
HEADING_PT = {1: 16, 2: 14, 3: 13, 4: 12}
BORDER = "0.5pt solid #000000"
HEADER_FILL = "#e7e6e6"
CELL_PADDING = "0.1cm"  # as Word's default cell margins, near enough
CHART_HEIGHT_CM = CHART_WIDTH_CM * 9 / 16  # the chart is drawn 16:9
# The paragraph style of each Paragraph.style
PARAGRAPH_STYLES = {"normal": "Standard", "footnote": "Table_20_Note", "caption": "Unit_20_Line"}


@dataclass
class Counter:
    """Names ODF wants unique within a file (tables, pictures)."""

    tables: int = 0
    pictures: int = 0


def render_odt(document: Document) -> bytes:
    """The document as an .odt file: a header (機關, title, 公告日期), the blocks, page numbers."""
    odt = OpenDocumentText()
    _fonts(odt)
    _common_styles(odt)
    _automatic_styles(odt)
    _master_page(odt, document)
    _title(odt, document)
    counter = Counter()
    for block in document.blocks:
        for element in _block(odt, block, counter):
            odt.text.addElement(element)
    output = io.BytesIO()
    odt.write(output)
    return output.getvalue()


# --- styles ---------------------------------------------------------------------------------


def _fonts(odt: OpenDocumentText) -> None:
    face = FontFace(name=FONT, fontfamily=f"'{FONT}'", fontfamilygeneric="swiss")
    face.setAttribute("fontpitch", "variable")
    odt.fontfacedecls.addElement(face)


def _text_properties(size_pt: int, **extra: str) -> Element:
    """A font size (and more) for Latin, 中文 and complex scripts alike."""
    size = f"{size_pt}pt"
    return TextProperties(fontsize=size, fontsizeasian=size, fontsizecomplex=size, **extra)


def _paragraph_style(name: str, size_pt: int, bold: bool = False, **paragraph: str) -> Element:
    style = Style(name=name, displayname=name.replace("_20_", " "), family="paragraph")
    style.setAttribute("parentstylename", "Standard")
    style.addElement(ParagraphProperties(**paragraph))
    style.addElement(_text_properties(size_pt, **(BOLD if bold else {})))
    return style


def _common_styles(odt: OpenDocumentText) -> None:
    fonts = {"fontname": FONT, "fontnameasian": FONT, "fontnamecomplex": FONT}
    default = DefaultStyle(family="paragraph")
    default.addElement(_text_properties(BODY_PT, **fonts, **LANGUAGE))
    standard = Style(name="Standard", family="paragraph")
    standard.setAttribute("class", "text")
    standard.addElement(ParagraphProperties(marginbottom="0.2cm"))
    standard.addElement(_text_properties(BODY_PT, **fonts, **LANGUAGE))
    styles = [default, standard, *_heading_styles(), *_small_styles(), *_text_styles()]
    for style in styles:
        odt.styles.addElement(style)


def _heading_styles() -> list[Element]:
    """Heading 1–4, bold, kept with the paragraph that follows; text:h gives the outline level."""
    styles = []
    for level, size in HEADING_PT.items():
        spacing = {"margintop": "0.35cm", "marginbottom": "0.15cm"}
        style = _paragraph_style(
            f"Heading_20_{level}", size, bold=True, keepwithnext="always", **spacing
        )
        style.setAttribute("nextstylename", "Standard")
        style.setAttribute("defaultoutlinelevel", str(level))
        styles.append(style)
    return styles


def _small_styles() -> list[Element]:
    return [
        _paragraph_style("Title", 20, bold=True, textalign="center", marginbottom="0.2cm"),
        _paragraph_style("Table_20_Contents", TABLE_PT, marginbottom="0cm"),
        _paragraph_style("Table_20_Note", SMALL_PT),
        _paragraph_style("Unit_20_Line", SMALL_PT, textalign="end", marginbottom="0cm"),
        _paragraph_style("Caption", SMALL_PT, textalign="center"),
        _paragraph_style("ChartTitle", SMALL_PT, textalign="center"),  # the import skips it
        _paragraph_style("Centered", BODY_PT, textalign="center", marginbottom="0cm"),
        _paragraph_style("Published", BODY_PT, textalign="end"),
        _header_style(),
        _paragraph_style("Footer", SMALL_PT, textalign="center", marginbottom="0cm"),
    ]


def _header_style() -> Element:
    """The page header: 機關 and title on the left, 公告日期 against the right margin."""
    style = _paragraph_style("Header", SMALL_PT, marginbottom="0cm")
    stops = TabStops()
    stops.addElement(TabStop(position=f"{TEXT_WIDTH_CM}cm", type="right"))
    style.firstChild.addElement(stops)
    return style


def _text_styles() -> list[Element]:
    strong = Style(name="Strong_20_Emphasis", displayname="Strong Emphasis", family="text")
    strong.addElement(TextProperties(**BOLD))
    emphasis = Style(name="Emphasis", family="text")
    emphasis.addElement(TextProperties(fontstyle="italic", fontstyleasian="italic"))
    return [strong, emphasis]


def _automatic_styles(odt: OpenDocumentText) -> None:
    """Cell borders and header shading, and the bold paragraph style of header cells."""
    cell = Style(name="cell", family="table-cell")
    cell.addElement(TableCellProperties(border=BORDER, padding=CELL_PADDING))
    header = Style(name="header-cell", family="table-cell")
    header.addElement(
        TableCellProperties(border=BORDER, padding=CELL_PADDING, backgroundcolor=HEADER_FILL)
    )
    heading = Style(name="table-heading", family="paragraph", parentstylename="Table_20_Contents")
    heading.addElement(TextProperties(**BOLD))
    for style in (cell, header, heading):
        odt.automaticstyles.addElement(style)


# --- page: A4, header and footer --------------------------------------------------------------


def _master_page(odt: OpenDocumentText, document: Document) -> None:
    """A4 portrait, 2 cm margins around the text; the header and footer sit in the margins."""
    layout = PageLayout(name="A4")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm",
            pageheight="29.7cm",
            printorientation="portrait",
            margintop="1.2cm",
            marginbottom="1.2cm",
            marginleft="2cm",
            marginright="2cm",
        )
    )
    header_style, footer_style = HeaderStyle(), FooterStyle()
    header_style.addElement(HeaderFooterProperties(minheight="0.5cm", marginbottom="0.3cm"))
    footer_style.addElement(HeaderFooterProperties(minheight="0.5cm", margintop="0.3cm"))
    layout.addElement(header_style)
    layout.addElement(footer_style)
    odt.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    master.addElement(_header(document))
    master.addElement(_footer())
    odt.masterstyles.addElement(master)


def _header(document: Document) -> Element:
    header = Header()
    line = odf_text.P(stylename="Header")
    line.addText(f"{document.agency}　{document.title}")
    line.addElement(odf_text.Tab())
    line.addText(f"公告日期：{document.published_on_text}")
    header.addElement(line)
    return header


def _footer() -> Element:
    """「第 N 頁，共 M 頁」 with fields LibreOffice and Word fill in."""
    footer = Footer()
    line = odf_text.P(stylename="Footer")
    line.addText("第 ")
    line.addElement(odf_text.PageNumber(selectpage="current", text="1"))
    line.addText(" 頁，共 ")
    line.addElement(odf_text.PageCount(text="1"))
    line.addText(" 頁")
    footer.addElement(line)
    return footer


def _title(odt: OpenDocumentText, document: Document) -> None:
    odt.text.addElement(odf_text.P(stylename="Title", text=document.agency))
    odt.text.addElement(odf_text.P(stylename="Title", text=document.title))
    published = f"公告日期：{document.published_on_text}"
    odt.text.addElement(odf_text.P(stylename="Published", text=published))


# --- blocks ---------------------------------------------------------------------------------


def _block(odt: OpenDocumentText, block: Block, counter: Counter) -> list[Element]:
    match block:
        case Heading():
            level = min(max(block.level - 1, 1), 4)  # 壹、 is level 2 here, Heading 1 there
            return [
                odf_text.H(outlinelevel=level, stylename=f"Heading_20_{level}", text=block.text)
            ]
        case Paragraph():
            return _paragraph(block)
        case Image():
            return _image(odt, block, counter)
        case Table():
            counter.tables += 1
            return [_table(odt, block, f"表格{counter.tables}")]


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
    """The budget chart as a picture, titled below; any other picture as italic text."""
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
    frame.attributes[(DRAWNS, "name")] = image.text  # the source's [image: …] line, unencoded
    frame.addElement(draw.Image(href=href))
    frame.addElement(svg.Title(text=budget_chart_title(image.trend)))
    frame.addElement(svg.Desc(text=budget_chart_description(image.trend)))
    holder = odf_text.P(stylename="Centered")
    holder.addElement(frame)
    return [holder, odf_text.P(stylename="ChartTitle", text=budget_chart_title(image.trend))]


# --- tables ---------------------------------------------------------------------------------


def _table(odt: OpenDocumentText, table: Table, name: str) -> Element:
    """Columns sized to their text, the header rows repeated on each page, merges as ODF has them:
    a spanning cell, then covered cells for every other position it takes."""
    element = odf_table.Table(name=name, stylename=_table_styles(odt, table, name))
    if table.caption:  # the table's title for screen readers
        element.addElement(odf_table.Title(text=table.caption))
    for index in range(sum(cell.colspan for cell in table.rows[0])):
        element.addElement(odf_table.TableColumn(stylename=f"{name}.{index}"))
    rows = [_row(row, heading=index < table.header_rows) for index, row in enumerate(table.rows)]
    header = repeated_header_rows(table)
    if header:
        header_rows = odf_table.TableHeaderRows()
        for row in rows[:header]:
            header_rows.addElement(row)
        element.addElement(header_rows)
    for row in rows[header:]:
        element.addElement(row)
    return element


def _table_styles(odt: OpenDocumentText, table: Table, name: str) -> str:
    """The table's style (as wide as the text, centred) and one style per column width."""
    style = Style(name=name, family="table")
    style.addElement(TableProperties(width=f"{TEXT_WIDTH_CM}cm", align="center"))
    odt.automaticstyles.addElement(style)
    for index, width in enumerate(column_widths(table, TEXT_WIDTH_CM)):
        column = Style(name=f"{name}.{index}", family="table-column")
        column.addElement(TableColumnProperties(columnwidth=f"{width:.3f}cm"))
        odt.automaticstyles.addElement(column)
    return name


def _row(row: tuple[Cell, ...], *, heading: bool) -> Element:
    element = odf_table.TableRow()
    for cell in row:
        if cell.covered:
            covered = cell.colspan
        else:
            element.addElement(_cell(cell, heading=heading))
            covered = cell.colspan - 1
        for _ in range(covered):
            element.addElement(odf_table.CoveredTableCell())
    return element


def _cell(cell: Cell, *, heading: bool) -> Element:
    spans = {}
    if cell.colspan > 1:
        spans["numbercolumnsspanned"] = str(cell.colspan)
    if cell.rowspan > 1:
        spans["numberrowsspanned"] = str(cell.rowspan)
    element = odf_table.TableCell(
        stylename="header-cell" if heading else "cell", valuetype="string", **spans
    )
    paragraph = odf_text.P(stylename="table-heading" if heading else "Table_20_Contents")
    _add_text(paragraph, cell_text(cell))
    element.addElement(paragraph)
    return element
