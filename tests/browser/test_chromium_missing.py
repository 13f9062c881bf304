"""Without Chromium the browser tests fail with a clear message; they never skip silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.once
def test_missing_chromium_fails_with_a_message_naming_the_fix() -> None:
    env = os.environ | {"GOVPERF_CHROMIUM": "/nonexistent/chromium"}
    env.pop("DATABASE_URL", None)  # SQLite: the outer run's PostgreSQL test database is in use
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/browser/test_home.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout
    assert "Chromium not found at /nonexistent/chromium" in done.stdout
    assert "scripts/setup --for-tests" in done.stdout
    assert "skipped" not in done.stdout
