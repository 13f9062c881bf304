"""What a page or an API answer costs in SQL at two sizes of the generated national data set.

One harness for every query-count test (pages, portal, API): each URL is asked twice as the
public on a data set of each size (bench/national_data.py), the answer cache emptied between,
so what is counted is the answer being made. The data set is rolled back afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.national_data import Size, national_data_generate

SMALL = Size(agencies=1, years=2, kpis=5)
LARGE = Size(agencies=5, years=4, kpis=20)
Urls = Mapping[str, Callable[[Any], str]]


@dataclass(frozen=True)
class Measured:
    """One answer: its status, how many queries it ran and their SQL."""

    status: int
    count: int
    sql: list[str]


def measure(size: Size, urls: Urls, subjects: Callable[[], Any]) -> dict[str, Measured]:
    """Each URL's cost on a data set of `size`; `subjects()` gives what the URLs name."""
    measured: dict[str, Measured] = {}
    with transaction.atomic():
        national_data_generate(size=size, seed=3, files="small")
        found = subjects()
        client = Client(HTTP_HOST="127.0.0.1")
        for name, url in urls.items():
            client.get(url(found))  # the first request fills process-wide caches
            cache.clear()  # and the answer cache
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url(found)).status_code
            measured[name] = Measured(status, len(queries), [q["sql"] for q in queries])
        transaction.set_rollback(True)
    return measured


def measure_both(
    django_db_blocker: Any, urls: Urls, subjects: Callable[[], Any]
) -> dict[Size, dict[str, Measured]]:
    """`measure` at SMALL and at LARGE (for a module-scoped fixture)."""
    with django_db_blocker.unblock():
        return {size: measure(size, urls, subjects) for size in (SMALL, LARGE)}


def assert_same_count(measured: dict[Size, dict[str, Measured]], name: str) -> None:
    """The answer is 200 at both sizes and runs as many queries at one agency as at five."""
    small, large = measured[SMALL][name], measured[LARGE][name]
    assert (small.status, large.status) == (200, 200), name
    assert small.count == large.count, (
        f"{name}: {small.count} queries at 1 agency, {large.count} at 5:\n" + "\n".join(large.sql)
    )
