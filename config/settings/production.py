"""Production settings: secrets, hosts and proxy from the environment, HTTPS only."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _list(name: str) -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _secret_key() -> str:
    """DJANGO_SECRET_KEY, or a message saying what to set and how to make one."""
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if len(key) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is "
            + ("not set" if not key else f"too short ({len(key)} characters, at least 50)")
            + ": the production settings need a long random secret in that environment "
            "variable. Make one with\n"
            '    python -c "import secrets; print(secrets.token_urlsafe(64))"\n'
            "and set it where govperf is started (e.g. the service's environment file), "
            "the same on every host and kept secret."
        )
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _list("DJANGO_ALLOWED_HOSTS")
# Origins that may POST forms, e.g. https://govperf.example.gov.tw; by default the allowed hosts.
CSRF_TRUSTED_ORIGINS = _list("DJANGO_CSRF_TRUSTED_ORIGINS") or [
    f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"
]
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
if os.environ.get("DJANGO_BEHIND_PROXY", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Sign-in lockouts count per client address, which the proxy appends to X-Forwarded-For.
    AXES_CLIENT_IP_CALLABLE = "govperf.web.signin.client_address"
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))  # noqa: F405
# Static files as `collectstatic` left them: compressed, with content-hashed names that WhiteNoise
# serves with a year's Cache-Control (run collectstatic on each release, before starting).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
# Mail for reminders (EMAIL_BACKEND and DEFAULT_FROM_EMAIL are read in base.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
