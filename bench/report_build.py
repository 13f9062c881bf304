"""Benchmark: build the imported sample report in every format, against LibreOffice ODT→PDF.

Usage: .venv/bin/python bench/report_build.py [--runs 5] [--process-runs 5] [--import-runs 10]
Prints, in one run (about 30 s with the defaults, on 2 cores):
- the in-process import of the sample: median of --import-runs, each in a transaction rolled
  back (a fresh database per run would time `migrate`, 2 s, not the import), after one warm-up
  import that also renders every format; the timed imports reuse those renders (the import keeps
  a file's renders per process), so they time parsing, checks and writing;
- the median build time per format and in total (in-process, after one warm-up run), and the
  peak memory of the process;
- the whole-process `govperf build-report` (all five formats, a new Python process against the
  bench's database, as a user runs it): median of --process-runs, after one warm-up run;
- the median time LibreOffice (soffice --headless) takes to convert our own ODT to PDF (what a
  user would otherwise run; median of --process-runs), and the ratio of the two.
The machine is shared: compare figures of one run, and repeat a run before believing a change.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "mofa-107-performance-report.txt"


def prepare_database(directory: Path, import_runs: int) -> tuple[list[float], float]:
    """A fresh SQLite database in `directory` with the sample imported; returns the seconds of
    each timed import (rolled back) and of the warm-up one."""
    sys.path.insert(0, str(ROOT))
    os.environ["GOVPERF_VAR_DIR"] = str(directory)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from govperf.database import database_ensure
    from govperf.imports.services import reports_import_files

    database_ensure()
    seconds = time_imports(import_runs)
    reports_import_files(paths=[SAMPLE])
    return seconds[1:], seconds[0]


class _RolledBack(Exception):
    pass


def time_imports(runs: int) -> list[float]:
    """Seconds of `runs` + 1 imports of the sample into the empty database, each rolled back."""
    from django.db import transaction

    from govperf.imports.services import reports_import_files

    seconds = []
    for _ in range(runs + 1):
        try:
            with transaction.atomic():
                start = time.perf_counter()
                reports_import_files(paths=[SAMPLE])
                seconds.append(time.perf_counter() - start)
                raise _RolledBack
        except _RolledBack:
            pass
    return seconds


def renderers() -> dict[str, Callable[[object], object]]:
    from govperf.reports.render_docx import render_docx
    from govperf.reports.render_html import render_html
    from govperf.reports.render_odt import render_odt
    from govperf.reports.render_pdf import render_pdf
    from govperf.reports.render_text import render_text

    return {"html": render_html, "pdf": render_pdf, "docx": render_docx, "odt": render_odt,
            "txt": render_text}  # fmt: skip


def time_builds(runs: int) -> tuple[dict[str, list[float]], dict[str, float], bytes]:
    """Seconds per run for the builder and each renderer, the first (cold) run apart, and the
    last ODT. Typst caches what it compiled, so repeated runs of one document are its best case;
    the cold run shows a document it has not seen (fonts and templates load then too)."""
    from govperf.evaluation.models import Cycle
    from govperf.reports.builder import document_build

    cycle = Cycle.objects.get()
    formats = renderers()
    times: dict[str, list[float]] = {name: [] for name in ["build", *formats, "total"]}
    first: dict[str, float] = {}
    odt = b""
    for run in range(runs + 1):  # run 0 warms caches (fonts, templates) and is not counted
        start = time.perf_counter()
        document = document_build(cycle)
        laps = {"build": time.perf_counter() - start}
        for name, render in formats.items():
            begin = time.perf_counter()
            output = render(document)
            laps[name] = time.perf_counter() - begin
            odt = output if name == "odt" else odt  # type: ignore[assignment]
        laps["total"] = time.perf_counter() - start
        for name, seconds in laps.items():
            if run:
                times[name].append(seconds)
            else:
                first[name] = seconds
    return times, first, odt


def time_commands(directory: Path, odt: bytes, runs: int) -> tuple[list[float], list[float]]:
    """Seconds of `govperf build-report` (every format, its own process, against the bench's
    database) and of LibreOffice converting our ODT to PDF, taken in turns after a warm-up of
    each, so that a busy machine slows both alike; no LibreOffice figures without soffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    ours: list[float] = []
    theirs: list[float] = []
    with tempfile.TemporaryDirectory() as work:
        build = [sys.executable, "-m", "govperf.cli", "build-report", "--out", work]
        source = Path(work) / "report.odt"
        source.write_bytes(odt)
        profile = f"-env:UserInstallation=file://{work}/profile"
        convert = [soffice or "soffice", profile, "--headless", "--convert-to", "pdf",
                   "--outdir", work, str(source)]  # fmt: skip
        for run in range(runs + 1):  # run 0 warms up (and creates LibreOffice's profile)
            seconds = _seconds(build, env=environment, cwd=ROOT)
            ours += [seconds] if run else []
            if soffice is not None:
                seconds = _seconds(convert)
                theirs += [seconds] if run else []
    return ours, theirs


def _seconds(command: list[str], **options: Any) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **options)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="in-process builds")
    parser.add_argument("--process-runs", type=int, default=5, help="processes; LibreOffice runs")
    parser.add_argument("--import-runs", type=int, default=10, help="in-process imports")
    options = parser.parse_args()
    runs = options.runs
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as directory:
        imports, first_import = prepare_database(Path(directory), options.import_runs)
        times, first, odt = time_builds(runs)
        process, libreoffice = time_commands(Path(directory), odt, options.process_runs)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median_ms, first_ms = statistics.median(imports) * 1000, first_import * 1000
    print(f"import of the sample, in-process, rolled back: median of {options.import_runs} "
          f"{median_ms:.1f} ms | first, rendering every format {first_ms:.1f} ms")  # fmt: skip
    print(f"govperf report build, sample 外交部 107年度: median of {runs} runs | first (cold) run")
    for name, seconds in times.items():
        median_ms, first_ms = statistics.median(seconds) * 1000, first[name] * 1000
        print(f"  {name:<6} {median_ms:8.1f} ms | {first_ms:8.1f} ms")
    print(f"  peak memory of the process: {peak_mib:.0f} MiB")
    whole = statistics.median(process)
    print(f"govperf build-report, every format, whole process, median of {len(process)}: "
          f"{whole:.2f} s")  # fmt: skip
    if not libreoffice:
        print("LibreOffice: soffice not installed (Debian libreoffice-writer-nogui)")
        return
    office = statistics.median(libreoffice)
    print(f"LibreOffice ODT→PDF, same ODT, median of {len(libreoffice)}: {office:.2f} s")
    print(f"govperf build-report (5 formats) / LibreOffice (1 conversion): {whole / office:.2f}")
    print(f"load average (1 min) before and after: {load_before:.1f}, {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")  # fmt: skip


if __name__ == "__main__":
    main()
