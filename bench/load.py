"""Benchmark: the public pages and API under load, gunicorn with 2 workers on PostgreSQL.

Usage: .venv/bin/python bench/load.py [--agencies 40] [--years 10] [--kpis 20]
       [--duration 10] [--connections 50] [--runs 1] [--files rendered|small] [--uncached]
Starts a throwaway PostgreSQL cluster (or uses DATABASE_URL, which must name an empty database
or one this benchmark filled before: its data is then reused), migrates, writes the national
data set (bench/national_data.py), starts gunicorn (2 sync workers, the production settings) on
127.0.0.1 and drives each endpoint with wrk (Debian's `wrk`: `apt-get install wrk`) for
`--duration` seconds over `--connections` connections. Per endpoint it prints req/s, the
p50/p95/p99 latency, errors (non-2xx answers, timeouts, socket errors) and the response body's
size; with `--runs 3`, the median of three runs of each figure. Everything runs on loopback and
on this machine, so wrk shares the CPU with gunicorn and PostgreSQL: compare runs made alike.
wrk reports only the requests that finished: an endpoint slower than `--duration` ÷ connections
per request (the home page at the national set) shows fewer requests and understated latency.

Measured 2026-12-02 after published files moved to their storage, one run of 5 s per endpoint,
quiet machine, answers kept as deployed, p95: national (40 × 10 × 20) home 20.6 ms, agencies 16.7,
agency-year 14.9, KPI page 14.2, comparison 15.1, search 15.5, versions 13.3, /api/v1/cycles 13.1,
/api/v1/published-years 14.2, /api/v1/kpi-years 14.2, a cycle's KPI-years 14.5 (3,400–4,500
req/s); one agency 13.5–17.3 ms. The report PDF is streamed from the published storage, not kept:
p95 85 ms (617 req/s) national, 91 ms one agency. Made anew (`--uncached`, national, an earlier
run while tests ran): p95 0.15–1.75 s.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.national_data import Size, national_data_generate  # noqa: E402

# wrk's report as one JSON line; latencies in microseconds.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration": %d, "bytes": %d, "errors": %d, "status": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free loopback port, as scripts/test makes; its URL."""
    initdb = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))[-1]
    bin_dir = initdb.parent
    directory = Path(tempfile.mkdtemp(prefix="govperf-load-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(directory, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    directory.chmod(0o700)
    port, password = free_port(), secrets.token_hex(16)
    (directory / "password").write_text(password + "\n")
    if run_as:
        shutil.chown(directory / "password", "postgres")
    data = directory / "data"
    subprocess.run(
        [*run_as, str(initdb), "-D", str(data), "-U", "govperf", f"--pwfile={directory}/password",
         "--encoding=UTF8", "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"listen_addresses = '127.0.0.1'\nport = {port}\n"
            f"unix_socket_directories = '{directory}'\nfsync = off\nsynchronous_commit = off\n"
            "full_page_writes = off\nmax_connections = 100\n"
        )
    pg_ctl = [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        [*pg_ctl, "-l", f"{directory}/server.log", "-w", "-t", "60", "start"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        subprocess.run(
            [str(bin_dir / "createdb"), "-h", str(directory), "-p", str(port), "-U", "govperf",
             "govperf"], check=True,
        )  # fmt: skip
        yield f"postgres://govperf:{password}@127.0.0.1:{port}/govperf"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "-w", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(directory, ignore_errors=True)


def prepare(database_url: str, size: Size, files: str) -> None:
    """Migrate and write the data set, unless this database holds it already."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    import django

    django.setup()
    from govperf.agencies.models import Agency
    from govperf.database import database_ensure

    started = time.perf_counter()
    database_ensure()
    if Agency.objects.exists():
        print(f"reusing the data in the database ({Agency.objects.count()} agencies)")
        return
    counts = national_data_generate(size=size, files=files)
    print(f"data set written in {time.perf_counter() - started:.1f} s (migrations included): "
          + ", ".join(f"{name} {count:,}" for name, count in counts.items()))  # fmt: skip


def subjects() -> dict[str, int]:
    """What the endpoints open: the first agency's latest published year and a KPI of it."""
    from govperf.evaluation.models import Cycle
    from govperf.workflow.models import PublicKpiYear

    cycle = Cycle.objects.filter(versions__isnull=False).order_by("agency__name", "-year")[0]
    kpi = PublicKpiYear.objects.filter(version__cycle=cycle, is_latest=True).order_by("pk")[0]
    return {"cycle": cycle.pk, "agency": cycle.agency_id, "year": cycle.year, "kpi": kpi.kpi_id}


# The endpoints measured, by name: the public portal's pages and the API's lists.
ENDPOINTS: dict[str, Callable[[dict[str, int]], str]] = {
    "home": lambda s: "/",
    "agencies": lambda s: "/agencies/",
    "agency-year": lambda s: f"/agencies/{s['agency']}/{s['year']}/",
    "KPI page": lambda s: f"/kpis/{s['kpi']}/",
    "comparison": lambda s: "/compare/",
    "search": lambda s: "/search/?q=%E5%9C%8B%E9%9A%9B",  # 國際
    "versions": lambda s: f"/agencies/{s['agency']}/{s['year']}/versions/",
    "report PDF": lambda s: f"/agencies/{s['agency']}/{s['year']}/report.pdf",
    "API cycles": lambda s: "/api/v1/cycles",
    "API years": lambda s: "/api/v1/published-years",
    "API KPI-years": lambda s: "/api/v1/kpi-years",
    "API cycle KPIs": lambda s: f"/api/v1/cycles/{s['cycle']}/kpi-years",
}


@contextmanager
def gunicorn(database_url: str, workers: int, *, cached: bool = True) -> Iterator[str]:
    """gunicorn serving govperf with the production settings on loopback; its base URL.
    Not `cached`: no answer is kept (GOVPERF_PAGE_CACHE_SECONDS=0), each is made anew."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "DJANGO_HSTS_SECONDS": "0",
        **({} if cached else {"GOVPERF_PAGE_CACHE_SECONDS": "0"}),
    }
    command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application",
               "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "120",
               "--log-level", "warning"]  # fmt: skip
    static = tempfile.mkdtemp(prefix="govperf-load-static-")
    env["DJANGO_STATIC_ROOT"] = static
    # As deployed (docs/deploy.md): without the manifest every page answers 500.
    subprocess.run([str(Path(sys.executable).parent / "govperf"), "collectstatic", "--noinput"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/cycles", timeout=60).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static, ignore_errors=True)


def body_size(url: str) -> int:
    """The answer's body in bytes; a page that does not answer 200 stops the benchmark."""
    with urllib.request.urlopen(url, timeout=120) as response:
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        return len(response.read())


def wrk(url: str, duration: int, connections: int, script: Path) -> dict[str, float]:
    """One wrk run; req/s, latency percentiles in ms, errors."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "60s", "-s",
         str(script), url],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    report = json.loads(result.stdout.strip().splitlines()[-1])
    seconds = report["duration"] / 1e6
    return {
        "req/s": report["requests"] / seconds,
        "p50": report["p50"] / 1000,
        "p95": report["p95"] / 1000,
        "p99": report["p99"] / 1000,
        "errors": report["errors"],
    }


Figures = dict[str, float]


def measure(base: str, args: argparse.Namespace, title: str) -> dict[str, Figures]:
    """Each endpoint's median figures over `args.runs` wrk runs, printed as they come."""
    ids = subjects()
    results: dict[str, Figures] = {}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    print(f"\n{title}: {args.connections} connections, {args.duration} s per endpoint, "
          f"median of {args.runs} run(s); latency in ms")  # fmt: skip
    print(f"{'endpoint':<14} {'path':<34} {'req/s':>8} {'p50':>8} {'p95':>8} {'p99':>8} "
          f"{'errors':>6} {'KiB':>8}")  # fmt: skip
    try:
        for name, path_of in ENDPOINTS.items():
            url = base + path_of(ids)
            size = body_size(url)
            runs = [wrk(url, args.duration, args.connections, Path(script.name))
                    for _ in range(args.runs)]  # fmt: skip
            m = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            results[name] = m
            print(f"{name:<14} {path_of(ids):<34} {m['req/s']:8.1f} {m['p50']:8.1f} "
                  f"{m['p95']:8.1f} {m['p99']:8.1f} {m['errors']:6.0f} {size / 1024:8.1f}",
                  flush=True)  # fmt: skip
    finally:
        os.unlink(script.name)
    return results


def ratios(kept: dict[str, Figures], made: dict[str, Figures]) -> None:
    """How much faster the kept answers are than answers made anew, per endpoint."""
    print("\nkept ÷ made anew: p95 and req/s ratios (p95 below 1 and req/s above 1 is faster)")
    for name in kept:
        p95 = kept[name]["p95"] / made[name]["p95"]
        rate = kept[name]["req/s"] / made[name]["req/s"]
        print(f"{name:<14} p95 {p95:6.3f}   req/s {rate:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=Size.agencies)
    parser.add_argument("--years", type=int, default=Size.years)
    parser.add_argument("--kpis", type=int, default=Size.kpis)
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint and run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--files", choices=("rendered", "small"), default="rendered")
    parser.add_argument("--uncached", action="store_true",
                        help="also measure with no answer kept, and print the ratios")  # fmt: skip
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed: apt-get install wrk")
    size = Size(args.agencies, args.years, args.kpis)
    given = os.environ.get("DATABASE_URL")
    with postgres_cluster() if not given else _given(given) as database_url:
        prepare(database_url, size, args.files)
        from django.db import connections

        with gunicorn(database_url, args.workers) as base:
            kept = measure(base, args, "answers kept in the cache (as deployed)")
        if args.uncached:
            with gunicorn(database_url, args.workers, cached=False) as base:
                made = measure(base, args, "every answer made anew (no cache)")
            ratios(kept, made)
        connections.close_all()


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


if __name__ == "__main__":
    main()
