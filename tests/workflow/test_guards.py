"""Completeness guards through the web: a submit lists what is missing and asks to confirm;
initial lights and the required chapters are needed before the year moves on."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle, KpiYear
from govperf.narrative.editing import ChapterEdit, chapter_save
from govperf.narrative.models import Block, Chapter
from govperf.narrative.services import cycle_create_chapters
from govperf.workflow.models import UnitSubmission
from govperf.workflow.review import kpi_year_review
from tests.workflow.helpers import act, client_for, open_year, post

pytestmark = pytest.mark.django_db
NO_ANALYSIS = "精進我國際文宣工作"  # 國際傳播司's
MISSED = "提高駐外館宿舍自有率及節省鉅額租金支出"  # 國際傳播司's, 94.12 %


def own_year(cycle: Cycle, name: str) -> KpiYear:
    return KpiYear.objects.get(cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=name, year=cycle.year)


@pytest.fixture
def open_cycle(draft_cycle: Cycle, people: dict[str, Any]) -> Cycle:
    return open_year(people["planning"], draft_cycle)


@pytest.fixture
def ic_gaps(open_cycle: Cycle) -> UnitSubmission:
    """國際傳播司 has left one analysis blank and one missed target without its reason."""
    KpiYear.objects.filter(pk=own_year(open_cycle, NO_ANALYSIS).pk).update(analysis="  ")
    KpiYear.objects.filter(pk=own_year(open_cycle, MISSED).pk).update(missed_reason="")
    return UnitSubmission.objects.get(cycle=open_cycle, unit__name="國際傳播司")


def submit(client: Any, submission: UnitSubmission, **data: str) -> Any:
    url = reverse("workflow:submission_action", args=[submission.pk])
    return client.post(url, {"action": "submit", **data})


def test_a_submit_with_gaps_lists_them_linked_and_waits_for_confirmation(
    people: dict[str, Any], ic_gaps: UnitSubmission
) -> None:
    staff = client_for(people["staff-ic"])
    page = submit(staff, ic_gaps)
    assert page.status_code == 200
    html = page.content.decode()
    assert "下列指標尚未填報完整" in html
    analysis_url = reverse("evaluation:kpi_edit", args=[own_year(ic_gaps.cycle, NO_ANALYSIS).pk])
    missed_url = reverse("evaluation:kpi_edit", args=[own_year(ic_gaps.cycle, MISSED).pk])
    assert f'<a href="{analysis_url}">{NO_ANALYSIS}</a>' in html
    assert f'<a href="{missed_url}">{MISSED}</a>' in html
    assert "（缺：績效衡量暨達成情形分析）" in html
    assert "（缺：未達成原因分析暨因應策略）" in html
    assert "深化與友邦高層政要之情誼" not in html  # 亞太司's, and complete
    assert 'name="confirm" value="yes"' in html
    ic_gaps.refresh_from_db()
    assert ic_gaps.state == "draft"  # nothing moved before the confirmation

    shown = post(staff, reverse("workflow:submission_action", args=[ic_gaps.pk]),
                 {"action": "submit", "confirm": "yes"})  # fmt: skip
    assert shown == ["已完成「送出」。"]
    ic_gaps.refresh_from_db()
    assert ic_gaps.state == "submitted"


def test_the_confirmation_speaks_english_when_chosen(
    people: dict[str, Any], ic_gaps: UnitSubmission
) -> None:
    staff = client_for(people["staff-ic"])
    staff.cookies["django_language"] = "en"
    html = submit(staff, ic_gaps).content.decode()
    assert "These KPIs are not fully entered" in html
    assert "(missing: performance analysis)" in html
    assert "(missing: reason for missing the target and response)" in html
    assert "Confirm and submit" in html


def test_a_complete_unit_submits_without_confirming(
    people: dict[str, Any], open_cycle: Cycle
) -> None:
    submission = UnitSubmission.objects.get(cycle=open_cycle, unit__name="亞太司")
    response = submit(client_for(people["staff-asia"]), submission)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == "submitted"


def test_a_blank_actual_is_missing_too(people: dict[str, Any], open_cycle: Cycle) -> None:
    year = own_year(open_cycle, "深化與友邦高層政要之情誼")
    KpiYear.objects.filter(pk=year.pk).update(actual_text="", actual_value=None)
    submission = UnitSubmission.objects.get(cycle=open_cycle, unit__name="亞太司")
    html = submit(client_for(people["staff-asia"]), submission).content.decode()
    assert "深化與友邦高層政要之情誼</a> （缺：實際值）" in html


def in_state(cycle: Cycle, state: str) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    cycle.refresh_from_db()
    return cycle


def test_lights_are_sent_only_when_every_kpi_has_one(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_state(draft_cycle, "initial_review")
    unlit = [own_year(cycle, NO_ANALYSIS), own_year(cycle, "深化與友邦高層政要之情誼")]
    KpiYear.objects.filter(pk__in=[y.pk for y in unlit]).update(initial_light="")
    planning = client_for(people["planning"])
    shown = act(planning, cycle, "send_initial_lights")
    assert shown == ["尚有指標未核予初評燈號：「深化與友邦高層政要之情誼」、「精進我國際文宣工作」"]
    assert Cycle.objects.get(pk=cycle.pk).state == "initial_review"
    planning.cookies["django_language"] = "en"
    shown = act(planning, cycle, "send_initial_lights")
    assert shown[0].startswith("Some KPIs have no initial light: “深化與友邦高層政要之情誼”")

    for year in unlit:
        kpi_year_review(actor=people["planning"], kpi_year=year, light=Light.GREEN, reason="已達成")
    planning.cookies["django_language"] = "zh-hant"
    assert act(planning, cycle, "send_initial_lights") == ["已完成「送出初評燈號」。"]


def blank(cycle: Cycle, *keys: str) -> None:
    """The chapters' paragraphs emptied, as if nobody had written them yet."""
    Block.objects.filter(chapter__cycle=cycle, chapter__key__in=keys, kind="paragraph").update(
        text=""
    )


