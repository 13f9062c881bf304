"""Under gunicorn with the production settings: pages, the stylesheet and htmx are served."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "examples" / "mofa-107-performance-report.txt"
START_BOUND_SECONDS = 60  # how long to wait for gunicorn to listen, not a measured figure


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_env(tmp_path: Path) -> dict[str, str]:
    """The production settings as docs/deploy.md sets them, on a throwaway SQLite database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback, no proxy in front
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "GOVPERF_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'govperf.sqlite3'}",
    }


def manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[str]:
    """gunicorn serving the imported sample, as deployed: migrate, import, collectstatic, start."""
    env = production_env(tmp_path)
    manage(env, "migrate", "--noinput")
    manage(env, "import_report", str(SAMPLE))
    manage(env, "collectstatic", "--noinput")
    port = free_port()
    bind = ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", *bind],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_BOUND_SECONDS
        while True:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start listening"
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


@pytest.mark.once  # gunicorn and WhiteNoise do not depend on the database
def test_gunicorn_serves_the_pages_and_the_static_files(gunicorn: str) -> None:
    status, headers, body = fetch(f"{gunicorn}/")
    page = body.decode()
    assert status == 200
    assert "外交部" in page and "107" in page
    assert "Set-Cookie" not in headers
    assert headers["Cache-Control"] == "public, max-age=60"
    assert "ETag" in headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]

    stylesheet = re.search(r'href="(/static/govperf/site\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the stylesheet's name carries its content hash"
    status, headers, css = fetch(gunicorn + stylesheet.group(1))
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert b".htmx-indicator" in css
    assert "immutable" in headers["Cache-Control"]
    _, zipped, _ = fetch(gunicorn + stylesheet.group(1), **{"Accept-Encoding": "gzip"})
    assert zipped.get("Content-Encoding") == "gzip"

    script = re.search(r'src="(/static/django_htmx/htmx-2\.min\.[0-9a-f]{12}\.js)"', page)
    assert script, page[:2000]
    status, headers, js = fetch(gunicorn + script.group(1))
    assert status == 200 and b"htmx" in js
