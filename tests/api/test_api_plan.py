"""The plan's API doors: the plan as its page shows it, and a KPI set up or changed through
the page's service, refused as the page refuses (policy, bad formula, soft target)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from govperf.evaluation.models import Cycle, CycleKpi, PlanTarget
from govperf.evaluation.plan import setup_of
from tests.workflow.helpers import client_for, open_year

pytestmark = pytest.mark.django_db

AGREEMENTS = "推動與他國簽訂雙邊協議"  # 106 actual 62件; 107 target 59件
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
NEW_KPI = "駐外館處電子化服務比率"


def send(user: Any, method: str, path: str, body: Any = None, **headers: str) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    if method == "get":
        return client.get(f"/api/v1{path}", **headers)
    call = getattr(client, method)
    return call(f"/api/v1{path}", body or {}, content_type="application/json", **headers)


def agreements(cycle: Cycle) -> CycleKpi:
    return cycle.cycle_kpis.select_related("kpi", "cycle").get(kpi__name__startswith=AGREEMENTS)


def new_kpi(cycle: Cycle, **changes: Any) -> dict[str, Any]:
    goal = cycle.goals.order_by("-position").first()
    assert goal is not None
    body = {
        "goal_id": goal.pk,
        "name": NEW_KPI,
        "kind": "formula",
        "direction": "higher",
        "tier": "executive",
        "measurement_standard": "（線上申辦件數）÷（總申辦件數）×100％",
        "formula": "（線上申辦件數）÷（總申辦件數）×100％",
        "targets": {str(cycle.year + n): f"{60 + 5 * n}%" for n in range(5)},
    }
    return body | changes


def plan_kpi(plan: dict[str, Any], cycle_kpi_id: int) -> dict[str, Any]:
    return next(k for goal in plan["goals"] for k in goal["kpis"] if k["id"] == cycle_kpi_id)


def test_the_plan_lists_each_kpi_with_its_rule_and_targets_as_stored(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    answer = send(people["planning"], "get", f"/cycles/{draft_cycle.pk}/plan")
    assert answer.status_code == 200
    plan = answer.json()
    assert plan["years"] == list(range(draft_cycle.year, draft_cycle.year + 5))
    assert (plan["editable"], plan["lock_notice"]) == (True, "")
    assert sum(len(goal["kpis"]) for goal in plan["goals"]) == draft_cycle.cycle_kpis.count()
    cycle_kpi = agreements(draft_cycle)
    row, stored = plan_kpi(plan, cycle_kpi.pk), setup_of(cycle_kpi)
    assert (row["kind"], row["direction"], row["tier"]) == (
        stored.kind, stored.direction, stored.tier,
    )  # fmt: skip
    assert row["targets"][0] == {"year": draft_cycle.year, "target": stored.targets[107]}
    assert row["measurement_standard"] == stored.measurement_standard


@pytest.mark.parametrize("username", ["staff-asia", "head-asia", "minister", "reviewer"])
def test_other_roles_may_not_read_or_change_the_plan(people, draft_cycle, username) -> None:  # type: ignore[no-untyped-def]
    path = f"/cycles/{draft_cycle.pk}/plan"
    assert send(people[username], "get", path).status_code == 403
    changed = send(people[username], "post", f"{path}/kpis", new_kpi(draft_cycle))
    assert changed.status_code == 403
    assert not CycleKpi.objects.filter(kpi__name=NEW_KPI).exists()
    assert send(None, "get", path).status_code == 401


def test_an_unknown_cycle_or_kpi_is_404(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    planning = people["planning"]
    assert send(planning, "get", "/cycles/999999/plan").status_code == 404
    assert send(planning, "patch", "/cycles/999999/plan/kpis/1", {}).status_code == 404
    other = send(planning, "patch", f"/cycles/{draft_cycle.pk}/plan/kpis/999999", {})
    assert other.status_code == 404 and other.json()["detail"]


def test_a_new_kpi_is_set_up_with_its_coming_years(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    path = f"/cycles/{draft_cycle.pk}/plan/kpis"
    answer = send(people["planning"], "post", path, new_kpi(draft_cycle))
    assert answer.status_code == 201, answer.json()
    made = answer.json()
    assert (made["name"], made["kind"], made["tier"]) == (NEW_KPI, "formula", "executive")
    assert [t["target"] for t in made["targets"]] == ["60%", "65%", "70%", "75%", "80%"]
    planned = PlanTarget.objects.filter(kpi__name=NEW_KPI).values_list("year", "target_text")
    assert dict(planned) == {108: "65%", 109: "70%", 110: "75%", 111: "80%"}
    plan = send(people["planning"], "get", f"/cycles/{draft_cycle.pk}/plan").json()
    assert plan_kpi(plan, made["id"]) == made


def test_a_bad_formula_is_refused_by_field_in_the_callers_language(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    path = f"/cycles/{draft_cycle.pk}/plan/kpis"
    body = new_kpi(draft_cycle, formula="（線上申辦件數）÷（")
    answer = send(people["planning"], "post", path, body)
    assert answer.status_code == 422
    assert answer.json()["errors"]["formula"][0].startswith("公式無法使用")
    english = send(people["planning"], "post", path, body, **ENGLISH)
    assert english.json()["errors"]["formula"][0].startswith("The formula cannot be used")
    assert not CycleKpi.objects.filter(kpi__name=NEW_KPI).exists()


def test_bad_fields_are_named_as_the_body_names_them(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    path = f"/cycles/{draft_cycle.pk}/plan/kpis"
    body = new_kpi(draft_cycle, goal_id=999999, targets={"108": "很多", "130": "5%"})
    answer = send(people["planning"], "post", path, body, **ENGLISH)
    assert answer.status_code == 422
    assert answer.json()["errors"] == {  # a year outside the plan, before the service
        "targets.130": ["130 is not a year of this plan; the plan sets: 107、108、109、110、111."]
    }
    body["targets"] = {"108": "很多"}
    errors = send(people["planning"], "post", path, body).json()["errors"]
    assert set(errors) == {"goal_id", "targets.108"}


def test_a_target_below_last_years_actual_needs_a_reason(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    cycle_kpi = agreements(draft_cycle)
    path = f"/cycles/{draft_cycle.pk}/plan/kpis/{cycle_kpi.pk}"
    answer = send(people["planning"], "patch", path, {"targets": {"107": "60件"}}, **ENGLISH)
    assert answer.status_code == 422
    refused = answer.json()
    assert list(refused["errors"]) == ["reason"]
    assert "needs a reason" in refused["errors"]["reason"][0]
    assert len(refused["soft_targets"]) == 1 and "62件" in refused["soft_targets"][0]
    assert cycle_kpi.years.get(year=107).target_text == "59件"  # nothing written
    body = {"targets": {"107": "60件", "109": "64件"}, "reason": "新南向國家換約期"}
    saved = send(people["planning"], "patch", path, body)
    assert saved.status_code == 200, saved.json()
    column = cycle_kpi.years.get(year=107)
    assert column.target_text == "60件"
    assert column.history.first().history_change_reason == "新南向國家換約期"  # type: ignore[union-attr]
    assert setup_of(cycle_kpi).targets[109] == "64件"
    assert saved.json()["kind"] == setup_of(cycle_kpi).kind  # a field left out kept


def test_an_open_year_refuses_its_plan_with_409(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    open_year(people["planning"], draft_cycle)
    plan = send(people["planning"], "get", f"/cycles/{draft_cycle.pk}/plan").json()
    assert plan["editable"] is False and plan["lock_notice"]
    cycle_kpi = agreements(draft_cycle)
    path = f"/cycles/{draft_cycle.pk}/plan/kpis/{cycle_kpi.pk}"
    answer = send(people["planning"], "patch", path, {"targets": {"109": "70件"}})
    assert answer.status_code == 409
    assert answer.json()["detail"] == plan["lock_notice"]
    assert setup_of(cycle_kpi).targets.get(109, "") != "70件"  # nothing written


def test_the_api_and_the_plan_page_give_the_same_answer(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    cycle_kpi = agreements(draft_cycle)
    page = client_for(people["planning"])
    url = reverse("evaluation:plan_kpi_edit", args=[draft_cycle.pk, cycle_kpi.pk])
    form = page.get(url).context["form"]
    posted = {name: form.initial.get(name) or "" for name in form.fields} | {"target_107": "60件"}
    refused = page.post(url, posted)
    assert refused.status_code == 400
    path = f"/cycles/{draft_cycle.pk}/plan/kpis/{cycle_kpi.pk}"
    answer = send(people["planning"], "patch", path, {"targets": {"107": "60件"}}).json()
    assert refused.context["form"].errors["reason"] == answer["errors"]["reason"]
    send(people["planning"], "patch", path, {"targets": {"110": "66件"}, "reason": "換約期"})
    shown = page.get(reverse("evaluation:plan", args=[draft_cycle.pk]))
    row = next(r for r in shown.context["rows"] if r["cycle_kpi"].pk == cycle_kpi.pk)
    plan = send(people["planning"], "get", f"/cycles/{draft_cycle.pk}/plan").json()
    assert row["targets"] == [t["target"] for t in plan_kpi(plan, cycle_kpi.pk)["targets"]]
    assert (
        "66件" in row["targets"] and str(row["kind"]) == plan_kpi(plan, cycle_kpi.pk)["kind_label"]
    )
