"""The finance tables on the web: derived cells live and stored, bad numbers, publication."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from govperf.audit.tables import budget_findings
from govperf.evaluation.models import Cycle
from govperf.finance import derived
from govperf.finance.models import BudgetFigure, HeadcountFigure, ProgramCostYear
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db


def _signed_in(client, people, username):  # type: ignore[no-untyped-def]
    client.force_login(people[username])
    return client


def _cell(cycle, fund, measure):  # type: ignore[no-untyped-def]
    return BudgetFigure.objects.get(cycle=cycle, fund=fund, measure=measure, year=cycle.year)


def _name(figure) -> str:  # type: ignore[no-untyped-def]
    return f"budget-{figure.pk}-value"


def test_budget_page_shows_the_published_table_without_inputs(
    client, imported_cycle, django_user_model
):  # type: ignore[no-untyped-def]
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    response = client.get(reverse("finance:budget", args=[imported_cycle.pk]))
    assert response.status_code == 200
    assert "94.49%" in response.content.decode()
    assert "budget-" not in response.content.decode()


def test_the_public_reads_the_published_budget_on_the_portal(client, imported_cycle):  # type: ignore[no-untyped-def]
    response = client.get(reverse("finance:budget", args=[imported_cycle.pk]), follow=True)
    assert response.redirect_chain[0][0].endswith("/107/#budget")
    assert "94.49%" in response.content.decode()


def test_preview_returns_the_derived_rate_of_typed_values(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    _signed_in(client, people, "accounting")
    final = _cell(draft_cycle, "普通基金(總預算)", "final")
    url = reverse("finance:budget_preview", args=[draft_cycle.pk])
    response = client.post(url, {_name(final): "13,067"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="derived"' in body and "<html" not in body
    assert "50.00%" in body  # 13,067 ÷ 26,134
    final.refresh_from_db()
    assert final.text == "24,694"  # a preview saves nothing


def test_save_stores_the_typed_text_and_the_derived_rate(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    _signed_in(client, people, "accounting")
    final = _cell(draft_cycle, "普通基金(總預算)", "final")
    url = reverse("finance:budget_save", args=[draft_cycle.pk])
    response = client.post(url, {_name(final): "13,067", "reason": "決算更正"}, follow=True)
    assert response.status_code == 200
    final.refresh_from_db()
    assert (final.text, final.value) == ("13,067", Decimal("13067"))
    rate = _cell(draft_cycle, "普通基金(總預算)", "execution_rate")
    computed = derived.execution_rates(draft_cycle)[("普通基金(總預算)", draft_cycle.year)]
    assert rate.value == computed == Decimal("50.00")
    assert rate.text == "50.00%"
    assert list(budget_findings(draft_cycle)) == []  # the audit finds the stored rate right
    body = response.content.decode()
    assert "accounting" in body and "24,694" in body and "13,067" in body and "決算更正" in body
    record = final.history.first()
    assert record.history_user == people["accounting"]
    assert record.history_change_reason == "決算更正"


def test_a_bad_number_names_its_cell_and_saves_nothing(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    _signed_in(client, people, "accounting")
    budget = _cell(draft_cycle, "特種基金", "budget")
    final = _cell(draft_cycle, "普通基金(總預算)", "final")
    url = reverse("finance:budget_save", args=[draft_cycle.pk])
    data = {_name(final): "20,000", _name(budget): "十二"}
    body = client.post(url, data, follow=True).content.decode()
    assert f"特種基金 預算 {draft_cycle.year}年度" in body
    assert "未儲存任何數值" in body
    final.refresh_from_db()
    assert final.text == "24,694"


def test_headcount_total_and_ratio_are_recomputed(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    _signed_in(client, people, "personnel")
    staff = HeadcountFigure.objects.get(cycle=draft_cycle, label="職員", year=draft_cycle.year)
    url = reverse("finance:headcount_save", args=[draft_cycle.pk])
    client.post(url, {f"headcount-{staff.pk}-value": "1,759"})
    total = HeadcountFigure.objects.get(cycle=draft_cycle, label="合計", year=draft_cycle.year)
    assert (total.text, total.value) == ("2,621", Decimal("2621"))
    assert total.value == derived.headcount_totals(draft_cycle)[draft_cycle.year]


def test_program_cost_subtotals_are_recomputed(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    _signed_in(client, people, "accounting")
    program = ProgramCostYear.objects.get(
        program_cost__cycle=draft_cycle,
        program_cost__program_text="北美事務",
        year=draft_cycle.year,
    )
    url = reverse("finance:program_costs_preview", args=[draft_cycle.pk])
    body = client.post(url, {f"program_costs-{program.pk}-budget": "377,589"}).content.decode()
    assert "4,244,889" in body and "12,949,245" in body
    client.post(
        reverse("finance:program_costs_save", args=[draft_cycle.pk]),
        {f"program_costs-{program.pk}-budget": "377,589"},
    )
    sums = derived.program_cost_sums(draft_cycle)
    total = ProgramCostYear.objects.get(
        program_cost__cycle=draft_cycle, program_cost__kind="total", year=draft_cycle.year
    )
    assert total.budget_value == sums[(total.program_cost.position, draft_cycle.year)]
    assert total.budget_text == "12,949,245"
    page = client.get(reverse("finance:program_costs", args=[draft_cycle.pk])).content.decode()
    assert "北美事務" in page and "377,588" in page and "377,589" in page  # recent changes


def test_program_costs_page_in_english(client, imported_cycle, django_user_model):  # type: ignore[no-untyped-def]
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    client.cookies["django_language"] = "en"
    body = client.get(reverse("finance:program_costs", args=[imported_cycle.pk])).content.decode()
    assert "Budget execution (%)" in body and "Cost of programs" in body


def test_an_edit_after_publication_is_refused(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    _signed_in(client, people, "accounting")
    final = _cell(draft_cycle, "普通基金(總預算)", "final")
    url = reverse("finance:budget_save", args=[draft_cycle.pk])
    body = client.post(url, {_name(final): "1"}, follow=True).content.decode()
    assert "已公告，資料已鎖定" in body
    final.refresh_from_db()
    assert final.text == "24,694"


def test_a_role_without_the_permission_is_refused(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    _signed_in(client, people, "personnel")
    final = _cell(draft_cycle, "普通基金(總預算)", "final")
    response = client.post(
        reverse("finance:budget_save", args=[draft_cycle.pk]), {_name(final): "1"}
    )
    assert response.status_code == 403


def test_an_open_cycle_is_editable(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    open_year(people["planning"], draft_cycle)
    _signed_in(client, people, "accounting")
    body = client.get(reverse("finance:budget", args=[draft_cycle.pk])).content.decode()
    assert "budget-" in body and 'hx-trigger="input changed delay:300ms"' in body
