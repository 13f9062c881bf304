"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's server.

Fixtures: `browser` (one Chromium for the package), `page` (a fresh context per test, so no
cookie leaks between tests), `site` (the live server's base URL); `sign_in` signs a page in.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("GOVPERF_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="package")
def async_unsafe_allowed() -> Iterator[None]:
    """Playwright runs an event loop in the test thread, which trips Django's async-unsafe
    guard on every ORM call a test or fixture makes; allowed here, for these tests only."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="package")
def browser(async_unsafe_allowed: None) -> Iterator[object]:
    """One headless Chromium for every browser test; Playwright's launch gives it a new,
    throwaway user-data directory (it refuses a --user-data-dir argument)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `scripts/setup --for-tests` "
            "(installs the Debian package chromium) or set GOVPERF_CHROMIUM to its path."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(live_server) -> str:  # type: ignore[no-untyped-def]
    """The base URL of the running site, without a trailing slash."""
    return str(live_server.url).rstrip("/")


@pytest.fixture
def page(browser, async_unsafe_allowed: None) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A page in a fresh browser context (its own cookies), in 繁體中文 by default."""
    context = browser.new_context(locale="zh-TW")
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    yield opened
    context.close()


def sign_in(page, base_url: str, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Sign `page` in through the login form, and wait until the site shows who is signed in."""
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.locator("header .who", has_text=username).wait_for()
