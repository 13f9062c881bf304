"""Anonymous answers kept in Django's cache, per published state, served before the session.

Everything the public may see is published data, which changes only at a publication (or when
a correction starts, which takes a version out of view): so an answer to an anonymous GET is the
same for every anonymous visitor of its language until the published state changes. This
middleware keeps such answers (pages, API answers, files) under a key naming the request (host,
path, sorted query, language) and `published_stamp()`, and answers a repeated request from the
cache without opening a session, reading the user or running the view, and without a query
while the stamp is kept.

A request is anonymous when it carries no credentials and no cookie but the language's (no
session: so no messages, no CSRF token). An answer is kept only when it is 200, sets no cookie,
is not streamed and is at most GOVPERF_PAGE_CACHE_MAX_BYTES; and only for a query string of the
parameters the public pages and the API read, at most QUERY_MAX_LENGTH long, so that made-up
parameters (`?x=1`, `?x=2`, …) cannot fill the cache and push out the answers people ask for.
An agency renamed in the admin shows within GOVPERF_PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from govperf.web.middleware import request_language
from govperf.workflow.published_state import published_stamp

# The query parameters the public's pages and API lists read; an answer to any other is made
# as usual but not kept.
READ_PARAMETERS = frozenset({"page", "page_size", "agency", "year", "light", "sort", "q"})
QUERY_MAX_LENGTH = 300  # characters of the query string: longer ones are not kept

# Headers of a kept answer that are the view's own; the outer middleware adds the rest again.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "Vary",
)


def anonymous_request(request: HttpRequest) -> bool:
    """True for a GET any anonymous visitor of its language could have made."""
    return (
        request.method in ("GET", "HEAD")
        and set(request.COOKIES) <= {settings.LANGUAGE_COOKIE_NAME}
        and "HTTP_AUTHORIZATION" not in request.META
    )


def keepable_request(request: HttpRequest) -> bool:
    """True when an answer to `request` may be kept: a GET of known parameters, not too long."""
    query = request.META.get("QUERY_STRING", "")
    return (
        request.method == "GET"
        and len(query) <= QUERY_MAX_LENGTH
        and set(request.GET) <= READ_PARAMETERS
    )


def cache_key(request: HttpRequest) -> str:
    """The request as any anonymous visitor makes it, with the published state it was read in.

    The host is part of it: the API's `next` and `previous` links are absolute."""
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()))
    asked = f"{request.get_host()}{request.path}?{query}:{request_language(request)}"
    digest = hashlib.sha256(asked.encode("utf-8", "surrogatepass")).hexdigest()
    return f"govperf:public:{published_stamp()}:{digest}"


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and len(response.content) <= settings.GOVPERF_PAGE_CACHE_MAX_BYTES
    )


Kept = tuple[bytes, dict[str, str], dict[str, list[str]] | None]


def _kept(response: HttpResponse) -> Kept:
    """The answer's body, its own headers and its exception to the Content-Security-Policy
    (govperf/web/csp.py: a stored report's own style), which CSPMiddleware applies outside."""
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return response.content, headers, getattr(response, "_csp_update", None)


def _answer(kept: Kept) -> HttpResponse:
    content, headers, csp_update = kept
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    if csp_update:
        response._csp_update = csp_update  # type: ignore[attr-defined]  # django-csp
    return response


class AnonymousCacheMiddleware:
    """Answer anonymous GETs from the cache; keep the answers that any visitor would get."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not anonymous_request(request):
            return self.get_response(request)
        key = cache_key(request)
        kept = cache.get(key)
        if kept is not None:
            return _answer(kept)
        response = self.get_response(request)
        if keepable_request(request) and _storable(response):
            cache.set(key, _kept(response), timeout=settings.GOVPERF_PAGE_CACHE_SECONDS)
        return response
