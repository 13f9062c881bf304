"""A formula KPI's inputs (公式原始數值) compute its actual, at every door, `8,500` included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from govperf.audit.selectors import cycle_findings
from govperf.domain.achievement import Kind
from govperf.evaluation.models import Cycle, KpiYear
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司
FORMULA = "（甲＋乙）÷（丙）×100％"


@pytest.fixture
def formula_year(people, draft_cycle) -> KpiYear:  # type: ignore[no-untyped-def]
    open_year(people["planning"], draft_cycle)
    year = KpiYear.objects.get(
        cycle_kpi__cycle=draft_cycle, cycle_kpi__kpi__name=HIGH_LEVEL, year=draft_cycle.year
    )
    year.kind, year.formula = Kind.FORMULA, FORMULA
    year.inputs = {"甲": "", "乙": "", "丙": ""}
    year.target_text, year.target_value, year.target_unit = "90%", Decimal(90), "%"
    year.save()
    return year


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password="pw")
    return client


def posted(year: KpiYear, **typed: str) -> dict[str, str]:
    data = {
        "version": str(year.version),
        "actual_text": year.actual_text,
        "analysis": "",
        "missed_reason": "預算延後撥付",
        "reason": "",
        "input_甲": "8,500",
        "input_乙": "1,500",
        "input_丙": "12,500",
    }
    return data | typed


def test_typed_inputs_compute_the_actual_and_every_page_reads_them(formula_year) -> None:  # type: ignore[no-untyped-def]
    staff = signed_in("staff-asia")
    url = f"/kpi-years/{formula_year.pk}/edit/"
    preview = staff.post(f"/kpi-years/{formula_year.pk}/preview/", posted(formula_year))
    shown = preview.content.decode()
    assert "80%" in shown and "88.89" in shown  # (8500 + 1500) ÷ 12500 × 100 = 80, of 90
    assert staff.post(url, posted(formula_year)).status_code == 302
    formula_year.refresh_from_db()
    assert (formula_year.actual_text, formula_year.actual_value) == ("80%", Decimal(80))
    assert formula_year.achievement_value == Decimal("88.89")  # as the preview said
    assert formula_year.inputs == {"甲": "8,500", "乙": "1,500", "丙": "12,500"}  # as typed
    cycle: Cycle = formula_year.cycle_kpi.cycle
    planning = signed_in("planning")
    for page in (f"/cycles/{cycle.pk}/board/", f"/kpi-years/{formula_year.pk}/"):
        assert planning.get(page).status_code == 200
    mine = [f for f in cycle_findings(cycle=cycle) if HIGH_LEVEL in f.place.row]
    assert not [f for f in mine if f.code.startswith("achievement")]


def test_an_actual_contradicting_the_inputs_is_refused(formula_year) -> None:  # type: ignore[no-untyped-def]
    staff = signed_in("staff-asia")
    page = staff.post(
        f"/kpi-years/{formula_year.pk}/edit/", posted(formula_year, actual_text="95%")
    )
    body = page.content.decode()
    assert page.status_code == 400 and "計算為 80%" in body and "不符" in body
    formula_year.refresh_from_db()
    assert formula_year.version == 0 and formula_year.inputs["甲"] == ""


def test_an_input_that_is_not_a_number_is_named(formula_year) -> None:  # type: ignore[no-untyped-def]
    staff = signed_in("staff-asia")
    page = staff.post(
        f"/kpi-years/{formula_year.pk}/edit/", posted(formula_year, **{"input_丙": "很多"})
    )
    assert "公式數值「丙」" in page.content.decode()
    formula_year.refresh_from_db()
    assert formula_year.version == 0


def test_the_api_computes_the_same_actual(formula_year, people, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["staff-asia"])
    body = {
        "version": 0,
        "inputs": {"甲": "８，５００", "乙": "1,500", "丙": "12,500"},
        "missed_reason": "預算延後撥付",
    }
    done = client.patch(
        f"/api/v1/kpi-years/{formula_year.pk}", body, content_type="application/json"
    )
    assert done.status_code == 200
    assert done.json()["actual"] == {"text": "80%", "value": "80", "unit": "%"}
