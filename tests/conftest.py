"""Fixtures shared by govperf's tests: the sample report, imported or as text."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mofa-107-performance-report.txt"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def imported_cycle(db):  # type: ignore[no-untyped-def]
    from govperf.imports.services import reports_import_files

    return reports_import_files(paths=[SAMPLE])[0].cycle
