"""`govperf demo --no-serve` prepares everything the demo shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from govperf.demo.people import DEMO_PASSWORD, PEOPLE
from govperf.evaluation.models import Cycle, KpiYear
from govperf.reports.formats import RENDERERS
from govperf.workflow.models import Deadline, UnitSubmission

pytestmark = pytest.mark.django_db


@pytest.fixture
def twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    call_command("demo", "--no-serve", "--out", str(tmp_path))
    first = capsys.readouterr().out
    call_command("demo", "--no-serve", "--out", str(tmp_path))
    return first, capsys.readouterr().out


def test_demo_imports_builds_and_exports(tmp_path: Path, twice: tuple[str, str]) -> None:
    first, second = twice
    assert "外交部 107年度：已匯入" in first
    assert "外交部 107年度：已存在，內容相同" in second
    reports = {path.suffix.lstrip(".") for path in (tmp_path / "reports").iterdir()}
    assert reports == set(RENDERERS)
    assert all("-107-" in path.name for path in (tmp_path / "reports").iterdir())
    opendata = {path.name for path in (tmp_path / "opendata").iterdir()}
    assert opendata == {f"govperf-opendata.{f}" for f in ("json", "csv", "xlsx")} | {
        "data-dictionary.csv"
    }
    assert get_user_model().objects.get(username="admin").is_superuser


def test_demo_opens_108_and_keeps_107_published(twice: tuple[str, str]) -> None:
    first, second = twice
    assert "外交部 108年度：已建立並開始填報" in first
    assert "外交部 108年度：已存在（填報中）" in second
    states = dict(Cycle.objects.values_list("year", "state"))
    assert states == {107: Cycle.State.PUBLISHED, 108: Cycle.State.OPEN}
    units = set(UnitSubmission.objects.filter(cycle__year=108).values_list("unit__name", flat=True))
    assert units == {"亞太司", "國際組織司", "國際傳播司"}
    assert KpiYear.objects.filter(cycle_kpi__cycle__year=108, year=108).exists()
    steps = (
        Deadline.objects.filter(cycle__year=108).order_by("due_on").values_list("step", flat=True)
    )
    assert list(steps) == ["open", "unit_response", "revision", "approval"]


def test_demo_prints_every_account_with_its_password_on_each_run(
    twice: tuple[str, str],
) -> None:
    for output in twice:
        for person in PEOPLE:
            line = next(line for line in output.splitlines() if line.startswith(person.username))
            assert DEMO_PASSWORD in line
            assert person.role.label_zh in line
            assert (person.unit or "—") in line
    assert get_user_model().objects.get(username="staff-asia").check_password(DEMO_PASSWORD)
