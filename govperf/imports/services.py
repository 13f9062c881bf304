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
from govperf.imports.checks import report_problems
from govperf.imports.errors import Problem, ReportImportError
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


def report_check_file(*, path: Path) -> CheckedReport:
    """Read, parse and check one file; raises ReportImportError naming every problem."""
    try:
        text = path.read_bytes().decode("utf-8")  # line endings as saved: normalised below
    except (OSError, UnicodeDecodeError) as error:
        raise ReportImportError([Problem(str(path), 0, f"無法讀取檔案（{error}）")]) from error
    return report_check_text(text=text, source=str(path))


def report_check_text(*, text: str, source: str) -> CheckedReport:
    """Parse and check a text export; the fingerprint is of its normalised text."""
    text = normalised_text(text)
    report = parse_text_report(text, source=source)
    problems = report_problems(report)
    if problems:
        raise ReportImportError(problems)
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
