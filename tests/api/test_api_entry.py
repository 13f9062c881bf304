"""Entering a KPI-year over the API: the web form's rules, answered in JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from govperf.evaluation.models import Cycle, KpiYear, SubMeasure

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司; target 95人次, actual 108人次
NGO = "協助我NGO進行國際交流"  # 國際組織司; sub-measures


def year_of(cycle: Cycle, name: str) -> KpiYear:
    return KpiYear.objects.get(cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=name, year=cycle.year)


def path_of(year: KpiYear) -> str:
    return f"/kpi-years/{year.pk}"


def test_staff_enter_an_actual_and_the_achievement_follows(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    body = {"version": 0, "actual": "76人次", "missed_reason": "颱風取消訪問", "reason": "補登"}
    done = call("staff-asia", "patch", path_of(year), body)
    assert done.status_code == 200
    shown = done.json()
    assert shown["actual"] == {"text": "76人次", "value": "76", "unit": "人次"}
    assert shown["achievement"]["text"] == "80%"
    assert shown["version"] == 1 and shown["missed_reason"] == "颱風取消訪問"
    assert call("staff-asia", "get", path_of(year)).json() == shown
    record = year.history.first()
    assert record.history_user.username == "staff-asia"
    assert record.history_change_reason == "補登"


def test_fields_left_out_keep_what_is_stored(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    done = call("staff-asia", "patch", path_of(year), {"version": 0, "analysis": "如期達成"})
    assert done.status_code == 200
    year.refresh_from_db()
    assert (year.actual_text, year.analysis) == ("108人次", "如期達成")
    assert year.history.first().history_change_reason == "API 填報"


def test_a_stale_version_lists_the_other_change_and_writes_nothing(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    first = {"version": 0, "actual": "120人次"}
    assert call("planning", "patch", path_of(year), first).status_code == 200
    late = call("staff-asia", "patch", path_of(year), {"version": 0, "actual": "99人次"})
    assert late.status_code == 409
    answer = late.json()
    assert "已被他人修改" in answer["detail"] and answer["version"] == 1
    change = next(c for c in answer["changes"] if c["after"] == "120人次")
    assert (change["before"], change["who"]) == ("108人次", "planning")
    assert {"field", "before", "after", "who", "when"} <= set(change)
    year.refresh_from_db()
    assert (year.actual_text, year.version) == ("120人次", 1)


def test_bad_input_answers_its_fields_and_writes_nothing(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    not_a_number = call("staff-asia", "patch", path_of(year), {"version": 0, "actual": "很多"})
    assert not_a_number.status_code == 422
    assert list(not_a_number.json()["errors"]) == ["actual"]
    no_reason = call("staff-asia", "patch", path_of(year), {"version": 0, "actual": "76人次"})
    assert no_reason.status_code == 422
    assert "未達成原因分析暨因應策略" in no_reason.json()["errors"]["missed_reason"][0]
    misspelt = call("staff-asia", "patch", path_of(year), {"version": 0, "actual_text": "1人次"})
    assert misspelt.status_code == 422
    year.refresh_from_db()
    assert (year.actual_text, year.version) == ("108人次", 0)


def test_sub_measures_are_entered_by_id_and_summed(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, NGO)
    first = call("staff-io", "get", path_of(year)).json()["sub_measures"][0]
    typed = f"{int(first['actual']['value']) + 1}{first['actual']['unit']}"
    body = {"version": 0, "sub_measures": {str(first["id"]): typed}}
    done = call("staff-io", "patch", path_of(year), body)
    assert done.status_code == 200
    shown = done.json()
    assert shown["sub_measures"][0]["actual"]["text"] == typed
    assert shown["actual"]["value"] == "300" and shown["version"] == 1


def test_a_forged_sub_measure_id_is_refused_and_changes_nothing(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year, other = year_of(open_cycle, HIGH_LEVEL), year_of(open_cycle, NGO)
    theirs = SubMeasure.objects.filter(kpi_year=other)[0]
    before = theirs.actual_text
    body = {"version": 0, "sub_measures": {str(theirs.pk): "1次"}}
    refused = call("planning", "patch", path_of(year), body)
    assert refused.status_code == 422
    assert "不屬於此指標" in refused.json()["detail"]
    theirs.refresh_from_db()
    year.refresh_from_db()
    assert theirs.actual_text == before and year.version == 0


def test_another_units_kpi_year_is_not_found(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    refused = call("staff-io", "patch", path_of(year), {"version": 0, "analysis": "x"})
    assert refused.status_code == 404
    year.refresh_from_db()
    assert year.version == 0


def test_a_published_cycle_is_locked(call, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    year = year_of(draft_cycle, HIGH_LEVEL)
    refused = call("planning", "patch", path_of(year), {"version": 0, "analysis": "x"})
    assert refused.status_code == 409  # the role may, the state does not
    assert "已公告" in refused.json()["detail"]


def test_the_unit_head_may_read_but_not_enter(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    refused = call("head-asia", "patch", path_of(year), {"version": 0, "analysis": "x"})
    assert refused.status_code == 403
    assert "承辦人" in refused.json()["detail"]


def test_anonymous_is_asked_to_sign_in(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    assert call("anonymous", "patch", path_of(year), {"version": 0}).status_code == 401


def test_a_patch_without_csrf_token_is_refused(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["staff-asia"])
    year = year_of(open_cycle, HIGH_LEVEL)
    path, body = f"/api/v1{path_of(year)}", {"version": 0, "analysis": "x"}
    refused = client.patch(path, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/")
    token = client.cookies["csrftoken"].value
    sent: Any = client.patch(path, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert sent.status_code == 200
