"""Render a report document as the text export of a Word document (the sample's format)."""

from __future__ import annotations

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


def render_text(document: Document) -> str:
    """The document as text: one line per paragraph, a table cell per tab-led line. The
    header's lines as the sample's, then the published version's note (「第 2 版（更正）：…」);
    a draft ends its header with the draft's note instead."""
    lines = [document.agency, document.title, f"公告日期：{document.published_on_text}"]
    note = DRAFT_NOTE if document.draft else version_note(document)
    if note:
        lines.append(note)
    for block in document.blocks:
        lines.extend(_block_lines(block))
    return "\n".join(lines) + "\n"


def _block_lines(block: Block) -> list[str]:
    match block:
        case Heading() | Image():
            return [block.text]
        case Paragraph():
            return [block.label + block.text]
        case Table():
            return _table_lines(block)


def _table_lines(table: Table) -> list[str]:
    """Each cell on a line led by a tab (its further lines follow untabbed), a blank line after
    each row and one more after the table; merged cells print once, covered cells empty."""
    lines: list[str] = []
    for row in table.rows:
        lines.extend("\t" + ("" if cell.covered else cell.text) for cell in row)
        lines.append("")
    lines.append("")
    return lines
