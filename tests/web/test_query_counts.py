"""The public pages run as many SQL queries at one agency as at many: no query per row.

Each page is opened as the public on two sizes of the generated national data set
(tests/query_counts.py): 1 agency × 2 years × 5 KPIs and 5 agencies × 4 years × 20 KPIs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from bench.national_data import Size
from tests.query_counts import LARGE, Measured, assert_same_count, measure_both

# The tests read what `measured` found; marked so that pytest-django sets up the database.
pytestmark = pytest.mark.django_db


def _ids() -> dict[str, int]:
    """The pages' subjects: the first agency's latest cycle, its first KPI of its own year."""
    from govperf.evaluation.models import Cycle, KpiYear
    from govperf.workflow.models import PublishedVersion

    cycle = Cycle.objects.order_by("agency__name", "-year").first()
    assert cycle is not None
    kpi_year = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).order_by("pk")
    last = PublishedVersion.objects.filter(cycle=cycle).order_by("-number").first()
    assert last is not None
    return {"cycle": cycle.pk, "kpi_year": kpi_year.first().pk, "version": last.number}  # type: ignore[union-attr]


# The staff pages of a cycle send the public to the portal, whose pages are counted here too.
PAGES: dict[str, Callable[[dict[str, int]], str]] = {
    "home": lambda ids: "/",
    "report download": lambda ids: f"/cycles/{ids['cycle']}/versions/{ids['version']}/pdf/",
    "API cycles": lambda ids: "/api/v1/cycles",
    "API cycle": lambda ids: f"/api/v1/cycles/{ids['cycle']}",
    "API KPI-years": lambda ids: f"/api/v1/cycles/{ids['cycle']}/kpi-years",
}


@pytest.fixture(scope="module")
def measured(django_db_setup: None, django_db_blocker: Any) -> dict[Size, dict[str, Measured]]:
    return measure_both(django_db_blocker, PAGES, _ids)


@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_the_same_queries_whatever_the_data_size(
    measured: dict[Size, dict[str, Measured]], page: str
) -> None:
    assert_same_count(measured, page)


FILE_ROW = re.compile(r'FROM "workflow_publishedfile"', re.IGNORECASE)


def test_report_download_reads_the_row_of_that_one_file(
    measured: dict[Size, dict[str, Measured]],
) -> None:
    """Its bytes are then streamed from the `published` storage, not read by a query."""
    sql = measured[LARGE]["report download"].sql
    assert len([q for q in sql if FILE_ROW.search(q)]) == 1
