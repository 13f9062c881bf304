"""Entering a KPI-year's figures through the service: who, when, versions, achievement."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from govperf.domain.workflow import SubmissionAction
from govperf.evaluation.entry_save import Entry, StaleEntry, kpi_year_enter
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.policy import ChangeRefused
from govperf.workflow.models import UnitSubmission
from govperf.workflow.services import submission_apply
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司; target 95人次, actual 108人次
NGO = "協助我NGO進行國際交流"  # 國際組織司; sub-measures


def year_of(cycle: Cycle, name: str) -> KpiYear:
    return KpiYear.objects.get(cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=name, year=cycle.year)


@pytest.fixture
def open_cycle(people, draft_cycle) -> Cycle:  # type: ignore[no-untyped-def]
    return open_year(people["planning"], draft_cycle)


def entry(year: KpiYear, **typed: object) -> Entry:
    base: dict[str, object] = {
        "version": year.version,
        "actual_text": year.actual_text,
        "analysis": year.analysis,
        "missed_reason": year.missed_reason,
    }
    return Entry(**(base | typed))  # type: ignore[arg-type]


def test_staff_entry_parses_the_actual_and_recomputes_achievement(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    saved = kpi_year_enter(
        actor=people["staff-asia"],
        kpi_year_id=year.pk,
        entry=entry(year, actual_text="76人次", missed_reason="颱風取消訪問"),
    )
    saved.refresh_from_db()
    assert (saved.actual_text, saved.actual_value, saved.actual_unit) == ("76人次", 76, "人次")
    assert saved.achievement_value == Decimal("80") and saved.achievement_text == "80%"
    assert saved.version == year.version + 1
    record = saved.history.first()
    assert record.history_user == people["staff-asia"]
    assert record.history_change_reason == "網頁填報"


def test_a_missed_target_needs_a_reason_and_nothing_is_saved(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    with pytest.raises(ValidationError) as refused:
        kpi_year_enter(
            actor=people["staff-asia"],
            kpi_year_id=year.pk,
            entry=entry(year, actual_text="76人次", missed_reason=""),
        )
    assert "未達成原因分析暨因應策略" in str(refused.value.message_dict["missed_reason"])
    year.refresh_from_db()
    assert year.actual_text == "108人次" and year.version == 0


def test_a_unit_mismatch_is_refused(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    with pytest.raises(ValidationError) as refused:
        kpi_year_enter(
            actor=people["staff-asia"], kpi_year_id=year.pk, entry=entry(year, actual_text="100項")
        )
    assert "單位" in refused.value.message_dict["actual_text"][0]


def test_a_save_after_publication_is_refused_and_changes_nothing(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    year = year_of(draft_cycle, HIGH_LEVEL)
    records = year.history.count()
    for who in ("planning", "staff-asia"):
        with pytest.raises(ChangeRefused, match="已公告"):
            kpi_year_enter(
                actor=people[who], kpi_year_id=year.pk, entry=entry(year, actual_text="1人次")
            )
    year.refresh_from_db()
    assert year.actual_text == "108人次" and year.history.count() == records


def test_the_second_of_two_concurrent_saves_is_refused_with_the_changes(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    loaded = year.version
    kpi_year_enter(
        actor=people["staff-asia"], kpi_year_id=year.pk, entry=entry(year, actual_text="120人次")
    )
    with pytest.raises(StaleEntry) as stale:
        kpi_year_enter(
            actor=people["planning"],
            kpi_year_id=year.pk,
            entry=entry(year, version=loaded, actual_text="99人次"),
        )
    changes = {(c.field, c.before, c.after, c.who) for c in stale.value.changes}
    assert ("實際值（原文）", "108人次", "120人次", "staff-asia") in changes
    assert stale.value.version == loaded + 1
    year.refresh_from_db()
    assert year.actual_text == "120人次"


def test_unit_staff_may_not_enter_once_submitted_nor_for_another_unit(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    with pytest.raises(ChangeRefused):
        kpi_year_enter(actor=people["staff-io"], kpi_year_id=year.pk, entry=entry(year))
    submission = UnitSubmission.objects.get(cycle=open_cycle, unit=year.cycle_kpi.unit)
    submission_apply(
        actor=people["staff-asia"], submission=submission, action=SubmissionAction.SUBMIT
    )
    with pytest.raises(ChangeRefused, match="待主管簽核"):
        kpi_year_enter(actor=people["staff-asia"], kpi_year_id=year.pk, entry=entry(year))
    kpi_year_enter(
        actor=people["planning"], kpi_year_id=year.pk, entry=entry(year, analysis="研考補正")
    )


def test_sub_measures_sum_into_the_actual_and_a_foreign_sub_measure_is_refused(
    people, open_cycle
) -> None:  # type: ignore[no-untyped-def]
    ngo = year_of(open_cycle, NGO)
    first = ngo.sub_measures.order_by("position").first()
    kpi_year_enter(
        actor=people["staff-io"],
        kpi_year_id=ngo.pk,
        entry=entry(
            ngo, sub_actuals={first.pk: f"{int(first.actual_value) + 1}{first.actual_unit}"}
        ),
    )
    ngo.refresh_from_db()
    assert ngo.actual_value == 300 and ngo.version == 1
    assert first.history.first().history_user == people["staff-io"]
    other = year_of(open_cycle, HIGH_LEVEL)
    records = first.history.count()
    with pytest.raises(ValidationError, match="不屬於此指標"):
        kpi_year_enter(
            actor=people["staff-asia"],
            kpi_year_id=other.pk,
            entry=entry(other, sub_actuals={first.pk: "1件"}),
        )
    first.refresh_from_db()
    assert first.history.count() == records


def test_targets_are_set_in_draft_by_planning_only(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(draft_cycle, HIGH_LEVEL)
    kpi_year_enter(
        actor=people["planning"], kpi_year_id=year.pk, entry=entry(year, target_text="100人次")
    )
    year.refresh_from_db()
    assert (year.target_text, year.target_value) == ("100人次", 100)
    with pytest.raises(ChangeRefused):
        kpi_year_enter(
            actor=people["staff-asia"], kpi_year_id=year.pk, entry=entry(year, target_text="1人次")
        )


def test_sub_measure_targets_are_set_in_draft_only(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    ngo = year_of(draft_cycle, NGO)
    first = ngo.sub_measures.order_by("position").first()
    target = f"{int(first.target_value) + 4}{first.target_unit}"
    kpi_year_enter(
        actor=people["planning"],
        kpi_year_id=ngo.pk,
        entry=entry(ngo, sub_targets={first.pk: target}),
    )
    first.refresh_from_db()
    assert first.target_text == target and first.history.first().history_user == people["planning"]
    open_year(people["planning"], draft_cycle)
    ngo.refresh_from_db()
    kpi_year_enter(
        actor=people["planning"],
        kpi_year_id=ngo.pk,
        entry=entry(ngo, sub_targets={first.pk: "1件"}),
    )
    first.refresh_from_db()
    assert first.target_text == target


def test_targets_are_frozen_once_the_cycle_is_open_even_for_planning(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    kpi_year_enter(
        actor=people["planning"], kpi_year_id=year.pk, entry=entry(year, target_text="200人次")
    )
    year.refresh_from_db()
    assert year.target_text == "95人次" and year.achievement_text == "100%"
