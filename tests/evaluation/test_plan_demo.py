"""The demo's 108 year carries the sample's real kinds of KPI, set through the plan."""

from __future__ import annotations

import pytest

from govperf.demo.year import CAPITAL_RATE, CRITERIA, next_cycle_ensure
from govperf.domain.achievement import Kind
from govperf.evaluation.models import KpiYear, PlanTarget

pytestmark = pytest.mark.django_db


def test_the_demo_year_has_a_formula_a_ceiling_criteria_and_sub_measures(
    people, imported_cycle
) -> None:  # type: ignore[no-untyped-def]
    _created, cycle = next_cycle_ensure(previous=imported_cycle, planning=people["planning"])
    columns = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=108)
    capital = columns.get(cycle_kpi__kpi__name=CAPITAL_RATE)
    assert capital.kind == Kind.FORMULA and "資本門預算數" in capital.inputs
    assert columns.get(cycle_kpi__kpi__name=CRITERIA).criteria_count == 3
    assert columns.filter(direction="lower", cycle_kpi__kpi__name__contains="中程歲出概算").exists()
    ngo = columns.get(kind=Kind.SUB_MEASURES)
    assert ngo.sub_measures.count() == 3
    planned = PlanTarget.objects.filter(kpi=capital.cycle_kpi.kpi).values_list("year", flat=True)
    assert sorted(planned) == [109, 110, 111, 112]
