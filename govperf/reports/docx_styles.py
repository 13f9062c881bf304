"""styles.xml of our Word reports: explicit fonts and zh-TW everywhere, headings, cover, TOC and
table text; every style id here is one the body writer uses."""

from __future__ import annotations

from govperf.reports.docx_parts import FONT, LANGUAGE, TEXT_W, W_NS, XML_HEAD

BODY, SMALL, TABLE = 24, 20, 18  # half-points: 12, 10 and 9 pt
HEADING_SIZES = {"Heading1": 32, "Heading2": 28, "Heading3": 26, "Heading4": 24}
# Document levels (2 壹、 3 一、 4 （一） 5 １、; 1 the title) → style ids
HEADING_STYLES = {1: "Title", 2: "Heading1", 3: "Heading2", 4: "Heading3", 5: "Heading4"}
TOC_LEVELS = 3  # the table of contents lists Heading1–3: 壹、 一、 （一）
BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'


def run_properties(size: int, *, bold: bool = False) -> str:
    """Fonts for every script (no theme font: the default one is Japanese), size and zh-TW."""
    return (
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        f'{"<w:b/><w:bCs/>" if bold else ""}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        f'<w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/></w:rPr>'
    )


def _style(
    style_id: str, name: str, ppr: str, size: int, *, bold: bool = False, extra: str = ""
) -> str:
    """A paragraph style on Normal; `ppr` the inside of its w:pPr, in the schema's order."""
    based = '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>' if style_id != "Normal" else ""
    default = ' w:default="1"' if style_id == "Normal" else ""
    return (
        f'<w:style w:type="paragraph"{default} w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f"{based}{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr>{run_properties(size, bold=bold)}"
        "</w:style>"
    )


def _spacing(before: int = 0, after: int = 0, line: int = 240) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="auto"/>'


def _headings() -> list[str]:
    """Heading 1–4: bold, kept with the block that follows, in the outline (and the TOC)."""
    keep = "<w:keepNext/><w:keepLines/>"
    styles = []
    for level, (style_id, size) in enumerate(HEADING_SIZES.items(), start=1):
        ppr = f'{keep}{_spacing(size * 12, 80, 276)}<w:outlineLvl w:val="{level - 1}"/>'
        styles.append(_style(style_id, f"heading {level}", ppr, size, bold=True))
    return styles


def _tocs() -> list[str]:
    """TOC 1–4: indented by level, the page number at the right margin after a dotted leader."""
    tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
    return [
        _style(
            f"TOC{n}",
            f"toc {n}",
            f'{tab}{_spacing(0, 60, 276)}<w:ind w:left="{(n - 1) * 480 + 480}" w:hanging="480" '
            'w:right="0"/>',
            BODY if n == 1 else SMALL + 2,
            bold=n == 1,
        )
        for n in range(1, 5)
    ]


def _paragraph_styles() -> list[str]:
    center, right = '<w:jc w:val="center"/>', '<w:jc w:val="right"/>'
    return [
        _style("Normal", "Normal", _spacing(0, 120, 300), BODY),
        _style("Title", "Title", f"<w:keepNext/>{_spacing(240, 240, 276)}{center}", 44, bold=True),
        _style("CoverAgency", "Cover Agency", f"{_spacing(3600, 480, 276)}{center}", 36, bold=True),
        _style("CoverDate", "Cover Date", f"{_spacing(2400, 0, 276)}{center}", 28),
        _style("CoverNote", "Cover Note", f"{_spacing(240, 0, 276)}{center}", SMALL),
        _style(
            "TOCHeading",
            "TOC Heading",
            f"<w:pageBreakBefore/>{_spacing(0, 360)}{center}",
            32,
            bold=True,
        ),
        *_headings(),
        *_tocs(),
        _style("Caption", "caption", f"{_spacing(60, 120)}{center}", SMALL, bold=True),
        _style("ChartTitle", "Chart Title", f"{_spacing(60, 240)}{center}", SMALL, bold=True),
        _style("UnitLine", "Unit Line", f"<w:keepNext/>{_spacing(0, 40)}{right}", SMALL),
        _style("TableText", "Table Text", _spacing(0, 0), TABLE),
        _style("TableNote", "Table Note", _spacing(40, 160), SMALL),
        _style(
            "Header",
            "header",
            f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>{_spacing()}',
            SMALL,
        ),
        _style("Footer", "footer", f"{_spacing()}{center}", SMALL),
    ]


def _table_styles() -> str:
    borders = "".join(
        f"<w:{side} {BORDER}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    margins = (
        '<w:tblCellMar><w:top w:w="20" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>'
        '<w:bottom w:w="20" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>'
    )
    return (
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal '
        f'Table"/><w:tblPr>{margins}</w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
        f"{borders}</w:tblBorders>{margins}</w:tblCellMar></w:tblPr></w:style>"
    )


def styles() -> str:
    defaults = (
        f"<w:docDefaults><w:rPrDefault>{run_properties(BODY)}</w:rPrDefault>"
        "<w:pPrDefault><w:pPr><w:widowControl/></w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return (
        f'{XML_HEAD}<w:styles xmlns:w="{W_NS}">{defaults}{"".join(_paragraph_styles())}'
        f"{_table_styles()}</w:styles>"
    )


STYLES_XML = styles()  # the same for every report: written once
