"""The rules recompute the sample's 達成度; where the published value differs, the audit says so."""

from __future__ import annotations

import pytest

from govperf.audit.kpis import computed_achievement, kpi_years
from govperf.evaluation.models import Cycle

pytestmark = pytest.mark.django_db

MEDIUM_TERM = "機關於中程歲出概算額度內編報情形"


def test_every_kpi_year_is_recomputed(imported_cycle: Cycle) -> None:
    years = kpi_years(imported_cycle)
    assert len(years) == 64
    differing = set()
    for year in years:
        computed = None if year.achievement_value is None else computed_achievement(year)
        if computed != year.achievement_value:
            differing.add((year.cycle_kpi.kpi.name, year.year, year.achievement_text, computed))
    assert differing == {
        (MEDIUM_TERM, 104, "100%", 0),
        (MEDIUM_TERM, 105, "65.8%", 0),
    }


def test_absent_years_have_no_achievement(imported_cycle: Cycle) -> None:
    absent = [y for y in kpi_years(imported_cycle) if y.achievement_text == "--"]
    assert len(absent) == 12
    assert all(y.achievement_value is None and y.tier == "" for y in absent)


def test_ngo_kpi_is_the_sum_of_its_sub_measures(imported_cycle: Cycle) -> None:
    (year,) = [
        y
        for y in kpi_years(imported_cycle)
        if y.cycle_kpi.kpi.name == "協助我NGO進行國際交流" and y.year == 107
    ]
    subs = [(s.target_text, s.actual_text) for s in year.sub_measures.all()]
    assert subs == [("135件", "196件"), ("13件", "71件"), ("10人次", "32件")]
    assert year.kind == "sub_measures"
    assert computed_achievement(year) == 100
