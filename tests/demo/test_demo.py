"""`govperf demo --no-serve` prepares everything the demo shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from govperf.evaluation.models import Cycle
from govperf.reports.formats import RENDERERS

pytestmark = pytest.mark.django_db


def test_demo_imports_builds_and_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("demo", "--no-serve", "--out", str(tmp_path))
    call_command("demo", "--no-serve", "--out", str(tmp_path))
    output = capsys.readouterr().out
    assert "外交部 107年度：已匯入" in output
    assert "外交部 107年度：已存在，內容相同" in output
    assert Cycle.objects.count() == 1
    reports = {path.suffix.lstrip(".") for path in (tmp_path / "reports").iterdir()}
    assert reports == set(RENDERERS)
    opendata = {path.name for path in (tmp_path / "opendata").iterdir()}
    assert opendata == {f"govperf-opendata.{f}" for f in ("json", "csv", "xlsx")} | {
        "data-dictionary.csv"
    }
    assert get_user_model().objects.get(username="admin").is_superuser
