"""The fixed parts of our Word package: content types, relationships, metadata, settings, styles,
header and footer, written as XML text (no template: nothing of another document comes along),
and the run and paragraph the body is written with."""

from __future__ import annotations

import re
from datetime import date

from govperf.domain.roc import RocDateError, parse_roc_date
from govperf.reports.document import Document, page_mark, version_note

__all__ = ["version_note"]  # the one note of a published version, for the cover

FONT = "Noto Sans CJK TC"  # Debian fonts-noto-cjk; Word falls back to its own CJK font
LANGUAGE = "zh-TW"  # without it LibreOffice lays out ，。 the Japanese way
TWIPS_PER_CM = 1440 / 2.54
PAGE_W, PAGE_H, MARGIN = 11906, 16838, 1134  # A4 and 2 cm, in twips
TEXT_W = PAGE_W - 2 * MARGIN  # 17 cm
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: str) -> str:
    """Text for XML content or a double-quoted attribute; characters XML cannot hold dropped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _NOT_XML.sub("", text.replace('"', "&quot;"))


def run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """A run of text; a line break and a tab as Word's own, so the text reads back the same."""
    rpr = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    if "\n" in text or "\t" in text:
        return f"<w:r>{rpr}{_broken(text)}</w:r>"
    return f"<w:r>{rpr}{_text(text)}</w:r>"


def _text(text: str) -> str:
    """A w:t; told to keep its spaces only where it has some at an end or in a row."""
    if text[:1].isspace() or text[-1:].isspace() or "  " in text:
        return f'<w:t xml:space="preserve">{esc(text)}</w:t>'
    return f"<w:t>{esc(text)}</w:t>"


def _broken(text: str) -> str:
    pieces = []
    for number, line in enumerate(text.split("\n")):
        pieces.append("<w:br/>" if number else "")
        for count, piece in enumerate(line.split("\t")):
            pieces.append("<w:tab/>" if count else "")
            pieces.append(_text(piece) if piece else "")
    return "".join(pieces)


def paragraph(
    style: str | None, runs: str, *, keep_next: bool = False, page_break: bool = False, jc: str = ""
) -> str:
    """A w:p; its properties in the schema's order (pStyle, keepNext, pageBreakBefore, jc)."""
    ppr = (
        (f'<w:pStyle w:val="{style}"/>' if style else "")
        + ("<w:keepNext/>" if keep_next else "")
        + ("<w:pageBreakBefore/>" if page_break else "")
        + (f'<w:jc w:val="{jc}"/>' if jc else "")
    )
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>" if ppr else f"<w:p>{runs}</w:p>"


# --- package ----------------------------------------------------------------------------------


def content_types(pictures: int) -> str:
    main = "application/vnd.openxmlformats-officedocument"
    parts = {
        "/word/document.xml": f"{main}.wordprocessingml.document.main+xml",
        "/word/styles.xml": f"{main}.wordprocessingml.styles+xml",
        "/word/settings.xml": f"{main}.wordprocessingml.settings+xml",
        "/word/header1.xml": f"{main}.wordprocessingml.header+xml",
        "/word/footer1.xml": f"{main}.wordprocessingml.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": f"{main}.extended-properties+xml",
    }
    overrides = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in parts.items())
    png = '<Default Extension="png" ContentType="image/png"/>' if pictures else ""
    return (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f"{png}{overrides}</Types>"
    )


def _relationships(targets: list[tuple[str, str, str]]) -> str:
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
        for rid, kind, target in targets
    )
    return (
        f'{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships">{rels}</Relationships>'
    )


def package_relationships() -> str:
    return _relationships(
        [
            ("rId1", f"{REL}/officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
                "docProps/core.xml",
            ),
            ("rId3", f"{REL}/extended-properties", "docProps/app.xml"),
        ]
    )


