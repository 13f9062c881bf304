"""The public portal's reads of the published record: years, KPI history, comparison, search."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.national_data import Size, national_data_generate
from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.domain.version_diff import TextChange, sentences
from govperf.domain.workflow import CycleAction
from govperf.evaluation.models import Cycle, Kpi, KpiYear
from govperf.workflow.actions import cycle_act
from govperf.workflow.public_selectors import (
    SEARCH_MAX_LENGTH,
    RecordNotFound,
    agency_years,
    comparison_rows,
    kpi_history,
    latest_years,
    search_query,
    text_search,
    version_changes,
    year_snapshot,
)

pytestmark = pytest.mark.django_db
KPI = "深化與友邦高層政要之情誼"


def _history_queries(years: int) -> tuple[int, int]:
    """(queries, rows) of one KPI's history on a generated data set of `years` years."""
    national_data_generate(size=Size(agencies=1, years=years, kpis=6), files="small")
    kpi = Kpi.objects.order_by("pk").first()
    assert kpi is not None
    with CaptureQueriesContext(connection) as queries:
        rows = list(kpi_history(kpi_id=kpi.pk))
    return len(queries), len(rows)


@pytest.mark.parametrize("years", [2, 10])
def test_a_kpis_history_is_one_query_for_any_number_of_years(years: int) -> None:
    assert _history_queries(years) == (1, years)


def test_the_history_has_each_years_latest_version_only() -> None:
    national_data_generate(size=Size(agencies=1, years=3, kpis=6), files="small")
    kpi = Kpi.objects.order_by("pk").first()
    assert kpi is not None
    rows = list(kpi_history(kpi_id=kpi.pk))
    assert [row.year for row in rows] == [100, 101, 102]
    for row in rows:
        last = Cycle.objects.get(agency=row.agency_id, year=row.year).versions.order_by("-number")
        assert row.number == last.first().number  # type: ignore[union-attr]


def test_latest_years_and_an_agencys_years() -> None:
    national_data_generate(size=Size(agencies=3, years=3, kpis=4), files="small")
    latest = list(latest_years())
    assert [row.year for row in latest] == [102, 102, 102]
    assert len({row.agency_id for row in latest}) == 3
    assert [row.year for row in agency_years(agency_id=latest[0].agency_id)] == [102, 101, 100]


def test_comparison_rows_filter_sort_and_paginate() -> None:
    national_data_generate(size=Size(agencies=3, years=3, kpis=8), files="small")
    page = comparison_rows(year=101, sort="-achievement", page_size=2)
    rows = list(page)
    assert page.paginator.count == 3 and len(rows) == 2
    assert {row.year for row in rows} == {101}
    assert rows[0].mean_achievement >= rows[1].mean_achievement  # type: ignore[operator]
    red = comparison_rows(light="red")
    assert all(row.red > 0 for row in red)
    assert comparison_rows(sort="nonsense", page="x").number == 1  # ignored, not an error


@pytest.fixture
def planning(imported_cycle: Cycle) -> Any:
    cycle_assign_units(cycle=imported_cycle)
    return people_ensure(agency=imported_cycle.agency, password="pw")["planning"]


def test_search_finds_a_chinese_substring_of_a_kpi_name(imported_cycle: Cycle) -> None:
    found = list(text_search(text="友邦高層政要"))
    assert found and found[0].kind == "kpi" and found[0].title == KPI


def test_search_finds_a_chinese_substring_of_a_paragraph(imported_cycle: Cycle) -> None:
    found = list(text_search(text="互惠互助"))
    assert [(item.kind, item.title) for item in found][:1] == [("paragraph", "壹、前言")]


def test_search_ranks_title_matches_first_and_bounds_the_query(imported_cycle: Cycle) -> None:
    found = list(text_search(text="友邦"))
    ranks = [0 if "友邦" in item.title else 1 for item in found]
    assert ranks == sorted(ranks) and 0 in ranks and 1 in ranks
    assert list(text_search(text="   ")) == []
    assert len(search_query("外" * 500)) == SEARCH_MAX_LENGTH


def test_a_snapshot_by_version_and_what_a_correction_changed(
    imported_cycle: Cycle, planning: Any
) -> None:
    agency = imported_cycle.agency_id
    cycle = cycle_act(
        actor=planning, cycle=imported_cycle, action=CycleAction.START_CORRECTION, reason="更正"
    ).cycle
    KpiYear.objects.filter(cycle_kpi__kpi__name=KPI, year=107).update(actual_text="999人次")
    block = cycle.chapters.get(key="preface").blocks.filter(kind="paragraph").first()
    first_sentence = sentences(block.text)[0]
    block.text = block.text.replace(first_sentence, "本部重新撰寫之首句。", 1)
    block.save()
    cycle_act(actor=planning, cycle=cycle, action=CycleAction.PUBLISH_CORRECTION, reason="更正")
    assert year_snapshot(agency_id=agency, year=107)["version"]["number"] == 2
    assert year_snapshot(agency_id=agency, year=107, number=1)["version"]["number"] == 1
    diff = version_changes(agency_id=agency, year=107, number=2).diff
    changed = [(c.kpi, c.year, c.field, c.old, c.new) for c in diff.values]
    assert (KPI, 107, "實際值", "108人次", "999人次") in changed
    assert diff.texts == (TextChange("壹、前言", (first_sentence,), ("本部重新撰寫之首句。",)),)
    with pytest.raises(RecordNotFound):
        year_snapshot(agency_id=agency, year=107, number=3)
    with pytest.raises(RecordNotFound):
        version_changes(agency_id=agency, year=107, number=1)


def test_on_postgresql_the_search_has_trigram_indexes() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite searches with a plain LIKE")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'workflow_publictext'")
        names = {name for (name,) in cursor.fetchall()}
    assert {"public_text_text_trgm", "public_text_title_trgm"} <= names
