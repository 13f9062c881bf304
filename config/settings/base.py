"""Settings shared by every environment of govperf."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

django_stubs_ext.monkeypatch()  # generic admin and queryset classes, for type hints

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GOVPERF_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "govperf-development-key-not-for-production")
DEBUG = False
ALLOWED_HOSTS: list[str] = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "ninja",
    "govperf.agencies",
    "govperf.accounts",
    "govperf.evaluation",
    "govperf.finance",
    "govperf.narrative",
    "govperf.imports",
    "govperf.opendata",
    "govperf.audit",
    "govperf.workflow",
    "govperf.reports",
    "govperf.api",
    "govperf.demo",
    "govperf.portal",
    "govperf.web",
]

# Order matters (docs/deploy.md): static files are answered before anything else runs; the
# policy header and the ETag (with 304 on If-None-Match) go on every page; whether a response may
# be cached (govperf/web/caching.py) is decided after the session, CSRF and messages have set
# their cookies, and before the ETag, which a `no-store` answer does not get.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "govperf.web.caching.PublicCacheMiddleware",
    # Before the session: a kept anonymous answer is served without opening one.
    "govperf.portal.cache.AnonymousCacheMiddleware",
    "govperf.api.errors.ApiResponseMiddleware",  # outside the session: a token gets no cookie
    "django.contrib.sessions.middleware.SessionMiddleware",
    "govperf.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "govperf.web.limits.RequestSizeLimitMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# A change's reason is kept whole in its history row, whatever its length (a VARCHAR(100)
# would refuse a longer reason on PostgreSQL with an error instead of saving it).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'govperf.sqlite3'}",
        conn_max_age=60,
    )
}
# SQLite: every transaction takes the write lock when it begins (IMMEDIATE), so concurrent
# saves queue for up to SQLITE_BUSY_SECONDS instead of failing with "database is locked" when a
# reader upgrades; WAL lets pages read beside a writer. PostgreSQL keeps its own options.
SQLITE_BUSY_SECONDS = 20
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_SECONDS,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

# Translations live beside each app (govperf/<app>/locale/en/LC_MESSAGES/django.po and .mo);
# the domain's labels, which makemessages cannot see, in govperf/locale.
LOCALE_PATHS = [BASE_DIR / "govperf" / "locale"]
STATIC_URL = "static/"
STATIC_ROOT: Path | None = None  # production's, where collectstatic puts them (var/static)
# Static files are served by WhiteNoise (under gunicorn too); here straight from each app's
# static/ folder, so the demo and the tests need no collectstatic. Production keeps compressed
# files with hashed names (config/settings/production.py), which needs `collectstatic`.
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # without collectstatic, from the apps' folders (not production)

# Content-Security-Policy on every response (django-csp): scripts, styles and images from this
# site only; no inline script or style anywhere (htmx's indicator style is in site.css), so no
# nonce is needed and a cached page stays byte for byte the same for everyone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Django's cache framework: memory of each process by default; Redis where several processes or
# hosts should share it (GOVPERF_CACHE_URL=redis://host:6379/0, Django's own RedisCache, which
# needs the `redis` package). It keeps anonymous pages rendered per published version
# (govperf/web/page_cache.py), and can keep sessions (docs/deploy.md).
GOVPERF_CACHE_URL = os.environ.get("GOVPERF_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": GOVPERF_CACHE_URL}
        if GOVPERF_CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "govperf",
            # Each process's own memory: the least recently used answers go past this many.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    ),
}
# How long a rendered page is kept; its key names the published version, so a publication is
# shown at once whatever this is. It bounds how long a page made by an older release is served.
GOVPERF_PAGE_CACHE_SECONDS = int(os.environ.get("GOVPERF_PAGE_CACHE_SECONDS", "3600"))
# The largest answer kept (a report file larger than this is read from where it is stored).
GOVPERF_PAGE_CACHE_MAX_BYTES = int(os.environ.get("GOVPERF_PAGE_CACHE_MAX_BYTES", str(2 << 20)))
# How long the published state's stamp is kept (govperf/workflow/published_state.py): a
# publication is shown at once where the cache is shared (Redis) and by the process that made
# it, and within this many seconds by another process keeping its own cache; 0 reads it each time.
GOVPERF_PUBLISHED_STAMP_SECONDS = int(os.environ.get("GOVPERF_PUBLISHED_STAMP_SECONDS", "2"))

# Anonymous GETs of public pages may be cached this many seconds by browsers and proxies
# (govperf/web/caching.py): a publication or correction is seen everywhere within it.
GOVPERF_PUBLIC_MAX_AGE = int(os.environ.get("GOVPERF_PUBLIC_MAX_AGE", "60"))
# Uploaded evidence files (private) in `default`, under MEDIA_ROOT.
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"


def published_storage_setting(environ: Mapping[str, str]) -> dict[str, Any]:
    """The storage of published files (public: every version's report, its open data, the file
    of all agencies; govperf/published_files.py), apart from evidence's `default`. A folder
    under MEDIA_ROOT by default; with GOVPERF_PUBLISHED_BUCKET, that bucket of an
    S3-compatible store through django-storages (docs/deploy.md), its credentials read by
    boto3 from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the host's role.
    The application serves every file itself, so the bucket need not be public."""
    bucket = environ.get("GOVPERF_PUBLISHED_BUCKET", "").strip()
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT / "published"},
        }
    options = {
        "bucket_name": bucket,
        "location": environ.get("GOVPERF_PUBLISHED_PREFIX", "published"),
        "default_acl": None,  # the bucket's own policy decides
        "file_overwrite": True,  # a key names its bytes: the same key holds the same bytes
        "querystring_auth": False,
    }
    for option, name in (("endpoint_url", "ENDPOINT_URL"), ("region_name", "REGION")):
        if environ.get(f"GOVPERF_PUBLISHED_{name}"):
            options[option] = environ[f"GOVPERF_PUBLISHED_{name}"]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES["published"] = published_storage_setting(os.environ)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request bounds (govperf/web/limits.py answers 413 past them): the form fields' total, their
# count, files per request, and the whole body as declared (files included: a 20 MB evidence
# file is the largest accepted). A reverse proxy in front should refuse past the same size.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
GOVPERF_MAX_REQUEST_BYTES = int(os.environ.get("GOVPERF_MAX_REQUEST_BYTES", 25 * 1024 * 1024))

# Accounts: django-axes refuses sign-in after repeated failures (govperf/web/signin.py shows it),
# passwords are checked wherever one is set, a session ends after idle minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out sign-in stops here
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("GOVPERF_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("GOVPERF_LOGIN_COOLOFF_MINUTES", "15")))
# One account from one address: colleagues behind the agency's one proxy address are not locked
# out by another's mistakes, and nobody can lock an account from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "govperf.web.signin.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# Bad API tokens from one address within the cool-off time before they answer 429 (docs/api.md).
GOVPERF_API_TOKEN_FAILURE_LIMIT = int(os.environ.get("GOVPERF_API_TOKEN_FAILURE_LIMIT", "20"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Idle timeout: a session lasts this long after the person's last request (each request renews it).
SESSION_COOKIE_AGE = 60 * int(os.environ.get("GOVPERF_SESSION_IDLE_MINUTES", "30"))
SESSION_SAVE_EVERY_REQUEST = True

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "workflow:home"
LOGOUT_REDIRECT_URL = "workflow:home"

# Reminder e-mails; production sets a real backend through EMAIL_BACKEND and EMAIL_HOST.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "govperf@localhost")
# The site's address as people reach it: the links in notices' e-mails start with it.
SITE_URL = os.environ.get("GOVPERF_SITE_URL", "http://localhost:8000")
