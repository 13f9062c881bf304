"""Reports that LibreOffice saved (our ODT as DOCX, our DOCX as ODT) import as the text export."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from govperf.evaluation.models import Cycle
from govperf.imports.archive import Archive
from govperf.imports.services import report_check_document, report_check_text
from govperf.reports.builder import document_build
from govperf.reports.render_docx import render_docx
from govperf.reports.render_odt import render_odt
from govperf.reports.render_text import render_text
from tests.imports.documents import content

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.once,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
    ),
]


def converted(source: Path, extension: str) -> bytes:
    """`source` saved by LibreOffice as `extension`, with a profile of its own."""
    assert SOFFICE is not None
    outdir = source.parent / "out"
    profile = (source.parent / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
    subprocess.run(
        [*command, extension, "--outdir", str(outdir), str(source)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return (outdir / f"{source.stem}.{extension}").read_bytes()


def spaces_as_empty(node: Any) -> Any:
    """LibreOffice drops a cell's lone no-break space when it reads a DOCX: it reads empty."""
    if isinstance(node, dict):
        return {key: spaces_as_empty(value) for key, value in node.items()}
    if isinstance(node, list):
        return [spaces_as_empty(item) for item in node]
    return "" if isinstance(node, str) and not node.strip() else node


def test_our_odt_saved_as_docx_by_libreoffice_imports_as_the_text(
    imported_cycle: Cycle, tmp_path: Path
) -> None:
    document = document_build(imported_cycle)
    (tmp_path / "report.odt").write_bytes(render_odt(document))
    data = converted(tmp_path / "report.odt", "docx")
    from_text = report_check_text(text=render_text(document), source="report.txt").report
    from_word = report_check_document(archive=Archive(data, "report.docx")).report
    assert content(from_word) == content(from_text)


def test_our_docx_saved_as_odt_by_libreoffice_imports_as_the_text(
    imported_cycle: Cycle, tmp_path: Path
) -> None:
    document = document_build(imported_cycle)
    (tmp_path / "report.docx").write_bytes(render_docx(document))
    data = converted(tmp_path / "report.docx", "odt")
    from_text = report_check_text(text=render_text(document), source="report.txt").report
    from_odt = report_check_document(archive=Archive(data, "report.odt")).report
    assert spaces_as_empty(content(from_odt)) == spaces_as_empty(content(from_text))
