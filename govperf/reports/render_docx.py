"""Render a report document as a Word file (DOCX): A4, zh-TW, page numbers, real merged tables."""

from __future__ import annotations

import io

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from govperf.reports.chart import budget_chart_description, budget_chart_png, budget_chart_title
from govperf.reports.document import Block, Cell, Document, Heading, Image, Paragraph, Table
from govperf.reports.table_layout import cell_text, column_widths, repeated_header_rows

FONT = "Noto Sans CJK TC"  # Debian fonts-noto-cjk; Word falls back to its own CJK font
LANGUAGE = "zh-TW"  # without it LibreOffice lays out ，。 the Japanese way
PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
CHART_WIDTH_CM = 16.0
BODY_PT, SMALL_PT, TABLE_PT = 12, 10, 9
HEADING_PT = {"Title": 20, "Heading 1": 16, "Heading 2": 14, "Heading 3": 13, "Heading 4": 12}
HEADER_FILL = "E7E6E6"  # light grey behind a table's header rows; black text stays readable
# Document levels (2 壹、 3 一、 4 （一） 5 １、; 1 the title) → Word's styles
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3", 5: "Heading 4"}


# The style ids of the paragraph styles the blocks use: python-docx's `paragraph.style = …`
# walks every style of styles.xml, each time (1.2 s of 1.6 s for the sample).
Styles = dict[str, str | None]


def render_docx(document: Document) -> bytes:
    """The document as a .docx file: a header (機關, title, 公告日期), the blocks, page numbers."""
    word = new_word_document()
    styles = _styles(word)
    _page_setup(word, document)
    _title(word, document, styles)
    for block in document.blocks:
        _block(word, block, styles)
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()


# --- styles ---------------------------------------------------------------------------------