def document_relationships(pictures: list[str]) -> str:
    """Styles, settings, header and footer, and each picture (rIdPicture1 … → media/…)."""
    targets = [
        ("rIdStyles", f"{REL}/styles", "styles.xml"),
        ("rIdSettings", f"{REL}/settings", "settings.xml"),
        ("rIdHeader", f"{REL}/header", "header1.xml"),
        ("rIdFooter", f"{REL}/footer", "footer1.xml"),
    ]
    targets += [
        (f"rIdPicture{n}", f"{REL}/image", f"media/{name}")
        for n, name in enumerate(pictures, start=1)
    ]
    return _relationships(targets)


# --- metadata ---------------------------------------------------------------------------------


def metadata(document: Document) -> dict[str, str]:
    """The report's metadata: title, author (the agency), date (公告日期), language, version."""
    try:
        published: date | None = parse_roc_date(document.published_on_text)
    except RocDateError:
        published = None  # the date stays printed on the cover; metadata goes without it
    return {
        "title": f"{document.agency}　{document.title}".strip("　"),
        "creator": document.agency,
        "date": f"{published.isoformat()}T00:00:00Z" if published else "",
        "language": LANGUAGE,
        "version": str(document.version) if document.version else "",
    }


def core_properties(document: Document) -> str:
    """docProps/core.xml: Dublin Core title, creator, language, created and modified (the
    公告日期: the report's date, not the moment a file was built), and the version."""
    meta = metadata(document)
    dates = "".join(
        f'<dcterms:{name} xsi:type="dcterms:W3CDTF">{meta["date"]}</dcterms:{name}>'
        for name in ("created", "modified")
        if meta["date"]
    )
    return (
        f"{XML_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(meta['title'])}</dc:title><dc:creator>{esc(meta['creator'])}</dc:creator>"
        f"<cp:lastModifiedBy>{esc(meta['creator'])}</cp:lastModifiedBy>"
        f"<dc:language>{meta['language']}</dc:language>{dates}"
        + (f"<cp:version>{meta['version']}</cp:version>" if meta["version"] else "")
        + "</cp:coreProperties>"
    )


def app_properties(document: Document) -> str:
    """docProps/app.xml: the application that wrote the file and the agency; no thumbnail."""
    return (
        f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties">'
        f"<Application>govperf</Application><Company>{esc(document.agency)}</Company>"
        "<DocSecurity>0</DocSecurity></Properties>"
    )


# --- settings, header, footer -----------------------------------------------------------------


def settings() -> str:
    """No w:updateFields: Word would ask on every opening whether to update the fields."""
    return (
        f'{XML_HEAD}<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="480"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="en-US" w:eastAsia="{LANGUAGE}"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


def header(document: Document) -> str:
    """「外交部　107年度施政績效報告」 left, 「公告日期：…」 at the right margin; a draft's or a
    correction's mark (草稿, 「第 2 版（更正）」) first, in bold."""
    mark = page_mark(document)
    line = (
        (run(f"{mark}　", bold=True) if mark else "")
        + f"{run(f'{document.agency}　{document.title}')}<w:r><w:tab/></w:r>"
        f"{run(f'公告日期：{document.published_on_text}')}"
    )
    return (
        f'{XML_HEAD}<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr>'
        f'<w:pStyle w:val="Header"/></w:pPr>{line}</w:p></w:hdr>'
    )


def footer() -> str:
    """「第 N 頁，共 M 頁」 with PAGE and NUMPAGES fields that Word and LibreOffice fill in."""
    parts = []
    for part in ("第 ", "PAGE", " 頁，共 ", "NUMPAGES", " 頁"):
        if part.isupper():
            parts.append(f'<w:fldSimple w:instr=" {part} ">{run("1")}</w:fldSimple>')
        else:
            parts.append(run(part))
    return (
        f'{XML_HEAD}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr>'
        f'<w:pStyle w:val="Footer"/></w:pPr>{"".join(parts)}</w:p></w:ftr>'
    )


def section() -> str:
    """A4, 2 cm margins; the cover (first page) without header and footer."""
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" '
        f'w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="567" w:footer="567" w:gutter="0"/>'
        '<w:cols w:space="425"/><w:titlePg/></w:sectPr>'
    )
