"""The plan pages with the Django client: planning sets up a KPI, a refusal keeps the input,
the live preview warns of a soft target, other roles get 403, the overview links the plan."""

from __future__ import annotations

from typing import Any

import pytest

from govperf.evaluation.models import CycleKpi, PlanTarget
from tests.workflow.helpers import client_for, open_year

pytestmark = pytest.mark.django_db

AGREEMENTS = "推動與他國簽訂雙邊協議"


def typed(cycle: Any, **changes: str) -> dict[str, str]:
    goal = cycle.goals.order_by("position").first()
    data = {
        "goal": str(goal.pk),
        "name": "駐外館處電子化服務比率",
        "unit": "",
        "kind": "formula",
        "direction": "higher",
        "tier": "executive",
        "measurement_standard": "線上申辦比率",
        "formula": "（線上申辦件數）÷（總申辦件數）×100％",
        "criteria_count": "",
        "sub_measures": "",
        "reason": "",
    }
    data |= {f"target_{cycle.year + n}": f"{60 + n}%" for n in range(5)}
    return data | changes


def test_planning_sets_up_a_kpi_on_the_web(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    client = client_for(people["planning"])
    page = client.get(f"/cycles/{draft_cycle.pk}/plan/")
    assert page.status_code == 200 and "機關年度資本門預算執行率" in page.content.decode()
    response = client.post(f"/cycles/{draft_cycle.pk}/plan/kpis/new/", typed(draft_cycle))
    assert response.status_code == 302
    cycle_kpi = CycleKpi.objects.get(cycle=draft_cycle, kpi__name="駐外館處電子化服務比率")
    assert cycle_kpi.years.get(year=107).formula.startswith("（線上申辦件數）")
    assert PlanTarget.objects.filter(kpi=cycle_kpi.kpi).count() == 4
    listing = client.get(f"/cycles/{draft_cycle.pk}/plan/").content.decode()
    assert "駐外館處電子化服務比率" in listing and "64%" in listing
    overview = client.get(f"/cycles/{draft_cycle.pk}/").content.decode()
    assert f"/cycles/{draft_cycle.pk}/plan/" in overview


def test_a_bad_formula_is_refused_beside_the_field_with_the_input_kept(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    client = client_for(people["planning"])
    bad = "（線上申辦件數）÷（"
    response = client.post(
        f"/cycles/{draft_cycle.pk}/plan/kpis/new/", typed(draft_cycle, formula=bad)
    )
    body = response.content.decode()
    assert response.status_code == 400 and "公式無法使用" in body
    assert f'value="{bad}"' in body and 'value="62%"' in body  # what was typed, kept
    assert not CycleKpi.objects.filter(kpi__name="駐外館處電子化服務比率").exists()


def test_the_preview_warns_of_a_soft_target_and_the_save_needs_a_reason(
    people, draft_cycle
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(people["planning"])
    cycle_kpi = draft_cycle.cycle_kpis.get(kpi__name__startswith=AGREEMENTS)
    url = f"/cycles/{draft_cycle.pk}/plan/kpis/{cycle_kpi.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and 'value="59件"' in page.content.decode()
    data = typed(
        draft_cycle, goal=str(cycle_kpi.goal_id), kind="count", formula="", target_107="60件"
    )
    data |= {f"target_{year}": "" for year in range(108, 112)}
    preview = client.post(
        f"/cycles/{draft_cycle.pk}/plan/preview/", data | {"cycle_kpi": str(cycle_kpi.pk)}
    )
    shown = preview.content.decode()
    assert "107年度目標值 60件 低於106年度實際值 62件" in shown and "須填寫理由" in shown
    refused = client.post(url, data)
    assert refused.status_code == 400 and "須填寫理由" in refused.content.decode()
    assert client.post(url, data | {"reason": "換約期"}).status_code == 302


@pytest.mark.parametrize("username", ["staff-asia", "head-asia", "minister", "reviewer"])
def test_other_roles_are_refused(people, draft_cycle, username) -> None:  # type: ignore[no-untyped-def]
    client = client_for(people[username])
    assert client.get(f"/cycles/{draft_cycle.pk}/plan/").status_code == 403
    response = client.post(f"/cycles/{draft_cycle.pk}/plan/kpis/new/", typed(draft_cycle))
    assert response.status_code == 403
    assert not CycleKpi.objects.filter(kpi__name="駐外館處電子化服務比率").exists()


def test_an_open_year_shows_the_plan_locked_and_refuses_a_save(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    open_year(people["planning"], draft_cycle)
    client = client_for(people["planning"])
    page = client.get(f"/cycles/{draft_cycle.pk}/plan/").content.decode()
    assert "新增指標" not in page and "籌備中" in page  # the table's refusal names when
    response = client.post(f"/cycles/{draft_cycle.pk}/plan/kpis/new/", typed(draft_cycle))
    assert (
        response.status_code == 400
        and 'value="駐外館處電子化服務比率"' in response.content.decode()
    )


def test_a_goal_is_added_on_the_plan_page(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    client = client_for(people["planning"])
    url = f"/cycles/{draft_cycle.pk}/plan/goals/new/"
    assert client.post(url, {"name": "強化數位外交"}).status_code == 302
    assert draft_cycle.goals.filter(name="強化數位外交", label="（八）").exists()
    assert client.post(url, {"name": ""}).status_code == 400
