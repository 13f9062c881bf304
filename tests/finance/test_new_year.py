"""A cycle carried over to a new year: its blank new-year cells are typed on the web."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from govperf.evaluation.carryover import cycle_create_next
from govperf.finance.models import BudgetFigure

pytestmark = pytest.mark.django_db


def test_the_new_years_blank_cells_are_typed_one_at_a_time(client, people, imported_cycle):  # type: ignore[no-untyped-def]
    cycle = cycle_create_next(actor=people["planning"], previous=imported_cycle, year=108)
    budget = BudgetFigure.objects.get(cycle=cycle, fund="合計", measure="budget", year=108)
    final = BudgetFigure.objects.get(cycle=cycle, fund="合計", measure="final", year=108)
    client.force_login(people["accounting"])
    page = client.get(reverse("finance:budget", args=[cycle.pk])).content.decode()
    assert f'name="budget-{budget.pk}-value"' in page
    assert (
        'name="budget-{}-value"'.format(
            BudgetFigure.objects.get(cycle=cycle, fund="合計", measure="budget", year=107).pk
        )
        not in page
    )  # earlier years are closed
    data = {f"budget-{budget.pk}-value": "27,000", f"budget-{final.pk}-value": ""}
    client.post(reverse("finance:budget_save", args=[cycle.pk]), data)
    budget.refresh_from_db()
    final.refresh_from_db()
    assert (budget.text, budget.value) == ("27,000", Decimal("27000"))
    assert final.text == "" and final.value is None
