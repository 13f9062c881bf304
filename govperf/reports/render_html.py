"""Render a report document as one accessible, standalone, print-friendly HTML page."""

from __future__ import annotations

from html import escape

from govperf.reports.chart import budget_chart_svg, budget_chart_title
from govperf.reports.document import (
    DRAFT_MARK,
    DRAFT_NOTE,
    Block,
    Document,
    Heading,
    Image,
    Paragraph,
    Table,
    version_note,
)
from govperf.reports.table_layout import FILL_COLOURS, CellLayout, cells_laid_out

CSS = """
body { font-family: "Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei", sans-serif;
  line-height: 1.6; color: #111; background: #fff; max-width: 60rem; margin: 0 auto;
  padding: 1rem; overflow-wrap: anywhere; }
header { border-bottom: 2px solid #333; margin-bottom: 1.5rem; }
h1 { font-size: 1.6rem; margin: .25rem 0; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #999; margin-top: 2rem; }
h3 { font-size: 1.15rem; }
h4, h5 { font-size: 1rem; }
a { color: #1d4f91; }
:focus-visible { outline: 3px solid #111; outline-offset: 2px; }
.toc ol { list-style: none; padding-left: 1.25rem; margin: .2rem 0; }
.toc > ol { padding-left: 0; }
.toc li { margin: .15rem 0; }
.table-scroll { overflow-x: auto; max-width: 100%; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; }
caption { font-weight: bold; text-align: left; padding: .25rem 0; }
th, td { border: 1px solid #555; padding: .2rem .4rem; vertical-align: top; text-align: left;
  overflow-wrap: normal; }
th { background: #eee; }
.align-right { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.align-center { text-align: center; }
.light-green, .light-yellow, .light-red, .light-white { white-space: nowrap; }
.caption { text-align: right; margin-bottom: 0; }
.footnote, .caption, .image { font-size: .9rem; }
.image { border: 1px dashed #777; padding: .5rem; }
figure.chart { margin: 1rem 0; }
figure.chart svg { display: block; width: 100%; max-width: 40rem; height: auto; }
.draft-banner { border: 3px solid #8a1c1c; color: #8a1c1c; background: #fff4f4;
  font-weight: bold; padding: .5rem .75rem; margin: 0 0 1rem; }
.version { font-weight: bold; }
@page { size: A4; margin: 2cm 1.8cm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .table-scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  h2, h3, h4, h5, caption { break-after: avoid; }
}
"""
LIGHT_CSS = "".join(
    f"\n.light-{fill} {{ background: #{FILL_COLOURS[fill]}; }}"
    for fill in ("green", "yellow", "red")
)


def render_html(document: Document) -> str:
    """The whole page: header (機關, title, 公告日期, the published version and why), the table
    of contents, and every block in reading order (each heading with an id the contents link
    to). A draft says 草稿 in its title and in a banner atop the header, on screen and paper."""
    title = f"{document.agency} {document.title}"
    if document.draft:
        title = f"{DRAFT_MARK}：{title}"
    blocks = [
        html for index, block in enumerate(document.blocks) if (html := _block_html(block, index))
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hant">',
        '<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}{LIGHT_CSS}\n</style>\n</head>\n<body>\n<header>",
        *_draft_banner(document),
        f'<p class="agency">{escape(document.agency)}</p>',
        f"<h1>{escape(document.title)}</h1>",
        f'<p class="published">公告日期：{escape(document.published_on_text)}</p>',
        *_version_line(document),
        "</header>",
        *_contents_html(document),
        "<main>",
        *blocks,
        "</main>\n</body>\n</html>\n",
    ]
    return "\n".join(parts)


def _draft_banner(document: Document) -> list[str]:
    if not document.draft:
        return []
    return [f'<p class="draft-banner" role="note">{escape(DRAFT_NOTE)}</p>']


def _version_line(document: Document) -> list[str]:
    note = version_note(document)
    return [f'<p class="version">{escape(note)}</p>'] if note else []


