"""Rendered anonymous pages kept in Django's cache under a key that names what they show.

The caller names the page by what it depends on (e.g. the cycle, its state and its latest
published version), so a publication or correction changes the key and is shown at once; the
language is added here. Only a plain anonymous GET is served from or stored in the cache: no
cookie but the language's (so no session, no messages), no credentials, and no query string
unless the page says which values it read from it (`query`, normalised: a bad page number
already read as 1), which then become part of the key; a query string naming anything else is
not cached. `query_key` is that part of the key, for any cache of answers to a query string.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

QueryValue = str | int | None


def page_cacheable(request: HttpRequest, query_names: frozenset[str] = frozenset()) -> bool:
    """True for a request any anonymous visitor of its language could have made, whose query
    string holds only `query_names`."""
    return (
        request.method == "GET"
        and set(request.GET) <= query_names
        and set(request.COOKIES) <= {settings.LANGUAGE_COOKIE_NAME}
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.user.is_authenticated
    )


def query_key(query: Mapping[str, QueryValue]) -> str:
    """The normalised values a page read from its query string, as a key of bounded length
    (a search's text may be long, and any character): their names sorted, each value
    quoted, hashed."""
    if not query:
        return ""
    asked = urlencode(
        [(name, "" if value is None else value) for name, value in sorted(query.items())]
    )
    return hashlib.sha256(asked.encode("utf-8", "surrogatepass")).hexdigest()


def page_cached(
    request: HttpRequest,
    key: str,
    render: Callable[[], HttpResponse],
    *,
    query: Mapping[str, QueryValue] | None = None,
) -> HttpResponse:
    """The page under `key` (and `query`, the values it read from the query string) from the
    cache, or `render()` stored there when it may be."""
    if not page_cacheable(request, frozenset(query or ())):
        return render()
    full_key = f"govperf:page:{key}:{query_key(query or {})}:{translation.get_language()}"
    kept = cache.get(full_key)
    if kept is not None:
        content, content_type = kept
        return HttpResponse(content, content_type=content_type)
    response = render()
    if response.status_code == 200 and not response.cookies and not response.streaming:
        kept = (response.content, response["Content-Type"])
        cache.set(full_key, kept, timeout=settings.GOVPERF_PAGE_CACHE_SECONDS)
    return response
