"""Every write records who and why through one helper; one reader shows the change lists."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from govperf.evaluation.entry_save import Entry, StaleEntry, kpi_year_enter
from govperf.evaluation.history import kpi_year_history
from govperf.evaluation.models import Cycle, Goal, KpiYear
from govperf.records.write import recorded_save
from govperf.workflow.deadlines import deadlines_set
from tests.workflow.helpers import open_year

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


HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司; target 95人次, actual 108人次


def _year(cycle: Cycle) -> KpiYear:
    return KpiYear.objects.get(
        cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=HIGH_LEVEL, year=cycle.year
    )


def _section(page: str, heading: str) -> str:
    """The page after the heading or caption itself (its text also labels the table's region)."""
    return re.split(f"{heading}</(?:h2|caption)>", page)[1]


@pytest.fixture
def open_cycle(people, draft_cycle) -> Cycle:  # type: ignore[no-untyped-def]
    return open_year(people["planning"], draft_cycle)


@pytest.mark.django_db
def test_the_kpi_history_shows_values_as_typed_and_lights_as_symbols(
    client: Client, people, open_cycle: Cycle
) -> None:  # type: ignore[no-untyped-def]
    year = _year(open_cycle)
    year.actual_text, year.actual_value, year.actual_unit = "84.21%", Decimal("84.21"), "%"
    year.initial_light, year.initial_light_text = "yellow", "▲"
    recorded_save(year, actor=people["planning"], reason="核對實際值")
    client.force_login(people["planning"])
    page = client.get(reverse("evaluation:kpi", args=[year.pk])).content.decode()
    history = _section(page, "異動紀錄")
    assert "84.21%" in history and "▲ 黃燈" in history and "核對實際值" in history
    assert "84.210000" not in history and "yellow" not in history
    assert "planning" in history


@pytest.mark.django_db
def test_a_stale_save_lists_the_typed_text_not_the_parsed_number(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = _year(open_cycle)
    loaded = year.version
    kpi_year_enter(
        actor=people["staff-asia"],
        kpi_year_id=year.pk,
        entry=Entry(version=loaded, actual_text="120人次", analysis=year.analysis),
    )
    with pytest.raises(StaleEntry) as stale:
        kpi_year_enter(
            actor=people["planning"],
            kpi_year_id=year.pk,
            entry=Entry(version=loaded, actual_text="99人次", analysis=year.analysis),
        )
    shown = {(c.field, c.before, c.after) for c in stale.value.changes}
    assert ("實際值（原文）", "108人次", "120人次") in shown
    assert not [c for c in stale.value.changes if c.after in {"120", "120.000000"}]


@pytest.mark.django_db
def test_the_cycle_page_shows_states_and_moved_due_dates_in_the_chosen_language(
    client: Client, people, open_cycle: Cycle
) -> None:  # type: ignore[no-untyped-def]
    later = {"unit_response": date(2030, 3, 1), "revision": date(2030, 4, 1)}
    later["approval"] = date(2030, 5, 1)
    deadlines_set(actor=people["planning"], cycle=open_cycle, due=later, reason="配合延後")
    for day, reason in ((date(2030, 1, 15), ""), (date(2030, 1, 31), "颱風延後")):
        deadlines_set(actor=people["planning"], cycle=open_cycle, due={"open": day}, reason=reason)
    client.force_login(people["planning"])
    page = client.get(reverse("workflow:cycle", args=[open_cycle.pk])).content.decode()
    moved = _section(page, "期限異動").split("</table>")[0]
    assert "2030-01-15" in moved and "2030-01-31" in moved and "颱風延後" in moved
    assert (
        "planning" in moved and moved.count("<tr>") == 6
    )  # the heading, three later steps moved once, open twice
    assert "填報中" in _section(page, "狀態歷程") and "open<" not in page
    client.cookies["django_language"] = "en"
    english = client.get(reverse("workflow:cycle", args=[open_cycle.pk])).content.decode()
    history = _section(english, "State history")
    assert "Units reporting" in history and "填報中" not in history
    assert "Due dates changed" in english


@pytest.mark.django_db
def test_a_record_without_a_person_reads_as_the_system(imported_cycle: Cycle) -> None:
    with translation.override("zh-hant"):
        changes = kpi_year_history(_year(imported_cycle))
    assert {(c.who, c.field, c.reason) for c in changes} == {("（系統）", "建立", "匯入已公告報告")}
