"""The ODT report's named styles, A4 page with header and footer, and LibreOffice settings."""

from __future__ import annotations

from odf import text as odf_text
from odf.config import ConfigItem, ConfigItemSet
from odf.element import Element
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    FontFace,
    Footer,
    FooterStyle,
    Header,
    HeaderFooterProperties,
    HeaderStyle,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TabStop,
    TabStops,
    TextProperties,
)

from govperf.reports.document import Document, page_mark
from govperf.reports.odt_table import BOLD
from govperf.reports.table_layout import TABLE_PT, TEXT_WIDTH_CM

FONT = "Noto Sans CJK TC"  # Debian fonts-noto-cjk
# fo:language and fo:country for Latin text, the -asian pair for 中文: without the asian pair
# LibreOffice lays out ，。 the Japanese way.
LANGUAGE = {
    "language": "zh",
    "country": "TW",
    "languageasian": "zh",
    "countryasian": "TW",
}
BODY_PT, SMALL_PT = 12, 10
HEADING_PT = {1: 16, 2: 14, 3: 13, 4: 12}
# LibreOffice keeps a table row with the next one when its paragraphs keep with the next
# paragraph only with this compatibility setting on (Word does it always): the rows a merged
# cell spans then stay on one page (odt_table).
SETTINGS = {"TableRowKeep": "true"}


def styles_add(odt: OpenDocumentText, document: Document) -> None:
    """Fonts, the named styles, the page and the settings the report's blocks rely on."""
    _fonts(odt)
    for style in [*_base_styles(), *_heading_styles(), *_small_styles(), *_cover_styles()]:
        odt.styles.addElement(style)
    for style in [*_contents_styles(), *_text_styles()]:
        odt.styles.addElement(style)
    _master_page(odt, document)
    _settings(odt)


def _fonts(odt: OpenDocumentText) -> None:
    face = FontFace(name=FONT, fontfamily=f"'{FONT}'", fontfamilygeneric="swiss")
    face.setAttribute("fontpitch", "variable")
    odt.fontfacedecls.addElement(face)


def _settings(odt: OpenDocumentText) -> None:
    settings = ConfigItemSet(name="ooo:configuration-settings")
    for name, value in SETTINGS.items():
        item = ConfigItem(name=name, type="boolean")
        item.addText(value)
        settings.addElement(item)
    odt.settings.addElement(settings)


def _text_properties(size_pt: float, **extra: str) -> Element:
    """A font size (and more) for Latin, 中文 and complex scripts alike."""
    size = f"{size_pt:g}pt"
    return TextProperties(fontsize=size, fontsizeasian=size, fontsizecomplex=size, **extra)


def _paragraph_style(
    name: str, size_pt: float, *, bold: bool = False, display: str = "", **paragraph: str
) -> Element:
    style = Style(name=name, displayname=display or name.replace("_20_", " "), family="paragraph")
    style.setAttribute("parentstylename", "Standard")
    style.addElement(ParagraphProperties(**paragraph))
    style.addElement(_text_properties(size_pt, **(BOLD if bold else {})))
    return style


def _base_styles() -> list[Element]:
    fonts = {"fontname": FONT, "fontnameasian": FONT, "fontnamecomplex": FONT}
    default = DefaultStyle(family="paragraph")
    default.addElement(_text_properties(BODY_PT, **fonts, **LANGUAGE))
    standard = Style(name="Standard", family="paragraph")
    standard.setAttribute("class", "text")
    standard.addElement(ParagraphProperties(marginbottom="0.2cm"))
    standard.addElement(_text_properties(BODY_PT, **fonts, **LANGUAGE))
    return [default, standard]


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
    """Table text, the notes under a table, the unit line above one (kept with it), the chart."""
    return [
        _paragraph_style("Table_20_Contents", TABLE_PT, marginbottom="0cm"),
        _paragraph_style("Table_20_Note", SMALL_PT),
        _paragraph_style(
            "Unit_20_Line", SMALL_PT, textalign="end", marginbottom="0cm", keepwithnext="always"
        ),
        _paragraph_style(
            "Centered", BODY_PT, textalign="center", marginbottom="0cm", keepwithnext="always"
        ),
        _paragraph_style("ChartTitle", SMALL_PT, display="Chart Title", textalign="center"),
        _header_style(),
        _paragraph_style("Footer", SMALL_PT, textalign="center", marginbottom="0cm"),
    ]


def _cover_styles() -> list[Element]:
    """The cover: 機關, title and 公告日期 down the middle of a page of its own (the table of
    contents starts the next page), and the version as a note."""
    return [
        _cover_agency_style(),
        _paragraph_style("Cover_20_Title", 26, bold=True, textalign="center", margintop="0.6cm"),
        _paragraph_style("Cover_20_Date", 14, textalign="center", margintop="5cm"),
        _paragraph_style("CoverNote", SMALL_PT, display="Cover Note", textalign="center"),
    ]


def _cover_agency_style() -> Element:
    """The cover's first paragraph, which starts the page without header and footer."""
    style = _paragraph_style("Cover_20_Agency", 20, bold=True, textalign="center", margintop="7cm")
    style.setAttribute("masterpagename", "Cover")
    return style


def _contents_styles() -> list[Element]:
    """The table of contents, on a page of its own: its title, and entries with dot leaders to
    the page number against the right margin (tab stops count from the indent)."""
    title = _paragraph_style(
        "Contents_20_Heading", HEADING_PT[1], bold=True, textalign="center", breakbefore="page"
    )
    styles = [title]
    for level in (1, 2):
        indent = (level - 1) * 0.8
        style = _paragraph_style(f"Contents_20_{level}", BODY_PT, marginleft=f"{indent:g}cm")
        stops = TabStops()
        position = f"{TEXT_WIDTH_CM - indent:g}cm"
        stops.addElement(TabStop(position=position, type="right", leaderstyle="dotted"))
        style.firstChild.addElement(stops)
        styles.append(style)
    return styles


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
    # The cover: the same page without header and footer; the page after it is a Standard one.
    odt.masterstyles.addElement(
        MasterPage(name="Cover", pagelayoutname=layout, nextstylename="Standard")
    )


def _header(document: Document) -> Element:
    header = Header()
    line = odf_text.P(stylename="Header")
    mark = page_mark(document)  # 草稿, or 「第 2 版（更正）」
    shown = f"{document.agency}　{document.title}"
    line.addText(f"{mark}　{shown}" if mark else shown)
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