def test_approval_is_asked_only_with_the_required_chapters_written(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_state(draft_cycle, "revision")
    blank(cycle, "preface", "achievements", "goals", "recommendations")
    planning = client_for(people["planning"])
    shown = act(planning, cycle, "submit_for_approval")
    assert shown == ["尚有必要章節未撰寫：「壹、前言」、「肆、推動成果具體事蹟」"]  # not 參, 陸
    assert Cycle.objects.get(pk=cycle.pk).state == "revision"

    for key in ("preface", "achievements"):
        chapter = Chapter.objects.get(cycle=cycle, key=key)
        edit = ChapterEdit(new_text="本部本年度施政重點如下。")
        chapter_save(actor=people["planning"], chapter=chapter, version=chapter.version, edit=edit)
    assert act(planning, cycle, "submit_for_approval") == ["已完成「簽報核定」。"]


@pytest.mark.parametrize(("state", "data"), [("approved", {}), ("correction", {"reason": "更正"})])
def test_publishing_needs_the_required_chapters_written(
    people: dict[str, Any], draft_cycle: Cycle, state: str, data: dict[str, str]
) -> None:
    cycle = in_state(draft_cycle, state)
    blank(cycle, "preface")
    planning = client_for(people["planning"])
    planning.cookies["django_language"] = "en"
    action = "publish" if state == "approved" else "publish_correction"
    shown = act(planning, cycle, action, **data)
    assert shown == ["Some required chapters are not written: “壹、前言”"]
    assert Cycle.objects.get(pk=cycle.pk).state == state
    assert not cycle.versions.exists()


def test_a_layouts_headings_alone_are_not_writing(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle = in_state(draft_cycle, "revision")
    cycle.chapters.all().delete()
    cycle_create_chapters(cycle=cycle)  # headings and table places only
    shown = act(client_for(people["planning"]), cycle, "submit_for_approval")
    assert shown == [
        "尚有必要章節未撰寫：「壹、前言」、「貳、機關104至107年度預算及人力」、"
        "「肆、推動成果具體事蹟」、「伍、績效總評」、「柒、評估綜合意見」"
    ]
