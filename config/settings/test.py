"""Settings for the test suite; DATABASE_URL switches it to PostgreSQL."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# SQLite tests use a file, not the in-memory database, so the live server's threads each open
# their own connection and contend for the lock as a deployment does; one file per test run
# (pytest-xdist would add its worker suffix to the name).
TEST_SQLITE = Path(tempfile.gettempdir()) / f"govperf-test-{os.getpid()}.sqlite3"


def _test_sqlite_remove() -> None:
    """The run's database files, WAL and shared memory included, once the run ends."""
    for path in TEST_SQLITE.parent.glob(f"{TEST_SQLITE.name}*"):
        path.unlink(missing_ok=True)


if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_SQLITE)}
    atexit.register(_test_sqlite_remove)

# The test client's login() authenticates without a request, which django-axes refuses; the
# tests of the lockout (tests/web/test_accounts_security.py) turn it on.
AXES_ENABLED = False

# The published stamp is read each time: a test's transaction never commits, so the services'
# forgetting it (on commit) would not run; tests/portal/test_cache.py turns keeping it on.
GOVPERF_PUBLISHED_STAMP_SECONDS = 0

# Published files in a folder of this run, removed when it ends; a test that looks at the
# storage itself swaps in an InMemoryStorage of its own (tests/workflow/test_published_files.py).
TEST_PUBLISHED = Path(tempfile.gettempdir()) / f"govperf-test-published-{os.getpid()}"
STORAGES["published"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": TEST_PUBLISHED},
}
atexit.register(shutil.rmtree, TEST_PUBLISHED, ignore_errors=True)