def _styles(word: WordDocument) -> Styles:
    """Fonts, language and sizes: explicit, so no theme font (Japanese in the template) applies."""
    root = word.styles.element
    defaults = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _run_properties(defaults, BODY_PT)
    settings = word.settings.element.find(qn("w:themeFontLang"))
    if settings is not None:
        settings.set(qn("w:eastAsia"), LANGUAGE)
    by_name: dict[str, ParagraphStyle] = {
        name: word.styles[name] for name in ("Normal", "Caption", *HEADING_PT)
    }
    _run_properties(by_name["Normal"].element.get_or_add_rPr(), BODY_PT)
    for name, size in HEADING_PT.items():
        _heading_style(by_name[name], size)
    by_name["table"] = _small_style(word, "Table Text", TABLE_PT)
    by_name["footnote"] = _small_style(word, "Table Note", SMALL_PT)
    by_name["caption"] = _small_style(word, "Unit Line", SMALL_PT)
    by_name["caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    by_name["Caption"].font.color.rgb = RGBColor(0, 0, 0)
    by_name["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    by_name["ChartTitle"] = word.styles.add_style("ChartTitle", WD_STYLE_TYPE.PARAGRAPH)
    by_name["ChartTitle"].base_style = by_name["Caption"]  # generated: the import skips it
    ids: Styles = {name: style.style_id for name, style in by_name.items()}
    return {**ids, "Normal": None, "normal": None}  # Normal needs no w:pStyle


def _run_properties(rpr: BaseOxmlElement, size_pt: int) -> None:
    """Explicit fonts for every script, the size, and zh-TW for every script."""
    for tag in ("w:rFonts", "w:sz", "w:szCs", "w:lang"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    fonts = _element("w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    sizes = [_element(tag, val=str(size_pt * 2)) for tag in ("w:sz", "w:szCs")]
    language = _element("w:lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA")
    rpr.insert(0, fonts)  # rFonts comes first in rPr; sz, szCs and lang come late in any order
    rpr.extend([*sizes, language])


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _heading_style(style: ParagraphStyle, size_pt: int) -> None:
    """Black, bold, upright headings in the body font (the template's are blue theme fonts)."""
    rpr = style.element.get_or_add_rPr()
    _run_properties(rpr, size_pt)
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.italic = False
    style.font.bold = True
    style.paragraph_format.space_before = Pt(size_pt * 0.75)
    style.paragraph_format.space_after = Pt(4)
    if style.name == "Title":
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pbdr = style.element.pPr.find(qn("w:pBdr"))
        if pbdr is not None:
            style.element.pPr.remove(pbdr)


def _small_style(word: WordDocument, name: str, size_pt: int) -> ParagraphStyle:
    style: ParagraphStyle = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = word.styles["Normal"]
    style.font.size = Pt(size_pt)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    return style


# --- page: A4, header and footer --------------------------------------------------------------


def _page_setup(word: WordDocument, document: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
    section.header_distance = section.footer_distance = Cm(1)
    header_style, footer_style = word.styles["Header"], word.styles["Footer"]
    header_style.font.size = footer_style.font.size = Pt(SMALL_PT)
    header_style.paragraph_format.tab_stops.clear_all()  # the template's are for Letter paper
    header_style.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    header = section.header.paragraphs[0]
    header.style = header_style
    header.add_run(f"{document.agency}　{document.title}\t公告日期：{document.published_on_text}")
    footer = section.footer.paragraphs[0]
    footer.style = footer_style
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in ("第 ", "PAGE", " 頁，共 ", "NUMPAGES", " 頁"):  # 「第 N 頁，共 M 頁」
        if part.isupper():
            footer._p.append(_field(part))
        else:
            footer.add_run(part)


def _field(instruction: str) -> BaseOxmlElement:
    """A simple field (PAGE, NUMPAGES) whose shown value Word and LibreOffice recompute."""
    field = _element("w:fldSimple", instr=f" {instruction} ")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


def _title(word: WordDocument, document: Document, styles: Styles) -> None:
    _add_paragraph(word, styles["Title"], document.agency)
    _add_paragraph(word, styles["Title"], document.title)
    published = word.add_paragraph(f"公告日期：{document.published_on_text}")
    published.alignment = WD_ALIGN_PARAGRAPH.RIGHT


# --- blocks ---------------------------------------------------------------------------------


def _add_paragraph(word: WordDocument, style_id: str | None, text: str = "") -> WordParagraph:
    paragraph = word.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _block(word: WordDocument, block: Block, styles: Styles) -> None:
    match block:
        case Heading():
            _add_paragraph(word, styles[HEADING_STYLES.get(block.level, "Heading 4")], block.text)
        case Paragraph():
            _paragraph(word, block, styles)
        case Image():
            _image(word, block, styles)
        case Table():
            _table(word, block, styles)


def _paragraph(word: WordDocument, paragraph: Paragraph, styles: Styles) -> None:
    if not (paragraph.label + paragraph.text).strip():
        return  # a blank line of the Word document
    added = _add_paragraph(word, styles[paragraph.style])
    if paragraph.label:
        added.add_run(paragraph.label).bold = True
    if paragraph.text:
        added.add_run(paragraph.text)


def _image(word: WordDocument, image: Image, styles: Styles) -> None:
    """The budget chart as a picture with its title below; any other picture as italic text."""
    if image.trend is None:
        word.add_paragraph().add_run(image.text).italic = True
        return
    png = budget_chart_png(image.trend, show_title=False)
    holder = word.add_paragraph()
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture = holder.add_run().add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
    picture._inline.docPr.set("descr", budget_chart_description(image.trend))
    picture._inline.docPr.set("title", image.text)  # the source's [image: …] line
    _add_paragraph(word, styles["ChartTitle"], budget_chart_title(image.trend))


# --- tables ---------------------------------------------------------------------------------


def _table(word: WordDocument, table: Table, styles: Styles) -> None:
    widths: list[Length] = [Cm(width) for width in column_widths(table, TEXT_WIDTH_CM)]
    grid = word.add_table(rows=len(table.rows), cols=len(widths))
    grid._tbl.tblStyle_val = "TableGrid"  # by id: `grid.style = …` walks every style
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    if table.caption:  # the table's title for screen readers (Word's alt text)
        grid._tbl.tblPr.append(_element("w:tblCaption", val=table.caption))
    rows = list(grid.rows)
    for row in rows[: repeated_header_rows(table)]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    cells = [row.cells for row in rows]  # row.cells: table.cell(r, c) is 5× slower
    merges = [_fill_row(table, index, cells, widths, styles) for index in range(len(rows))]
    for first, last in (merge for row_merges in merges for merge in row_merges):
        first.merge(last)


def _fill_row(
    table: Table, index: int, cells: list[tuple[_Cell, ...]], widths: list[Length], styles: Styles
) -> list[tuple[_Cell, _Cell]]:
    """Fill row `index`; return the merges (top-left and bottom-right cells) it starts."""
    merges, column, word_cells = [], 0, cells[index]
    for cell in table.rows[index]:
        for offset in range(column, column + cell.colspan):
            word_cells[offset].width = widths[offset]
        if not cell.covered:
            _cell(word_cells[column], cell, styles, heading=index < table.header_rows)
            last = cells[index + cell.rowspan - 1][column + cell.colspan - 1]
            if last is not word_cells[column]:
                merges.append((word_cells[column], last))
        column += cell.colspan
    return merges


def _cell(word_cell: _Cell, cell: Cell, styles: Styles, *, heading: bool) -> None:
    paragraph = word_cell.paragraphs[0]
    paragraph._p.style = styles["table"]
    text = cell_text(cell)
    if text:
        run = paragraph.add_run(text)
        if heading:
            run.bold = True
    if heading:
        properties = word_cell._tc.get_or_add_tcPr()
        properties.append(_element("w:shd", val="clear", color="auto", fill=HEADER_FILL))
