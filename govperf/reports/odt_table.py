"""Report tables in ODT: the shared layout plan (table_layout) translated into ODF table markup.

Rows never break across pages (keep-together); the rows a merged cell spans, and the header rows
with the first body row, stay on one page: their paragraphs keep with the next paragraph, which
LibreOffice applies to table rows when the document sets TableRowKeep (odt_styles.settings).
"""

from __future__ import annotations

from odf import table as odf_table
from odf import text as odf_text
from odf.element import Element
from odf.opendocument import OpenDocumentText
from odf.style import (
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TableRowProperties,
    TextProperties,
)
from odf.teletype import addTextToElement

from govperf.reports.document import Cell, Table
from govperf.reports.table_layout import (
    FILL_COLOURS,
    TEXT_WIDTH_CM,
    Align,
    CellLayout,
    cells_laid_out,
    column_count,
    column_widths,
    repeated_header_rows,
    row_groups,
)

BOLD = {"fontweight": "bold", "fontweightasian": "bold", "fontweightcomplex": "bold"}
BORDER = "0.5pt solid #000000"
CELL_PADDING = "0.1cm"  # as Word's default cell margins, near enough
ROW_STYLE = "row"  # every table row: never split across pages
TEXT_ALIGN: dict[Align, str] = {"left": "start", "center": "center", "right": "end"}


class TableStyles:
    """The automatic styles of a file's tables: one per distinct fill, per alignment × bold ×
    keep, made when first used, never one per cell."""

    def __init__(self, odt: OpenDocumentText) -> None:
        self.odt = odt
        self.names: set[str] = set()
        self._add(_row_style())

    def _add(self, style: Element) -> str:
        self.odt.automaticstyles.addElement(style)
        name: str = style.getAttribute("name")
        self.names.add(name)
        return name

    def cell(self, fill: str, *, open_top: bool = False, open_bottom: bool = False) -> str:
        """A bordered cell in its fill; a row label merged down by hand is open where its
        cells meet (see _label_runs)."""
        name = "-".join(["cell", fill, "t" * open_top + "b" * open_bottom]).rstrip("-")
        if name in self.names:
            return name
        colour = {"backgroundcolor": f"#{FILL_COLOURS[fill]}"} if fill else {}
        if open_top or open_bottom:
            top, bottom = ("none" if o else BORDER for o in (open_top, open_bottom))
            borders = {"borderleft": BORDER, "borderright": BORDER}
            borders |= {"bordertop": top, "borderbottom": bottom}
        else:
            borders = {"border": BORDER}
        style = Style(name=name, family="table-cell")
        style.addElement(
            TableCellProperties(padding=CELL_PADDING, verticalalign="middle", **borders, **colour)
        )
        return self._add(style)

    def paragraph(self, align: Align, *, bold: bool, keep: bool) -> str:
        name = f"cell-{align}{'-bold' if bold else ''}{'-keep' if keep else ''}"
        if name in self.names:
            return name
        style = Style(name=name, family="paragraph", parentstylename="Table_20_Contents")
        kept = {"keepwithnext": "always"} if keep else {}
        style.addElement(ParagraphProperties(textalign=TEXT_ALIGN[align], **kept))
        if bold:
            style.addElement(TextProperties(**BOLD))
        return self._add(style)


def _row_style() -> Element:
    style = Style(name=ROW_STYLE, family="table-row")
    style.addElement(TableRowProperties(keeptogether="always"))
    return style


def table_element(
    styles: TableStyles, table: Table, name: str, *, keep_with_note: bool = False
) -> Element:
    """Columns sized by the plan, the header rows repeated on each page, merges as ODF has them:
    a spanning cell, then covered cells for every other position it takes; with
    `keep_with_note`, the last row stays on the page of the note under the table."""
    style = _table_style(styles, table, name, keep_with_note)
    element = odf_table.Table(name=name, stylename=style)
    if table.caption:  # the table's title for screen readers
        element.addElement(odf_table.Title(text=table.caption))
    for index in range(column_count(table)):
        element.addElement(odf_table.TableColumn(stylename=f"{name}.{index}"))
    last_rows = {group[-1] for group in row_groups(table)}
    laid_out = cells_laid_out(table)
    labels = _label_runs(table, laid_out)
    rows = [
        _row(styles, row, laid_out[index], labels[index], keep=index not in last_rows)
        for index, row in enumerate(table.rows)
    ]
    header = repeated_header_rows(table)
    if header:
        header_rows = odf_table.TableHeaderRows()
        for row in rows[:header]:
            header_rows.addElement(row)
        element.addElement(header_rows)
    for row in rows[header:]:
        element.addElement(row)
    return element


