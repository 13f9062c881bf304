"""`govperf build-report`: files named after the cycle, clear errors for what it cannot do."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from govperf.evaluation.models import Cycle
from govperf.reports.builder import document_build
from govperf.reports.formats import RENDERERS
from govperf.reports.render_text import render_text

pytestmark = pytest.mark.django_db


def test_builds_every_format_of_the_only_cycle(
    imported_cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("build_report", "--out", str(tmp_path))
    paths = [tmp_path / f"外交部-107-施政績效報告.{format}" for format in RENDERERS]
    assert capsys.readouterr().out.split() == [str(path) for path in paths]
    html = tmp_path / "外交部-107-施政績效報告.html"
    text = tmp_path / "外交部-107-施政績效報告.txt"
    assert (tmp_path / "外交部-107-施政績效報告.pdf").read_bytes().startswith(b"%PDF")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert text.read_text(encoding="utf-8") == render_text(document_build(imported_cycle))


def test_one_format_for_a_named_cycle(imported_cycle: Cycle, tmp_path: Path) -> None:
    call_command(
        "build_report",
        "--agency",
        "外交部",
        "--year",
        "107",
        "--format",
        "txt",
        "--out",
        str(tmp_path),
    )
    assert [path.name for path in tmp_path.iterdir()] == ["外交部-107-施政績效報告.txt"]


def test_unknown_format_names_the_supported_ones(imported_cycle: Cycle, tmp_path: Path) -> None:
    supported = "、".join(RENDERERS)
    with pytest.raises(CommandError, match=f"不支援的格式：rtf；支援的格式：{supported}"):
        call_command("build_report", "--format", "html,rtf", "--out", str(tmp_path))
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_several_cycles_need_agency_and_year(imported_cycle: Cycle, tmp_path: Path) -> None:
    Cycle.objects.create(agency=imported_cycle.agency, year=108, title="108年度施政績效報告")
    with pytest.raises(CommandError, match=r"不只一個.*外交部 107年度、外交部 108年度"):
        call_command("build_report", "--out", str(tmp_path))


def test_a_missing_cycle_lists_those_present(imported_cycle: Cycle, tmp_path: Path) -> None:
    with pytest.raises(
        CommandError, match="找不到評估年度：外交部 106年度；資料庫中有：外交部 107年度"
    ):
        call_command("build_report", "--agency", "外交部", "--year", "106", "--out", str(tmp_path))


def test_an_empty_database_says_to_import_first(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="import-report"):
        call_command("build_report", "--out", str(tmp_path))
