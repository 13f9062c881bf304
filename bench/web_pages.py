"""Benchmark: how long the cycle's pages take to answer, and a publication in every format.

Usage: .venv/bin/python bench/web_pages.py [--runs 9]
On a fresh SQLite database holding the demo (the published 107 sample and the open 108 cycle),
prints the median and slowest time of each page as the person who would open it, with the number
of SQL queries it ran, then the median time of publishing a corrected version of 107 (the
report built and rendered in every format and stored in the database).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "mofa-107-performance-report.txt"


def prepare(directory: Path) -> None:
    """A fresh SQLite database in `directory` with the demo's data and accounts."""
    sys.path.insert(0, str(ROOT))
    os.environ["GOVPERF_VAR_DIR"] = str(directory)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    import django

    django.setup()
    from govperf.database import database_ensure
    from govperf.demo.people import cycle_assign_units, people_ensure
    from govperf.demo.year import next_cycle_ensure
    from govperf.imports.services import reports_import_files

    database_ensure()
    published = reports_import_files(paths=[SAMPLE])[0].cycle
    cycle_assign_units(cycle=published)
    people = people_ensure(agency=published.agency, password="bench")
    next_cycle_ensure(previous=published, planning=people["planning"])


def pages() -> list[tuple[str, str]]:
    """(who, url) for the pages people open most, on the 108 cycle in progress."""
    from govperf.evaluation.models import Cycle, KpiYear

    cycle = Cycle.objects.get(year=108)
    kpi = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=108, cycle_kpi__unit__name="亞太司")
    kpi_id = kpi.order_by("pk").first().pk  # type: ignore[union-attr]
    return [
        ("anonymous", "/"),
        ("planning", f"/cycles/{cycle.pk}/"),
        ("planning", f"/cycles/{cycle.pk}/kpis/"),
        ("staff-asia", f"/kpi-years/{kpi_id}/"),
        ("staff-asia", f"/kpi-years/{kpi_id}/edit/"),
        ("planning", f"/cycles/{cycle.pk}/lights/"),
        ("planning", f"/cycles/{cycle.pk}/board/"),
        ("accounting", f"/cycles/{cycle.pk}/budget/"),
        ("planning", f"/cycles/{cycle.pk}/chapters/"),
    ]


def time_page(who: str, url: str, runs: int) -> tuple[list[float], int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if who != "anonymous":
        client.force_login(get_user_model().objects.get(username=who))
    assert client.get(url).status_code == 200, url  # warm-up, and the page must work
    seconds = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(url)
            seconds.append(time.perf_counter() - start)
    return seconds, len(queries)


def time_publication(runs: int) -> list[float]:
    """A correction of 107 published again: build, render every format, store, per run."""
    from django.contrib.auth import get_user_model

    from govperf.domain.workflow import CycleAction
    from govperf.evaluation.models import Cycle
    from govperf.workflow.publishing import cycle_publish
    from govperf.workflow.services import cycle_apply

    planning = get_user_model().objects.get(username="planning")
    seconds = []
    for run in range(runs):
        cycle = Cycle.objects.get(year=107)
        reason = f"基準測試第 {run + 1} 次更正"
        cycle_apply(actor=planning, cycle=cycle, action=CycleAction.START_CORRECTION, reason=reason)
        start = time.perf_counter()
        cycle_publish(actor=planning, cycle=cycle, reason=reason)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as directory:
        prepare(Path(directory))
        print(f"{'page':<34} {'as':<11} {'median ms':>9} {'max ms':>8} {'queries':>7}")
        for who, url in pages():
            seconds, queries = time_page(who, url, runs)
            median, worst = statistics.median(seconds) * 1000, max(seconds) * 1000
            print(f"{url:<34} {who:<11} {median:9.1f} {worst:8.1f} {queries:7d}")
        published = time_publication(max(3, runs // 3))
        print(f"publish a version in every format: median {statistics.median(published):.2f} s "
              f"(first {published[0]:.2f} s, {len(published)} runs)")  # fmt: skip


if __name__ == "__main__":
    main()