def _table_style(styles: TableStyles, table: Table, name: str, keep_with_next: bool) -> str:
    """The table's style (as wide as the text, centred) and one style per column width."""
    style = Style(name=name, family="table")
    keep = {"keepwithnext": "always"} if keep_with_next else {}
    style.addElement(TableProperties(width=f"{TEXT_WIDTH_CM}cm", align="center", **keep))
    styles.odt.automaticstyles.addElement(style)
    for index, width in enumerate(column_widths(table, TEXT_WIDTH_CM)):
        column = Style(name=f"{name}.{index}", family="table-column")
        column.addElement(TableColumnProperties(columnwidth=f"{width:.3f}cm"))
        styles.odt.automaticstyles.addElement(column)
    return name


# A row label merged down the first column, in one of its rows: the label's fill, and whether
# its cell there is open to the row above and to the row below.
LabelRun = tuple[str, bool, bool]


def _label_runs(table: Table, laid_out: list[list[CellLayout]]) -> list[LabelRun | None]:
    """Per row, where a row label merged down the first column is: LibreOffice keeps a row with
    the next one only when the row's first cell is a real cell with a paragraph that keeps (a
    covered cell never does), so such a label is one cell per row, the first holding the text,
    with no border between them: it looks merged and a page cannot break inside its rows.
    Repeated header rows keep their real merges (they never break)."""
    runs: list[LabelRun | None] = [None] * len(table.rows)
    for index, row in enumerate(table.rows):
        if index < repeated_header_rows(table) or not row or row[0].covered or row[0].rowspan < 2:
            continue
        fill, last = laid_out[index][0].fill, min(index + row[0].rowspan, len(table.rows)) - 1
        for below in range(index, last + 1):
            runs[below] = (fill, below > index, below < last)
    return runs


def _row(
    styles: TableStyles,
    row: tuple[Cell, ...],
    laid_out: list[CellLayout],
    label: LabelRun | None,
    *,
    keep: bool,
) -> Element:
    element = odf_table.TableRow(stylename=ROW_STYLE)
    printed = iter(laid_out)
    for position, cell in enumerate(row):
        run = label if position == 0 else None
        if cell.covered and run is not None:  # the label's cell in a lower row: empty
            element.addElement(_label_cell(styles, cell, run, keep=keep))
            covered = cell.colspan - 1
        elif cell.covered:
            covered = cell.colspan
        else:
            element.addElement(_cell(styles, next(printed), run, keep=keep))
            covered = cell.colspan - 1
        for _ in range(covered):
            element.addElement(odf_table.CoveredTableCell())
    return element


def _cell(styles: TableStyles, layout: CellLayout, run: LabelRun | None, *, keep: bool) -> Element:
    """A cell in its fill, one paragraph per line of its text, aligned as the plan says."""
    spans = {}
    if layout.cell.colspan > 1:
        spans["numbercolumnsspanned"] = str(layout.cell.colspan)
    if layout.cell.rowspan > 1 and run is None:
        spans["numberrowsspanned"] = str(layout.cell.rowspan)
    style = styles.cell(layout.fill, open_bottom=run is not None)
    element = odf_table.TableCell(stylename=style, valuetype="string", **spans)
    paragraph = styles.paragraph(layout.align, bold=layout.bold, keep=keep)
    for line in layout.text.split("\n"):
        element.addElement(_paragraph(paragraph, line))
    return element


def _label_cell(styles: TableStyles, cell: Cell, run: LabelRun, *, keep: bool) -> Element:
    fill, open_top, open_bottom = run
    spans = {"numbercolumnsspanned": str(cell.colspan)} if cell.colspan > 1 else {}
    style = styles.cell(fill, open_top=open_top, open_bottom=open_bottom)
    element = odf_table.TableCell(stylename=style, valuetype="string", **spans)
    element.addElement(odf_text.P(stylename=styles.paragraph("left", bold=False, keep=keep)))
    return element


def _paragraph(style: str, text: str) -> Element:
    """Runs of spaces kept as ODF has them (text:s); tabs as text:tab."""
    paragraph = odf_text.P(stylename=style)
    if "  " in text or "\t" in text:
        addTextToElement(paragraph, text)
    elif text:
        paragraph.addText(text)
    return paragraph
