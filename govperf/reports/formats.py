"""The report formats govperf publishes, each a renderer of the format-neutral document."""

from __future__ import annotations

from collections.abc import Callable

from govperf.reports.document import Document
from govperf.reports.render_docx import render_docx
from govperf.reports.render_html import render_html
from govperf.reports.render_odt import render_odt
from govperf.reports.render_pdf import render_pdf
from govperf.reports.render_text import render_text

Renderer = Callable[[Document], str | bytes]
RENDERERS: dict[str, Renderer] = {
    "html": render_html,
    "pdf": render_pdf,
    "docx": render_docx,
    "odt": render_odt,
    "txt": render_text,
}


def report_render(document: Document, format: str) -> bytes:
    """The document in `format` as the bytes of its file (text formats in UTF-8)."""
    output = RENDERERS[format](document)
    return output.encode("utf-8") if isinstance(output, str) else output
