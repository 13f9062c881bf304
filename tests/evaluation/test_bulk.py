"""Bulk entry through the XLSX form: the form, a whole-upload check, and all-or-nothing apply."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from govperf.accounts.models import Membership
from govperf.domain.workflow import Role
from govperf.evaluation.bulk_apply import CHANGE_REASON, kpi_form_apply
from govperf.evaluation.bulk_check import BulkUploadError
from govperf.evaluation.bulk_form import HELP_SHEET, MAIN_SHEET, SUB_SHEET, kpi_form_build
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.policy import ChangeRefused

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 107: target 95人次, actual 108人次 (row 2)
PROJECTS = "我與友邦合作計畫執行項數"  # 107: target 589項, actual 613項 (row 3)
NGO = "協助我NGO進行國際交流"  # sub-measures: 135件+13件+10人次 → 196件+71件+32件


@pytest.fixture
def actor(imported_cycle: Cycle):  # type: ignore[no-untyped-def]
    """The planning office, who may enter every KPI while the year is a draft."""
    user = get_user_model().objects.create_user(username="planner", password="x")
    Membership.objects.create(user=user, agency=imported_cycle.agency, role=Role.PLANNING)
    return user


@pytest.fixture
def open_cycle(imported_cycle: Cycle) -> Cycle:
    imported_cycle.state = Cycle.State.DRAFT
    imported_cycle.save()
    return imported_cycle


def goal_years(cycle: Cycle, goal: int) -> list[KpiYear]:
    """The unit's KPI-years: those of one goal, in the cycle's own year."""
    return list(
        KpiYear.objects.filter(
            cycle_kpi__cycle=cycle, cycle_kpi__goal__position=goal, year=cycle.year
        ).order_by("cycle_kpi__position")
    )


def year_of(cycle: Cycle, name: str) -> KpiYear:
    return KpiYear.objects.get(cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=name, year=cycle.year)


def filled(data: bytes, cells: dict[tuple[str, str], Any]) -> bytes:
    """The form with cells set, e.g. {(MAIN_SHEET, "F2"): "120人次"}."""
    workbook = load_workbook(BytesIO(data))
    for (sheet, coordinate), value in cells.items():
        workbook[sheet][coordinate] = value
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot(cycle: Cycle) -> list[tuple[Any, ...]]:
    return list(
        KpiYear.objects.filter(cycle_kpi__cycle=cycle)
        .order_by("pk")
        .values_list("actual_text", "actual_value", "analysis", "missed_reason")
    )


def refused(cycle: Cycle, actor: Any, data: bytes, goal: int = 1) -> BulkUploadError:
    before = snapshot(cycle)
    with pytest.raises(BulkUploadError) as caught:
        kpi_form_apply(actor=actor, cycle=cycle, kpi_years=goal_years(cycle, goal), data=data)
    assert snapshot(cycle) == before
    return caught.value


# --- the form ---------------------------------------------------------------------------------


def test_the_form_lists_the_units_kpis_with_only_the_entry_columns_editable(
    open_cycle: Cycle,
) -> None:
    workbook = load_workbook(
        BytesIO(kpi_form_build(cycle=open_cycle, kpi_years=goal_years(open_cycle, 1)))
    )
    assert workbook.sheetnames == [MAIN_SHEET, SUB_SHEET, HELP_SHEET]
    sheet = workbook[MAIN_SHEET]
    assert [cell.value for cell in sheet[1]] == [
        "編號",
        "關鍵策略目標",
        "關鍵績效指標",
        "衡量標準",
        "原訂目標值",
        "實際值",
        "績效衡量暨達成情形分析",
        "未達成原因分析暨因應策略",
    ]
    assert sheet.max_row == 3
    assert sheet["A2"].value == year_of(open_cycle, HIGH_LEVEL).pk
    assert (sheet["C2"].value, sheet["E2"].value, sheet["F2"].value) == (
        HIGH_LEVEL,
        "95人次",
        "108人次",
    )
    assert sheet.column_dimensions["A"].hidden
    assert sheet.protection.sheet
    assert sheet.freeze_panes == "B2"
    assert sheet["A2"].protection.locked and sheet["E2"].protection.locked
    assert not any(sheet[f"{column}2"].protection.locked for column in "FGH")
    assert sheet.column_dimensions["G"].width == 60
    assert "未達原訂目標值" in " ".join(str(c.value) for c in workbook[HELP_SHEET]["A"])


def test_a_sub_measure_kpi_has_its_parts_on_their_own_sheet(open_cycle: Cycle) -> None:
    workbook = load_workbook(
        BytesIO(kpi_form_build(cycle=open_cycle, kpi_years=goal_years(open_cycle, 4)))
    )
    subs = workbook[SUB_SHEET]
    assert [row[3:] for row in subs.iter_rows(min_row=2, values_only=True)] == [
        ("135件", "196件"),
        ("13件", "71件"),
        ("10人次", "32件"),
    ]
    assert workbook[MAIN_SHEET]["F2"].protection.locked  # the sum is not typed
    assert not subs["E2"].protection.locked


def test_only_kpi_years_of_the_cycles_own_year_make_a_form(open_cycle: Cycle) -> None:
    earlier = KpiYear.objects.filter(cycle_kpi__cycle=open_cycle, year=106)[:1]
    with pytest.raises(ValueError, match="本年度"):
        kpi_form_build(cycle=open_cycle, kpi_years=earlier)


# --- applying -------------------------------------------------------------------------------


def test_a_filled_form_is_stored_with_its_history(open_cycle: Cycle, actor: Any) -> None:
    years = goal_years(open_cycle, 1)
    data = filled(
        kpi_form_build(cycle=open_cycle, kpi_years=years),
        {(MAIN_SHEET, "F2"): "1,200人次", (MAIN_SHEET, "G2"): "  新的分析。\n第二段。 "},
    )
    assert kpi_form_apply(actor=actor, cycle=open_cycle, kpi_years=years, data=data) == 1
    year = year_of(open_cycle, HIGH_LEVEL)
    assert (year.actual_text, year.actual_value, year.actual_unit) == ("1,200人次", 1200, "人次")
    assert year.analysis == "新的分析。\n第二段。"
    latest = year.history.first()
    assert (latest.history_user, latest.history_change_reason) == (actor, CHANGE_REASON)
    assert year_of(open_cycle, PROJECTS).history.count() == 1  # untouched: no new history


def test_an_untouched_form_changes_nothing(open_cycle: Cycle, actor: Any) -> None:
    years = goal_years(open_cycle, 7)  # all three missed their targets and carry a reason
    data = kpi_form_build(cycle=open_cycle, kpi_years=years)
    assert kpi_form_apply(actor=actor, cycle=open_cycle, kpi_years=years, data=data) == 0


def test_one_bad_cell_among_good_ones_changes_nothing_and_is_named(
    open_cycle: Cycle, actor: Any
) -> None:
    data = filled(
        kpi_form_build(cycle=open_cycle, kpi_years=goal_years(open_cycle, 1)),
        {(MAIN_SHEET, "F2"): "120人次", (MAIN_SHEET, "G2"): "好", (MAIN_SHEET, "F3"): "一百"},
    )
    error = refused(open_cycle, actor, data)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert (problem.sheet, problem.row, problem.column, problem.header) == (
        MAIN_SHEET,
        3,
        "F",
        "實際值",
    )
    assert str(problem).startswith(
        "工作表『關鍵績效指標填報』第 3 列 F 欄（實際值）：「一百」不是數值"
    )


def test_an_id_of_another_units_kpi_is_refused(open_cycle: Cycle, actor: Any) -> None:
    other = goal_years(open_cycle, 2)[0]
    data = filled(
        kpi_form_build(cycle=open_cycle, kpi_years=goal_years(open_cycle, 1)),
        {(MAIN_SHEET, "A2"): other.pk, (MAIN_SHEET, "F2"): "1人次"},
    )
    error = refused(open_cycle, actor, data)
    assert [(p.row, p.column) for p in error.problems] == [(2, "A")]
    assert "其他單位" in str(error.problems[0])


def test_a_garbage_file_is_refused_clearly(open_cycle: Cycle, actor: Any) -> None:
    error = refused(open_cycle, actor, b"%PDF-1.4 not a spreadsheet")
    assert "無法讀取上傳的檔案" in error.messages[0]


def test_a_missing_sheet_and_a_changed_header_are_named(open_cycle: Cycle, actor: Any) -> None:
    workbook = load_workbook(
        BytesIO(kpi_form_build(cycle=open_cycle, kpi_years=goal_years(open_cycle, 1)))
    )
    workbook.remove(workbook[SUB_SHEET])
    workbook[MAIN_SHEET]["F1"] = "實績"
    buffer = BytesIO()
    workbook.save(buffer)
    messages = refused(open_cycle, actor, buffer.getvalue()).messages
    assert (
        "工作表『關鍵績效指標填報』第 1 列 F 欄（實際值）：表頭應為「實際值」，卻是「實績」"
        in messages
    )
    assert "工作表『分項指標』：缺少此工作表；請勿刪除或更名工作表" in messages


def test_a_missed_target_needs_a_reason(open_cycle: Cycle, actor: Any) -> None:
    years = goal_years(open_cycle, 1)
    form = kpi_form_build(cycle=open_cycle, kpi_years=years)
    error = refused(open_cycle, actor, filled(form, {(MAIN_SHEET, "F2"): "90人次"}))
    assert [(p.row, p.column, p.header) for p in error.problems] == [
        (2, "H", "未達成原因分析暨因應策略")
    ]
    assert "達成度 94.74%" in str(error.problems[0])
    reasoned = filled(form, {(MAIN_SHEET, "F2"): "90人次", (MAIN_SHEET, "H2"): "訪團延期"})
    assert kpi_form_apply(actor=actor, cycle=open_cycle, kpi_years=years, data=reasoned) == 1
    assert year_of(open_cycle, HIGH_LEVEL).missed_reason == "訪團延期"


def test_a_lower_is_better_kpi_over_its_ceiling_needs_a_reason(
    open_cycle: Cycle, actor: Any
) -> None:
    data = filled(
        kpi_form_build(cycle=open_cycle, kpi_years=goal_years(open_cycle, 7)),
        {(MAIN_SHEET, "H3"): ""},  # 中程歲出概算: 9.38% over a 5% ceiling
    )
    error = refused(open_cycle, actor, data, goal=7)
    assert [(p.row, p.column) for p in error.problems] == [(3, "H")]


def test_every_problem_is_reported_at_once(open_cycle: Cycle, actor: Any) -> None:
    years = goal_years(open_cycle, 1)
    data = filled(
        kpi_form_build(cycle=open_cycle, kpi_years=years),
        {
            (MAIN_SHEET, "F2"): "108次",  # 人次 expected
            (MAIN_SHEET, "F3"): "500項",  # below 589項 without a reason
            (MAIN_SHEET, "A4"): years[0].pk,  # a duplicate row
            (SUB_SHEET, "A2"): 999999,  # not a sub-measure of the unit's
        },
    )
    problems = refused(open_cycle, actor, data).problems
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        (MAIN_SHEET, 2, "F"),
        (MAIN_SHEET, 4, "A"),
        (SUB_SHEET, 2, "A"),
        (MAIN_SHEET, 3, "H"),
    ]
    assert "請填寫如「108人次」" in str(problems[0])
    assert "與第 2 列重複" in str(problems[1])


def test_sub_measures_are_filled_on_their_sheet_and_summed(open_cycle: Cycle, actor: Any) -> None:
    years = goal_years(open_cycle, 4)
    form = kpi_form_build(cycle=open_cycle, kpi_years=years)
    data = filled(form, {(SUB_SHEET, "E2"): "1,100件"})
    assert kpi_form_apply(actor=actor, cycle=open_cycle, kpi_years=years, data=data) == 1
    year = year_of(open_cycle, NGO)
    assert (year.actual_text, year.actual_value) == ("1,203次", 1203)
    assert year.sub_measures.get(position=1).actual_text == "1,100件"
    typed = filled(form, {(MAIN_SHEET, "F2"): "300次"})
    assert "分項指標" in refused(open_cycle, actor, typed, goal=4).messages[0]


def test_a_published_cycle_is_refused(imported_cycle: Cycle, actor: Any) -> None:
    years = goal_years(imported_cycle, 1)
    data = kpi_form_build(cycle=imported_cycle, kpi_years=years)
    with pytest.raises(ChangeRefused, match="已公告"):
        kpi_form_apply(actor=actor, cycle=imported_cycle, kpi_years=years, data=data)
