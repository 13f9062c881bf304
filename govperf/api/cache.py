"""The public's API answers kept in Django's cache, per published state of the data.

An anonymous GET (no credentials, no cookie but the language's) is answered from the cache
under a key naming the request (path, sorted query, language) and a stamp of what the public
may see: how many cycles are published and the newest published version. A publication, a
correction's start or its publication changes the stamp, so it shows at once; nothing else
changes published data (the policy refuses edits of a published cycle). An agency renamed in
the admin shows within GOVPERF_PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation

from govperf.workflow.public_selectors import published_stamp

Operation = TypeVar("Operation", bound=Callable[..., Any])


def _key(request: HttpRequest) -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()))
    # The host too: the pages' `next` and `previous` links are absolute.
    asked = f"{request.get_host()}{request.path}?{query}:{translation.get_language()}"
    digest = hashlib.sha256(asked.encode("utf-8", "surrogatepass")).hexdigest()
    return f"govperf:api:{published_stamp()}:{digest}"


def published_cached(operation: Operation) -> Operation:
    """Answer an anonymous caller from the cache; refusals (raised) are never kept."""

    @functools.wraps(operation)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not _public_request(request):
            return operation(request, *args, **kwargs)
        key = _key(request)
        kept = cache.get(key)
        if kept is None:
            kept = operation(request, *args, **kwargs)
            cache.set(key, kept, timeout=settings.GOVPERF_PAGE_CACHE_SECONDS)
        return kept

    return cached  # type: ignore[return-value]


def _public_request(request: HttpRequest) -> bool:
    """A GET any anonymous caller of its language could have made (as the page cache asks,
    govperf/web/page_cache.py, but with its query string: the lists' pages and filters)."""
    return (
        request.method == "GET"
        and set(request.COOKIES) <= {settings.LANGUAGE_COOKIE_NAME}
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.user.is_authenticated
    )
