"""A cycle carried over to a new year: its blank new-year cells are typed on the web."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from govperf.finance.models import BudgetFigure
from govperf.workflow.carryover import cycle_create_next

pytestmark = pytest.mark.django_db


def _figure(cycle, fund, measure, year):  # type: ignore[no-untyped-def]
    return BudgetFigure.objects.get(cycle=cycle, fund=fund, measure=measure, year=year)


def test_the_new_years_blank_cells_are_typed_one_at_a_time(client, people, imported_cycle):  # type: ignore[no-untyped-def]
    cycle = cycle_create_next(actor=people["planning"], previous=imported_cycle, year=108)
    general = _figure(cycle, "普通基金(總預算)", "budget", 108)
    final = _figure(cycle, "普通基金(總預算)", "final", 108)
    client.force_login(people["accounting"])
    page = client.get(reverse("finance:budget", args=[cycle.pk])).content.decode()
    assert f'name="budget-{general.pk}-value"' in page
    earlier = _figure(cycle, "普通基金(總預算)", "budget", 107)
    assert f'name="budget-{earlier.pk}-value"' not in page  # earlier years are closed
    data = {f"budget-{general.pk}-value": "27,000", f"budget-{final.pk}-value": ""}
    client.post(reverse("finance:budget_save", args=[cycle.pk]), data)
    general.refresh_from_db()
    final.refresh_from_db()
    assert (general.text, general.value) == ("27,000", Decimal("27000"))
    assert final.text == "" and final.value is None


def test_the_budget_total_is_the_funds_sum_and_cannot_be_typed(client, people, imported_cycle):  # type: ignore[no-untyped-def]
    cycle = cycle_create_next(actor=people["planning"], previous=imported_cycle, year=108)
    total = _figure(cycle, "合計", "budget", 108)
    general = _figure(cycle, "普通基金(總預算)", "budget", 108)
    special = _figure(cycle, "特種基金", "budget", 108)
    client.force_login(people["accounting"])
    page = client.get(reverse("finance:budget", args=[cycle.pk])).content.decode()
    assert f'name="budget-{total.pk}-value"' not in page
    data = {
        f"budget-{total.pk}-value": "27,000",  # forged: 合計 is not a typed cell
        f"budget-{general.pk}-value": "27,000",
        f"budget-{special.pk}-value": "100",
    }
    client.post(reverse("finance:budget_save", args=[cycle.pk]), data)
    total.refresh_from_db()
    assert (total.text, total.value) == ("27,100", Decimal("27100"))


def test_an_amount_too_large_for_its_rate_is_refused_by_cell(client, people, imported_cycle):  # type: ignore[no-untyped-def]
    cycle = cycle_create_next(actor=people["planning"], previous=imported_cycle, year=108)
    budget = _figure(cycle, "普通基金(總預算)", "budget", 108)
    final = _figure(cycle, "普通基金(總預算)", "final", 108)
    client.force_login(people["accounting"])
    data = {f"budget-{budget.pk}-value": "0.000001", f"budget-{final.pk}-value": "99,999,999"}
    url = reverse("finance:budget_save", args=[cycle.pk])
    body = client.post(url, data, follow=True).content.decode()
    assert "普通基金(總預算) 執行率(%) 108年度" in body and "超過可儲存的範圍" in body
    budget.refresh_from_db()
    assert budget.text == ""  # nothing was saved
    assert client.get(reverse("finance:budget", args=[cycle.pk])).status_code == 200
