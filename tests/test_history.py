"""Every write records who and why through one helper; one reader shows the change lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govperf.evaluation.models import Cycle, Goal
from govperf.records.write import recorded_save

SOURCE = Path(__file__).resolve().parents[1] / "govperf"
HELPER = SOURCE / "records" / "write.py"
HAND_SET = re.compile(
    r"\._history_user\s*=|\._change_reason\s*=|[\"']_(history_user|change_reason)[\"']"
    r"|bulk_create_with_history\("
)


def test_no_write_sets_its_history_attribution_by_hand() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("*.py")
        if path != HELPER
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HAND_SET.search(line)
    ]
    assert found == []


def test_the_helper_itself_is_found_by_the_check() -> None:
    assert HAND_SET.search(HELPER.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_a_write_without_a_person_must_say_why_and_changes_nothing(imported_cycle: Cycle) -> None:
    goal = Goal(cycle=imported_cycle, position=99, label="（九）", name="新目標")
    with pytest.raises(ValueError, match="reason"):
        recorded_save(goal, actor=None, reason="  ")
    assert not Goal.objects.filter(name="新目標").exists()
    recorded_save(goal, actor=None, reason="系統建立")
    record = goal.history.get()  # type: ignore[attr-defined]
    assert (record.history_user, record.history_change_reason) == (None, "系統建立")


@pytest.mark.django_db
def test_the_import_writes_as_the_system_and_says_so(imported_cycle: Cycle) -> None:
    records = [imported_cycle.history.first()]
    records += [goal.history.first() for goal in imported_cycle.goals.all()]
    assert {(r.history_user, r.history_change_reason) for r in records} == {
        (None, "匯入已公告報告")
    }
