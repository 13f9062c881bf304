"""The report formats govperf publishes, each a renderer of the format-neutral document."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module

from govperf.reports.document import Document

Renderer = Callable[[Document], str | bytes]


def _loaded_on_use(module: str) -> Renderer:
    """`govperf.reports.<module>.<module>`, imported when a document is first rendered: a
    command that renders one format (or none) does not load python-docx, odfpy and Typst."""

    def render(document: Document) -> str | bytes:
        renderer: Renderer = getattr(import_module(f"govperf.reports.{module}"), module)
        return renderer(document)

    render.__name__ = render.__qualname__ = module
    return render


RENDERERS: dict[str, Renderer] = {
    "html": _loaded_on_use("render_html"),
    "pdf": _loaded_on_use("render_pdf"),
    "docx": _loaded_on_use("render_docx"),
    "odt": _loaded_on_use("render_odt"),
    "txt": _loaded_on_use("render_text"),
}
# Typst lays a PDF out in Rust without Python's lock: it can render beside the other formats.
OUTSIDE_THE_LOCK = frozenset({"pdf"})


def report_render(document: Document, format: str) -> bytes:
    """The document in `format` as the bytes of its file (text formats in UTF-8)."""
    output = RENDERERS[format](document)
    return output.encode("utf-8") if isinstance(output, str) else output


def reports_render(document: Document, formats: Iterable[str]) -> dict[str, bytes]:
    """The document in each of `formats`, in their order. The PDF renders in a thread meanwhile:
    a process's first Typst compile (fonts, layout; about 0.3 s) then costs it no time."""
    wanted = list(dict.fromkeys(formats))
    beside = [format for format in wanted if format in OUTSIDE_THE_LOCK]
    if not beside or len(wanted) == 1:
        return {format: report_render(document, format) for format in wanted}
    with ThreadPoolExecutor(max_workers=len(beside)) as pool:
        pending = {format: pool.submit(report_render, document, format) for format in beside}
        here = {f: report_render(document, f) for f in wanted if f not in pending}
        return {f: here[f] if f in here else pending[f].result() for f in wanted}
