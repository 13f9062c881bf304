"""Rendered anonymous pages kept in Django's cache under a key that names what they show.

The caller names the page by what it depends on (e.g. the cycle, its state and its latest
published version), so a publication or correction changes the key and is shown at once; the
language is added here. Only a plain anonymous GET is served from or stored in the cache: no
query string, no cookie but the language's (so no session, no messages), no credentials.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def page_cacheable(request: HttpRequest) -> bool:
    """True for a request any anonymous visitor of its language could have made."""
    return (
        request.method == "GET"
        and not request.GET
        and set(request.COOKIES) <= {settings.LANGUAGE_COOKIE_NAME}
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.user.is_authenticated
    )


def page_cached(request: HttpRequest, key: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The page under `key` from the cache, or `render()` stored there when it may be."""
    if not page_cacheable(request):
        return render()
    full_key = f"govperf:page:{key}:{translation.get_language()}"
    kept = cache.get(full_key)
    if kept is not None:
        content, content_type = kept
        return HttpResponse(content, content_type=content_type)
    response = render()
    if response.status_code == 200 and not response.cookies and not response.streaming:
        kept = (response.content, response["Content-Type"])
        cache.set(full_key, kept, timeout=settings.GOVPERF_PAGE_CACHE_SECONDS)
    return response
