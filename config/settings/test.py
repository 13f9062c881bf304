"""Settings for the test suite; DATABASE_URL switches it to PostgreSQL."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client's login() authenticates without a request, which django-axes refuses; the
# tests of the lockout (tests/web/test_accounts_security.py) turn it on.
AXES_ENABLED = False