def _contents_html(document: Document) -> list[str]:
    """目錄: a nested list of links to every heading, by level (empty without headings)."""
    headings = [
        (_level(block), index, block.text)
        for index, block in enumerate(document.blocks)
        if isinstance(block, Heading)
    ]
    if not headings:
        return []
    out = ['<nav class="toc" aria-labelledby="toc-title">', '<h2 id="toc-title">目錄</h2>']
    open_levels: list[int] = []
    for level, index, text in headings:
        while open_levels and open_levels[-1] > level:
            out.append("</li></ol>")
            open_levels.pop()
        if open_levels and open_levels[-1] == level:
            out.append("</li>")
        else:
            out.append("<ol>")
            open_levels.append(level)
        out.append(f'<li><a href="#{_anchor(index)}">{escape(text)}</a>')
    out.extend("</li></ol>" for _ in open_levels)
    out.append("</nav>")
    return ["".join(out)]


def _level(heading: Heading) -> int:
    return min(max(heading.level, 2), 6)


def _anchor(index: int) -> str:
    return f"s{index}"


def _block_html(block: Block, index: int) -> str:
    match block:
        case Heading():
            level = _level(block)
            return f'<h{level} id="{_anchor(index)}">{escape(block.text)}</h{level}>'
        case Paragraph():
            return _paragraph_html(block)
        case Image():
            return _image_html(block)
        case Table():
            return _table_html(block, index)


def _image_html(image: Image) -> str:
    if image.trend is None:
        return f'<p class="image" role="note">圖：{escape(image.text)}</p>'
    svg = budget_chart_svg(image.trend, show_title=False, fluid=True)
    caption = escape(budget_chart_title(image.trend))
    return f'<figure class="chart">{svg}<figcaption>{caption}</figcaption></figure>'


def _paragraph_html(paragraph: Paragraph) -> str:
    if not (paragraph.label + paragraph.text).strip():
        return ""  # a blank line of the Word document
    label = f"<strong>{escape(paragraph.label)}</strong>" if paragraph.label else ""
    style = "" if paragraph.style == "normal" else f' class="{paragraph.style}"'
    return f"<p{style}>{label}{escape(paragraph.text)}</p>"


def _table_html(table: Table, index: int) -> str:
    """Header rows in <thead>, unless a header cell spans down into the body (then one <tbody>);
    in a region of its own that scrolls sideways on a narrow screen (named by its caption, and
    focusable so a keyboard can scroll it) while the page does not."""
    rows = [_row_html(table, row) for row in cells_laid_out(table)]
    head, body = rows[: table.header_rows], rows[table.header_rows :]
    name = f"t{index}"
    caption = f'<caption id="{name}">{escape(table.caption)}</caption>' if table.caption else ""
    if _header_stays_in_head(table):
        inner = ["<thead>", *head, "</thead>", "<tbody>", *body, "</tbody>"]
    else:
        inner = ["<tbody>", *head, *body, "</tbody>"]
    label = f'aria-labelledby="{name}"' if table.caption else 'aria-label="表格"'
    region = f'<div class="table-scroll" role="region" tabindex="0" {label}>'
    return "\n".join([region, "<table>", *([caption] if caption else []), *inner, "</table></div>"])


def _header_stays_in_head(table: Table) -> bool:
    return all(
        index + cell.rowspan <= table.header_rows
        for index, row in enumerate(table.rows[: table.header_rows])
        for cell in row
    )


def _row_html(table: Table, row: list[CellLayout]) -> str:
    return f"<tr>{''.join(_cell_html(layout, _scope(table, layout)) for layout in row)}</tr>"


def _scope(table: Table, layout: CellLayout) -> str | None:
    """`col` in header rows, `row` in header columns; None for data and blank cells (<td>)."""
    if not layout.cell.text.strip():
        return None
    if layout.row < table.header_rows:
        return "colgroup" if layout.cell.colspan > 1 else "col"
    return "row" if layout.column < table.header_columns else None


def _cell_html(layout: CellLayout, scope: str | None) -> str:
    """The plan's text (a light as symbol and word, never colour alone), alignment and fill."""
    cell = layout.cell
    attributes = "".join(
        f' {name}="{value}"'
        for name, value in (("colspan", cell.colspan), ("rowspan", cell.rowspan))
        if value > 1
    )
    classes = [f"light-{cell.light.value}"] if cell.light is not None else []
    if layout.align != "left":
        classes.append(f"align-{layout.align}")
    if classes:
        attributes += f' class="{" ".join(classes)}"'
    content = escape(layout.text).replace("\n", "<br>")
    if scope is None:
        return f"<td{attributes}>{content}</td>"
    return f'<th scope="{scope}"{attributes}>{content}</th>'
