"""`govperf cycle-action` takes a cycle's step through the same service as the web and the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from govperf.evaluation.models import Cycle
from govperf.workflow.models import Deadline

pytestmark = pytest.mark.django_db
DOORS = ["govperf/workflow/views.py", "govperf/api", "govperf/workflow/management"]
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("cycle_action", *args, stdout=out)
    return out.getvalue()


def test_publishing_from_the_command_stores_every_format(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.APPROVED)
    shown = run("--agency", "外交部", "--year", "107", "--action", "publish", "--user", "planning")
    assert "已公告第 1 版：docx、html、odt、pdf、txt" in shown
    version = draft_cycle.versions.get()
    assert version.published_by == people["planning"]
    assert version.files.count() == 5


def test_opening_from_the_command_needs_every_deadline(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    base = ["--agency", "外交部", "--year", "107", "--action", "open_year", "--user", "planning"]
    with pytest.raises(CommandError, match="請設定「單位回應截止日」"):
        run(*base, "--due-open", "2030-03-31")
    with pytest.raises(CommandError, match="--due-revision 應為 YYYY-MM-DD"):
        run(*base, "--due-revision", "明天")
    assert Cycle.objects.get(pk=draft_cycle.pk).state == "draft"
    run(*base, "--due-open", "2030-03-31", "--due-unit-response", "2030-04-30",
        "--due-revision", "2030-05-31", "--due-approval", "2030-06-30")  # fmt: skip
    assert Cycle.objects.get(pk=draft_cycle.pk).state == "open"
    assert Deadline.objects.filter(cycle=draft_cycle).count() == 4


def test_a_refused_step_says_why(people: dict[str, Any], draft_cycle: Cycle) -> None:
    with pytest.raises(CommandError, match="未執行"):
        run("--agency", "外交部", "--year", "107", "--action", "publish", "--user", "planning")
    with pytest.raises(CommandError, match="找不到外交部 109"):
        run("--agency", "外交部", "--year", "109", "--action", "publish", "--user", "planning")


def test_no_door_reaches_the_bare_state_step() -> None:
    """Views, API and commands take cycle actions only through `cycle_act`."""
    sources = [
        path
        for door in DOORS
        for path in ([ROOT / door] if door.endswith(".py") else (ROOT / door).rglob("*.py"))
    ]
    assert sources
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "cycle_state_step" not in text, path
        assert "cycle_apply" not in text, path
