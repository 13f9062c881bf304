"""Next year's cycle carried over from the published 107 report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from govperf.evaluation.models import Cycle, KpiYear, LightStatistic, SubMeasure
from govperf.finance.models import BudgetFigure, HeadcountFigure, ProgramCostYear
from govperf.workflow.carryover import cycle_create_next

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_cycle(imported_cycle, people):  # type: ignore[no-untyped-def]
    Cycle.objects.filter(pk=imported_cycle.pk).update(state=Cycle.State.PUBLISHED)
    imported_cycle.refresh_from_db()
    return cycle_create_next(actor=people["planning"], previous=imported_cycle, year=108)


def test_the_new_cycle_is_a_draft_with_the_new_title_and_the_108_layout(next_cycle) -> None:  # type: ignore[no-untyped-def]
    assert next_cycle.state == Cycle.State.DRAFT
    assert next_cycle.title == "108年度施政績效報告"
    assert next_cycle.layout == Cycle.Layout.POST_REFORM
    assert next_cycle.table_headers["budget"][2:] == ["105", "106", "107", "108"]
    titles = list(next_cycle.chapters.values_list("title", flat=True))
    assert titles[1] == "機關105至108年度預算及人力"
    assert titles[2] == "年度目標及策略推動成果與未來精進方向"


def test_goals_and_kpis_keep_their_units_and_order(imported_cycle, next_cycle) -> None:  # type: ignore[no-untyped-def]
    old = list(imported_cycle.cycle_kpis.values_list("goal__label", "label", "kpi", "unit"))
    new = list(next_cycle.cycle_kpis.values_list("goal__label", "label", "kpi", "unit"))
    assert new == old
    assert all(unit is not None for *_, unit in new)


def test_kpi_columns_are_the_last_three_years_and_a_new_one(next_cycle) -> None:  # type: ignore[no-untyped-def]
    years = KpiYear.objects.filter(cycle_kpi__cycle=next_cycle)
    assert set(years.values_list("year", flat=True)) == {105, 106, 107, 108}
    first = next_cycle.cycle_kpis.first()
    copied = first.years.get(year=107)
    assert (copied.target_text, copied.actual_text) == ("95人次", "108人次")
    new = first.years.get(year=108)
    assert new.header_text == "108年度"
    assert (new.target_text, new.target_value) == ("95人次", Decimal("95"))
    assert (new.actual_text, new.actual_value, new.initial_light, new.review_light) == (
        "",
        None,
        "",
        "",
    )
    assert new.measurement_standard == copied.measurement_standard
    assert "目標值暫以107年度目標值帶入" in new.history.first().history_change_reason


def test_history_records_the_actor(next_cycle, people) -> None:  # type: ignore[no-untyped-def]
    assert next_cycle.history.first().history_user == people["planning"]
    kpi_year = KpiYear.objects.filter(cycle_kpi__cycle=next_cycle).first()
    assert kpi_year.history.first().history_user == people["planning"]


def test_budget_headcount_and_costs_move_on_with_blank_new_cells(next_cycle) -> None:  # type: ignore[no-untyped-def]
    budget = BudgetFigure.objects.filter(cycle=next_cycle)
    assert set(budget.values_list("year", flat=True)) == {105, 106, 107, 108}
    assert budget.get(position=1, year=107).text == "26,134"
    assert budget.get(position=1, year=108).text == ""
    assert budget.get(position=1, year=108).value is None
    headcount = HeadcountFigure.objects.filter(cycle=next_cycle)
    assert headcount.get(position=3, year=108).text == ""
    costs = ProgramCostYear.objects.filter(program_cost__cycle=next_cycle)
    assert set(costs.values_list("year", flat=True)) == {107, 108}
    assert not costs.filter(year=108).exclude(budget_text="").exists()


def test_a_second_call_for_the_same_year_is_refused(imported_cycle, next_cycle, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="108年度已存在"):
        cycle_create_next(actor=people["planning"], previous=imported_cycle, year=108)
    assert Cycle.objects.filter(year=108).count() == 1


def test_a_year_not_after_the_previous_one_is_refused(imported_cycle, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="必須晚於"):
        cycle_create_next(actor=people["planning"], previous=imported_cycle, year=107)


def test_sub_measures_carry_their_targets_into_the_new_year(imported_cycle, next_cycle) -> None:  # type: ignore[no-untyped-def]
    new = SubMeasure.objects.filter(kpi_year__cycle_kpi__cycle=next_cycle, kpi_year__year=108)
    old = SubMeasure.objects.filter(kpi_year__cycle_kpi__cycle=next_cycle, kpi_year__year=107)
    assert list(new.values_list("target_text", flat=True)) == list(
        old.values_list("target_text", flat=True)
    )
    assert new.count() == 3
    assert set(new.values_list("actual_text", flat=True)) == {""}
    source = SubMeasure.objects.filter(kpi_year__cycle_kpi__cycle=imported_cycle)
    assert list(old.values_list("actual_text", flat=True)) == list(
        source.values_list("actual_text", flat=True)
    )
    assert "" not in set(old.values_list("actual_text", flat=True))


def test_light_statistics_keep_the_earlier_years_as_printed(imported_cycle, next_cycle) -> None:  # type: ignore[no-untyped-def]
    def printed(cycle: Cycle, year: int) -> list[tuple[str, ...]]:
        rows = LightStatistic.objects.filter(cycle=cycle, year=year).order_by("position")
        return list(
            rows.values_list("category", "stage", "light_text", "count_text", "percent_text")
        )

    assert next_cycle.table_headers["light_statistics"][0][2:] == ["105", "106", "107", "108"]
    for year in (105, 106, 107):
        assert printed(next_cycle, year) == printed(imported_cycle, year)
    assert printed(next_cycle, 105)[2] == ("green", "initial", "綠燈", "12", "85.71")
    # 104 leaves the table; 108 is derived from the year's data when it is published
    assert not LightStatistic.objects.filter(cycle=next_cycle, year__in=(104, 108)).exists()
