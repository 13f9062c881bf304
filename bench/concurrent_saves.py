"""Benchmark: parallel saves of the 108 cycle's KPIs on SQLite, per transaction and journal mode.

Usage: .venv/bin/python bench/concurrent_saves.py [--rounds 5] [--readers 8]
On a fresh SQLite file holding the demo, a threaded WSGI server answers real HTTP clients: each
round, one client per KPI (the 15 not summed from sub-measures) saves it through the API, all
at the same moment, while `--readers` clients open the cycle's KPI list. For Django's default
(DEFERRED, 5 s busy timeout), IMMEDIATE with govperf's busy timeout, and IMMEDIATE with WAL
(govperf's setting), it prints how many saves succeeded and how many answered 500, the median
save and read latency, and each median as a ratio to govperf's setting.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "mofa-107-performance-report.txt"
PASSWORD = "bench"


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
    people = people_ensure(agency=published.agency, password=PASSWORD)
    next_cycle_ensure(previous=published, planning=people["planning"])


def serve() -> str:
    """Start a threaded WSGI server (as runserver's) in the background; its base URL."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


class Client:
    """One signed-in person talking HTTP: cookies, CSRF, timings."""

    def __init__(self, base: str, username: str) -> None:
        self.base, self.cookies = base, CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies))
        self.send("GET", "/login/")
        form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.token()}
        self.send("POST", "/login/", urlencode(form).encode(), "application/x-www-form-urlencoded")

    def token(self) -> str:
        return next((c.value or "" for c in self.cookies if c.name == "csrftoken"), "")

    def send(
        self, method: str, path: str, body: bytes | None = None, kind: str = "application/json"
    ) -> tuple[int, bytes, float]:
        headers = {"X-CSRFToken": self.token(), "Content-Type": kind}
        request = Request(self.base + path, data=body, method=method, headers=headers)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                status, content = response.status, response.read()
        except HTTPError as error:
            status, content = error.code, error.read()
        return status, content, time.perf_counter() - started


def save(client: Client, kpi_year_id: int, actual: str) -> tuple[int, float]:
    path = f"/api/v1/kpi-years/{kpi_year_id}"
    version = json.loads(client.send("GET", path)[1])["version"]
    body = json.dumps({"version": version, "actual": actual, "analysis": f"分析 {time.time()}"})
    status, _, seconds = client.send("PATCH", path, body.encode())
    return status, seconds


def configure(options: dict[str, Any], wal: bool) -> None:
    """Switch the connections the server opens from now on; the journal mode is the file's."""
    from django.db import connection, connections

    connections.settings["default"]["OPTIONS"] = options
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")
    connections.close_all()


def one_round(saves: list[tuple[Client, int, str]], readers: list[Client], list_path: str) -> Any:
    tasks = len(saves) + len(readers)
    barrier = threading.Barrier(tasks)

    def write(item: tuple[Client, int, str]) -> tuple[str, int, float]:
        client, kpi_year_id, actual = item
        barrier.wait()
        return ("save", *save(client, kpi_year_id, actual))

    def read(client: Client) -> tuple[str, int, float]:
        barrier.wait()
        status, _, seconds = client.send("GET", list_path)
        return ("read", status, seconds)

    with ThreadPoolExecutor(max_workers=tasks) as pool:
        futures = [pool.submit(write, item) for item in saves]
        futures += [pool.submit(read, client) for client in readers]
        return [future.result() for future in futures]


def measure(rounds: int, readers: int) -> None:
    from django.conf import settings

    from govperf.evaluation.models import Cycle, KpiYear

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the 500s are counted
    base = serve()
    cycle = Cycle.objects.get(year=108)
    years = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=108).exclude(kind="sub_measures")
    staff = {"亞太司": "staff-asia", "國際組織司": "staff-io", "國際傳播司": "staff-ic"}
    pairs = [(y.pk, y.target_text, staff[y.cycle_kpi.unit.name]) for y in years.order_by("pk")]
    clients = [Client(base, username) for _, _, username in pairs]
    reading = [Client(base, "planning") for _ in range(readers)]
    govperf = dict(settings.DATABASES["default"]["OPTIONS"])
    immediate = {key: value for key, value in govperf.items() if key != "init_command"}
    setups = [("DEFERRED (Django default)", {}, False), ("IMMEDIATE + timeout", immediate, False),
              ("IMMEDIATE + timeout + WAL", govperf, True)]  # fmt: skip
    figures: dict[str, tuple[float, float]] = {}
    print(f"{len(pairs)} parallel saves and {readers} readers per round, {rounds} rounds")
    for label, options, wal in setups:
        configure(options, wal)
        results = []
        for _ in range(rounds):
            saves = [(c, pk, text) for c, (pk, text, _) in zip(clients, pairs, strict=True)]
            results += one_round(saves, reading, f"/cycles/{cycle.pk}/kpis/")
        saved = [r for r in results if r[0] == "save"]
        read = [r for r in results if r[0] == "read"]
        ok = sum(1 for r in saved if r[1] == 200)
        failed = sum(1 for r in results if r[1] >= 500)
        save_median = statistics.median(r[2] for r in saved)
        read_median = statistics.median(r[2] for r in read) if read else 0.0
        figures[label] = (save_median, read_median)
        print(
            f"{label:28} saved {ok}/{len(saved)}, 500s {failed:3}, median save "
            f"{save_median * 1000:7.1f} ms, read {read_median * 1000:7.1f} ms"
        )
    chosen = figures[setups[-1][0]]
    for label, (save_median, read_median) in figures.items():
        read_ratio = read_median / chosen[1] if chosen[1] else 0.0
        print(
            f"{label:28} save ×{save_median / chosen[0]:.2f}, read ×{read_ratio:.2f} "
            "of govperf's setting"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--readers", type=int, default=8)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        prepare(Path(directory))
        measure(arguments.rounds, arguments.readers)


if __name__ == "__main__":
    main()
