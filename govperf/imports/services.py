"""Import services: files → checked reports → one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from govperf.evaluation.models import Cycle
from govperf.imports import ir
from govperf.imports.archive import Archive
from govperf.imports.checks import report_problems
from govperf.imports.docx_reader import docx_lines
from govperf.imports.errors import Problem, ReportImportError, file_problem
from govperf.imports.linearised import Linearised
from govperf.imports.odt_reader import odt_lines
from govperf.imports.textformat import normalised_text, parse_text_report
from govperf.imports.writer import cycle_write
from govperf.workflow.models import PublishedVersion
from govperf.workflow.publishing import report_files, version_store

IMPORTED_REASON = "匯入已公告報告"


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did to one cycle."""

    cycle: Cycle
    changed: bool  # False when the same report had been imported before


@dataclass(frozen=True)
class CheckedReport:
    report: ir.Report
    fingerprint: str


ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc), old Office files
NOT_A_REPORT = "不是施政績效報告的文字檔、DOCX 或 ODT 文件"


def report_check_file(*, path: Path) -> CheckedReport:
    """Read, parse and check one file (text export, DOCX or ODT, told apart by its content);
    raises ReportImportError naming every problem."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReportImportError([Problem(source, 0, f"無法讀取檔案（{error}）")]) from error
    if data.startswith(ZIP_SIGNATURE):
        return report_check_document(archive=Archive(data, source))
    if data.startswith(OLE_SIGNATURE):
        raise file_problem(
            source, f"是舊版 Word（.doc）等格式，{NOT_A_REPORT}；請另存為 DOCX 或 ODT"
        )
    try:
        text = data.decode("utf-8")  # line endings as saved: normalised below
    except UnicodeDecodeError as error:
        raise file_problem(source, f"{NOT_A_REPORT}（不是 UTF-8 文字：{error}）") from error
    return report_check_text(text=text, source=source)


def report_check_document(*, archive: Archive) -> CheckedReport:
    """Parse and check a DOCX or ODT document: its body read as the text export's lines, every
    problem told at its place in the document (段落, or 表格 第 列第 欄)."""
    kind = archive.kind()
    if kind is None:
        raise file_problem(archive.source, f"是壓縮檔，但{NOT_A_REPORT}")
    lines = docx_lines(archive) if kind == "docx" else odt_lines(archive)
    return _checked(lines.text(), archive.source, lines)


def report_check_text(*, text: str, source: str) -> CheckedReport:
    """Parse and check a text export; the fingerprint is of its normalised text."""
    return _checked(normalised_text(text), source, None)


def _checked(text: str, source: str, places: Linearised | None) -> CheckedReport:
    """Parse and check the text; a document's problems are told at their places in it."""
    try:
        report = parse_text_report(text, source=source)
    except ReportImportError as error:
        if places is None:
            raise
        raise ReportImportError(places.placed(error.problems)) from error
    problems = report_problems(report)
    if problems:
        raise ReportImportError(problems if places is None else places.placed(problems))
    return CheckedReport(report=report, fingerprint=hashlib.sha256(text.encode()).hexdigest())


def reports_import_files(
    *, paths: Iterable[Path], on_checked: Callable[[Path], None] | None = None
) -> list[ImportOutcome]:
    """Import every file, or none: all are checked first, then written in one transaction."""
    checked, problems = [], []
    for path in paths:
        try:
            checked.append(report_check_file(path=path))
        except ReportImportError as error:
            problems.extend(error.problems)
        if on_checked is not None:
            on_checked(path)
    if problems:
        raise ReportImportError(problems)
    return reports_write(checked=checked)


def reports_write(*, checked: list[CheckedReport]) -> list[ImportOutcome]:
    """Write every report in one transaction; a changed one is stored as published version 1."""
    outcomes = []
    with transaction.atomic():
        for item in checked:
            cycle, changed = cycle_write(report=item.report, fingerprint=item.fingerprint)
            if changed:
                imported_version_store(cycle=cycle, fingerprint=item.fingerprint)
            outcomes.append(ImportOutcome(cycle=cycle, changed=changed))
    return outcomes


# An imported cycle's data is a function of its file alone, so its rendered formats are too:
# rendered once per file and process (the test suite imports the sample hundreds of times).
_RENDERED: dict[str, dict[str, bytes]] = {}
_RENDERED_KEPT = 4


def imported_version_store(*, cycle: Cycle, fingerprint: str) -> PublishedVersion:
    """The imported report as published version 1, with every format rendered from its data."""
    files = _RENDERED.get(fingerprint)
    if files is None:
        files = report_files(cycle, version=1, reason=IMPORTED_REASON)
        if len(_RENDERED) >= _RENDERED_KEPT:
            _RENDERED.clear()
        _RENDERED[fingerprint] = files
    return version_store(
        cycle=cycle,
        reason=IMPORTED_REASON,
        published_on=cycle.published_on or timezone.localdate(),
        published_by=None,
        files=files,
    )
