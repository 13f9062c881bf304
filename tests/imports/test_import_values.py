"""An imported report's numbers and texts must fit the columns they are stored in."""

from __future__ import annotations

from pathlib import Path

import pytest

from govperf.evaluation.models import Cycle
from govperf.imports.errors import ReportImportError
from govperf.imports.services import reports_import_files

pytestmark = pytest.mark.django_db


def imported(tmp_path: Path, text: str) -> ReportImportError:
    path = tmp_path / "variant.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReportImportError) as raised:
        reports_import_files(paths=[path])
    return raised.value


def test_a_target_too_large_for_its_column_is_refused_by_line(
    db: None, sample_text: str, tmp_path: Path
) -> None:
    huge = "1" * 30
    error = imported(tmp_path, sample_text.replace("\t95人次\n", f"\t{huge}人次\n", 1))
    line = sample_text[: sample_text.index("\t95人次\n")].count("\n") + 1
    assert [problem.line for problem in error.problems] == [line]
    assert "整數部分最多 14 位" in error.problems[0].message
    assert not Cycle.objects.exists()


def test_a_nul_in_a_paragraph_is_refused_by_line(
    db: None, sample_text: str, tmp_path: Path
) -> None:
    error = imported(tmp_path, sample_text.replace("本部依循", "本部\x00依循", 1))
    assert "空字元" in error.problems[0].message
    line = sample_text[: sample_text.index("本部依循")].count("\n") + 1
    assert [problem.line for problem in error.problems] == [line]
    assert not Cycle.objects.exists()
