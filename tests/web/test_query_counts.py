"""The public pages run as many SQL queries at one agency as at many: no query per row.

Each page is opened as the public on two sizes of the generated national data set
(bench/national_data.py): 1 agency × 2 years × 5 KPIs and 5 agencies × 4 years × 20 KPIs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.national_data import Size, national_data_generate

# The tests read what `measured` found; marked so that pytest-django sets up the database.
pytestmark = pytest.mark.django_db

SMALL = Size(agencies=1, years=2, kpis=5)
LARGE = Size(agencies=5, years=4, kpis=20)


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


# The staff pages of a cycle send the public to the portal, whose pages tests/portal counts.
PAGES: dict[str, Callable[[dict[str, int]], str]] = {
    "home": lambda ids: "/",
    "report download": lambda ids: f"/cycles/{ids['cycle']}/versions/{ids['version']}/pdf/",
    "API cycles": lambda ids: "/api/v1/cycles",
    "API cycle": lambda ids: f"/api/v1/cycles/{ids['cycle']}",
    "API KPI-years": lambda ids: f"/api/v1/cycles/{ids['cycle']}/kpi-years",
}


def _measure(size: Size) -> dict[str, Any]:
    """Each page's status, queries and SQL on a data set of `size`, rolled back afterwards."""
    measured: dict[str, Any] = {}
    with transaction.atomic():
        national_data_generate(size=size, seed=3, files="small")
        ids = _ids()
        client = Client(HTTP_HOST="127.0.0.1")
        for name, url in PAGES.items():
            client.get(url(ids))  # the first request fills process-wide caches
            cache.clear()  # and the page cache: what is measured is the page being rendered
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url(ids)).status_code
            measured[name] = (status, len(queries), [q["sql"] for q in queries])
        transaction.set_rollback(True)
    return measured


@pytest.fixture(scope="module")
def measured(django_db_setup: None, django_db_blocker: Any) -> dict[Size, dict[str, Any]]:
    with django_db_blocker.unblock():
        return {SMALL: _measure(SMALL), LARGE: _measure(LARGE)}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_the_same_queries_whatever_the_data_size(
    measured: dict[Size, dict[str, Any]], page: str
) -> None:
    small_status, small, _ = measured[SMALL][page]
    large_status, large, sql = measured[LARGE][page]
    assert (small_status, large_status) == (200, 200)
    assert small == large, f"{page}: {small} queries at 1 agency, {large} at 5:\n" + "\n".join(sql)


FILE_CONTENT = re.compile(r'"workflow_publishedfile"\."content"', re.IGNORECASE)


def test_report_download_reads_the_bytes_of_that_one_file(
    measured: dict[Size, dict[str, Any]],
) -> None:
    _, _, sql = measured[LARGE]["report download"]
    assert len([q for q in sql if FILE_CONTENT.search(q)]) == 1
