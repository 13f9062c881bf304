"""The whole yearly cycle through the web, as each role: opening with deadlines to a correction."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from govperf.domain.policy import PUBLISHED
from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.models import Deadline, PublishedVersion, ReviewComment, UnitSubmission
from tests.workflow.helpers import act, act_on_submission, client_for, post

pytestmark = pytest.mark.django_db
UNITS = {"亞太司": "asia", "國際組織司": "io", "國際傳播司": "ic"}


def open_year(people: dict[str, Any], cycle: Cycle) -> None:
    today = timezone.localdate()
    shown = act(
        client_for(people["planning"]),
        cycle,
        "open_year",
        open=str(today - timedelta(days=1)),
        unit_response=str(today + timedelta(days=20)),
        revision=str(today + timedelta(days=30)),
        approval=str(today + timedelta(days=40)),
    )
    assert shown == ["已完成「開始填報」。"]


def sign_off(people: dict[str, Any], cycle: Cycle, unit: str) -> None:
    submission = UnitSubmission.objects.get(cycle=cycle, unit__name=unit)
    short = UNITS[unit]
    act_on_submission(client_for(people[f"staff-{short}"]), submission, "submit")
    act_on_submission(client_for(people[f"head-{short}"]), submission, "sign_off")


def test_the_year_from_opening_to_a_correction(people: dict[str, Any], draft_cycle: Cycle) -> None:
    cycle = draft_cycle
    planning, minister = client_for(people["planning"]), client_for(people["minister"])
    page = planning.get(reverse("workflow:cycle", args=[cycle.pk])).content.decode()
    assert "開始填報" in page and "填報截止日" in page

    open_year(people, cycle)
    cycle.refresh_from_db()
    assert cycle.state == "open"
    assert Deadline.objects.filter(cycle=cycle).count() == 4

    sign_off(people, cycle, "亞太司")
    shown = act(planning, cycle, "close_entry")
    assert shown == ["尚有單位的填報未經主管簽核"]  # refused: nothing changes, it says why
    assert Cycle.objects.get(pk=cycle.pk).state == "open"
    shown = act(client_for(people["staff-asia"]), cycle, "close_entry")
    assert "不能執行『截止填報』" in shown[0]
    board = planning.get(reverse("workflow:board", args=[cycle.pk])).content.decode()
    assert board.count("逾期：填報中") == 2  # 國際組織司 and 國際傳播司 have not signed off

    sign_off(people, cycle, "國際組織司")
    sign_off(people, cycle, "國際傳播司")
    assert act(planning, cycle, "close_entry") == ["已完成「截止填報」。"]
    review_lights(people, cycle)
    assert act(planning, cycle, "send_initial_lights") == ["已完成「送出初評燈號」。"]
    respond(people, cycle)
    act(planning, cycle, "close_responses")
    act(planning, cycle, "submit_for_approval")
    assert "必須填寫理由" in act(minister, cycle, "return_for_revision")[0]
    act(minister, cycle, "return_for_revision", reason="請補充未達成原因")
    act(planning, cycle, "submit_for_approval")
    assert act(minister, cycle, "approve") == ["已完成「核定」。"]
    assert act(planning, cycle, "publish") == ["已公告第 1 版。"]

    check_version(cycle, 1)
    check_locked_after_publication(people, cycle)
    act(planning, cycle, "start_correction", reason="更正第二章數字")
    check_version(cycle, 1)  # still downloads while the correction is under way
    assert act(planning, cycle, "publish_correction", reason="更正第二章數字") == [
        "已公告第 2 版。"
    ]
    check_version(cycle, 2)
    check_version(cycle, 1)
    assert PublishedVersion.objects.get(cycle=cycle, number=2).reason == "更正第二章數字"
    check_history(planning, cycle)


def review_lights(people: dict[str, Any], cycle: Cycle) -> None:
    planning = client_for(people["planning"])
    url = reverse("workflow:lights", args=[cycle.pk])
    page = planning.get(url).content.decode()
    year = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).first()
    assert year is not None and year.cycle_kpi.kpi.name in page
    other = "red" if year.initial_light != "red" else "green"
    refused = planning.post(url, {"kpi_year": year.pk, "light": other, "comment": "請說明"})
    assert refused.status_code == 400  # the page again, with the light chosen and the reason
    assert "須填寫理由" in refused.content.decode()
    assert KpiYear.objects.get(pk=year.pk).initial_light == year.initial_light  # unchanged
    response = post(
        planning,
        url,
        {"kpi_year": year.pk, "light": other, "reason": "成果不如預期", "comment": "請說明"},
    )
    assert "已核予" in response[0]
    changed = KpiYear.objects.get(pk=year.pk)
    assert changed.initial_light == other
    assert changed.history.first().history_user == people["planning"]
    assert ReviewComment.objects.get(kpi_year=year).text == "請說明"


def respond(people: dict[str, Any], cycle: Cycle) -> None:
    year = KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, cycle_kpi__unit__name="亞太司", year=cycle.year
    ).first()
    foreign = KpiYear.objects.filter(cycle_kpi__cycle=cycle, cycle_kpi__unit__name="國際組織司")
    staff = client_for(people["staff-asia"])
    assert staff.get(reverse("workflow:kpi_review", args=[foreign.first().pk])).status_code == 404
    url = reverse("workflow:kpi_review", args=[year.pk])  # type: ignore[union-attr]
    assert "須說明理由" in staff.get(url).content.decode()
    refused = staff.post(url, {"stance": "dispute", "text": ""})
    assert refused.status_code == 400 and "必須填寫理由" in refused.content.decode()
    post(staff, url, {"stance": "dispute", "text": "實際值應含第四季"})
    assert ReviewComment.objects.filter(stance="dispute", author=people["staff-asia"]).exists()
    for unit in UNITS:
        submission = UnitSubmission.objects.get(cycle=cycle, unit__name=unit)
        act_on_submission(client_for(people[f"head-{UNITS[unit]}"]), submission, "agree")


def check_version(cycle: Cycle, number: int) -> None:
    anonymous = client_for(None)
    title = f"{cycle.year}年度"

    def get(format: str) -> bytes:
        url = reverse("workflow:download", args=[cycle.pk, number, format])
        response = anonymous.get(url)
        assert response.status_code == 200
        assert f"-v{number}.{format}" in response["Content-Disposition"]
        return b"".join(response) if response.streaming else response.content

    assert get("pdf").startswith(b"%PDF")
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(get("docx"))).namelist()
    assert "content.xml" in zipfile.ZipFile(io.BytesIO(get("odt"))).namelist()
    assert title in get("html").decode() and title in get("txt").decode()
    # the public reads the year as last published on the portal
    year = reverse("portal:year", kwargs={"agency_id": cycle.agency_id, "year": cycle.year})
    latest = PublishedVersion.objects.filter(cycle=cycle).order_by("-number")[0].number
    assert f"第 {latest} 版" in anonymous.get(year).content.decode()


def check_locked_after_publication(people: dict[str, Any], cycle: Cycle) -> None:
    planning = client_for(people["planning"])
    year = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).first()
    response = planning.post(
        reverse("workflow:lights", args=[cycle.pk]),
        {"kpi_year": year.pk, "light": "white", "reason": "x"},  # type: ignore[union-attr]
    )
    assert response.status_code == 400 and PUBLISHED.zh in response.content.decode()
    response = planning.post(
        reverse("workflow:deadlines", args=[cycle.pk]), {"open": "2030-01-01", "reason": "x"}
    )
    assert response.status_code == 400 and PUBLISHED.zh in response.content.decode()


def check_history(planning: Any, cycle: Cycle) -> None:
    page = planning.get(reverse("workflow:cycle", args=[cycle.pk])).content.decode()
    history = page.split("狀態歷程</h2>")[1]
    for text in ("請補充未達成原因", "更正第二章數字", "minister", "planning", "已公告", "更正中"):
        assert text in history
    states = list(Cycle.history.filter(id=cycle.pk).values_list("state", flat=True))
    assert {"open", "initial_review", "unit_response", "revision", "approval"} <= set(states)


def test_opening_on_the_web_without_every_deadline_opens_nothing(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    planning = client_for(people["planning"])
    data = {"action": "open_year", "open": "2030-03-31", "revision": "2030-05-31"}
    page = planning.post(reverse("workflow:cycle_action", args=[draft_cycle.pk]), data)
    text = page.content.decode()
    assert page.status_code == 400  # the page again, with what was typed and why
    assert "請設定「單位回應截止日」。" in text and "請設定「陳核截止日」。" in text
    assert 'value="2030-03-31"' in text and 'value="2030-05-31"' in text
    assert Cycle.objects.get(pk=draft_cycle.pk).state == "draft"
    assert not Deadline.objects.filter(cycle=draft_cycle).exists()
