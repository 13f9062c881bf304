"""Render a report document as one accessible, standalone, print-friendly HTML page."""

from __future__ import annotations

from html import escape

from govperf.reports.chart import budget_chart_svg, budget_chart_title
from govperf.reports.document import Block, Cell, Document, Heading, Image, Paragraph, Table

CSS = """
body { font-family: "Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei", sans-serif;
  line-height: 1.6; color: #111; background: #fff; max-width: 60rem; margin: 0 auto;
  padding: 1rem; }
header { border-bottom: 2px solid #333; margin-bottom: 1.5rem; }
h1 { font-size: 1.6rem; margin: .25rem 0; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #999; margin-top: 2rem; }
h3 { font-size: 1.15rem; }
h4, h5 { font-size: 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { font-weight: bold; text-align: left; padding: .25rem 0; }
th, td { border: 1px solid #555; padding: .2rem .4rem; vertical-align: top; text-align: left; }
th { background: #eee; }
.caption { text-align: right; margin-bottom: 0; }
.footnote, .caption, .image { font-size: .9rem; }
.image { border: 1px dashed #777; padding: .5rem; }
.light-green { background: #e2f3e0; }
.light-yellow { background: #fff4c2; }
.light-red { background: #fde0de; }
@page { size: A4; margin: 2cm 1.8cm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  h2, h3, h4, h5, caption { break-after: avoid; }
}
"""


def render_html(document: Document) -> str:
    """The whole page: header (機關, title, 公告日期) and every block in reading order."""
    title = f"{document.agency} {document.title}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-Hant">',
        '<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>\n</head>\n<body>\n<header>",
        f'<p class="agency">{escape(document.agency)}</p>',
        f"<h1>{escape(document.title)}</h1>",
        f'<p class="published">公告日期：{escape(document.published_on_text)}</p>',
        "</header>\n<main>",
        *(html for block in document.blocks if (html := _block_html(block))),
        "</main>\n</body>\n</html>\n",
    ]
    return "\n".join(parts)


def _block_html(block: Block) -> str:
    match block:
        case Heading():
            level = min(max(block.level, 2), 6)
            return f"<h{level}>{escape(block.text)}</h{level}>"
        case Paragraph():
            return _paragraph_html(block)
        case Image():
            return _image_html(block)
        case Table():
            return _table_html(block)


def _image_html(image: Image) -> str:
    if image.trend is None:
        return f'<p class="image" role="note">圖：{escape(image.text)}</p>'
    svg = budget_chart_svg(image.trend, show_title=False)
    caption = escape(budget_chart_title(image.trend))
    return f'<figure class="chart">{svg}<figcaption>{caption}</figcaption></figure>'


def _paragraph_html(paragraph: Paragraph) -> str:
    if not (paragraph.label + paragraph.text).strip():
        return ""  # a blank line of the Word document
    label = f"<strong>{escape(paragraph.label)}</strong>" if paragraph.label else ""
    style = "" if paragraph.style == "normal" else f' class="{paragraph.style}"'
    return f"<p{style}>{label}{escape(paragraph.text)}</p>"


def _table_html(table: Table) -> str:
    """Header rows in <thead>, unless a header cell spans down into the body (then one <tbody>)."""
    rows = [_row_html(table, index, row) for index, row in enumerate(table.rows)]
    head, body = rows[: table.header_rows], rows[table.header_rows :]
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    if _header_stays_in_head(table):
        inner = ["<thead>", *head, "</thead>", "<tbody>", *body, "</tbody>"]
    else:
        inner = ["<tbody>", *head, *body, "</tbody>"]
    return "\n".join(["<table>", *([caption] if caption else []), *inner, "</table>"])


def _header_stays_in_head(table: Table) -> bool:
    return all(
        index + cell.rowspan <= table.header_rows
        for index, row in enumerate(table.rows[: table.header_rows])
        for cell in row
    )


def _row_html(table: Table, index: int, row: tuple[Cell, ...]) -> str:
    cells, column = [], 0
    for cell in row:
        if not cell.covered:
            cells.append(_cell_html(cell, _scope(table, index, column, cell)))
        column += cell.colspan
    return f"<tr>{''.join(cells)}</tr>"


def _scope(table: Table, row: int, column: int, cell: Cell) -> str | None:
    """`col` in header rows, `row` in header columns; None for data and blank cells (<td>)."""
    if not cell.text.strip():
        return None
    if row < table.header_rows:
        return "colgroup" if cell.colspan > 1 else "col"
    return "row" if column < table.header_columns else None


def _cell_html(cell: Cell, scope: str | None) -> str:
    attributes = "".join(
        f' {name}="{value}"'
        for name, value in (("colspan", cell.colspan), ("rowspan", cell.rowspan))
        if value > 1
    )
    if cell.light is not None:  # symbol and word, never colour alone
        attributes += f' class="light-{cell.light.value}"'
        content = f"{cell.light.symbol} {cell.light.label_zh}"
    else:
        content = escape(cell.text).replace("\n", "<br>")
    if scope is None:
        return f"<td{attributes}>{content}</td>"
    return f'<th scope="{scope}"{attributes}>{content}</th>'
