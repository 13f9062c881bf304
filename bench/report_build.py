"""Benchmark: build the imported sample report in every format, against LibreOffice ODT→PDF.

Usage: .venv/bin/python bench/report_build.py [--runs 5]
Prints the median build time per format and in total (in-process, after one warm-up run), the
peak memory of the process, and, in the same run, the median time LibreOffice (soffice
--headless) takes to convert our own ODT to PDF, which is what a user would otherwise run.
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

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "mofa-107-performance-report.txt"


def prepare_database(directory: Path) -> None:
    """A fresh SQLite database in `directory` with the sample imported."""
    sys.path.insert(0, str(ROOT))
    os.environ["GOVPERF_VAR_DIR"] = str(directory)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from govperf.database import database_ensure
    from govperf.imports.services import reports_import_files

    database_ensure()
    reports_import_files(paths=[SAMPLE])


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


def time_libreoffice(odt: bytes, runs: int) -> list[float] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    seconds = []
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "report.odt"
        source.write_bytes(odt)
        profile = f"-env:UserInstallation=file://{work}/profile"
        command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", work,
                   str(source)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)  # first start creates the profile
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as directory:
        prepare_database(Path(directory))
        times, first, odt = time_builds(runs)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"govperf report build, sample 外交部 107年度: median of {runs} runs | first (cold) run")
    for name, seconds in times.items():
        median_ms, first_ms = statistics.median(seconds) * 1000, first[name] * 1000
        print(f"  {name:<6} {median_ms:8.1f} ms | {first_ms:8.1f} ms")
    print(f"  peak memory of the process: {peak_mib:.0f} MiB")
    libreoffice = time_libreoffice(odt, runs=3)
    if libreoffice is None:
        print("LibreOffice: soffice not installed (Debian libreoffice-writer-nogui)")
    else:
        print(f"LibreOffice ODT→PDF, same ODT, median of 3: {statistics.median(libreoffice):.2f} s")


if __name__ == "__main__":
    main()
