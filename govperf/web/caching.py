"""Whether a response may be cached: anonymous public pages yes, for a minute; nothing else.

An anonymous GET answered 200 that sets no cookie is the same for every visitor of its language,
so browsers and proxies may keep it (`Cache-Control: public, max-age=GOVPERF_PUBLIC_MAX_AGE`);
ConditionalGetMiddleware adds its ETag and answers a repeated request with 304. Everything else
(a signed-in person's page, a request with credentials, a response setting a cookie, redirects
and errors) is `private, no-store`: drafts and sign-in forms are never kept. A view that chose
its own Cache-Control keeps it. `Vary: Cookie` stays (govperf/web/middleware.py): the page
depends on being signed in and on the language chosen, both cookies.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control


def response_is_public(request: HttpRequest, response: HttpResponseBase) -> bool:
    """True when `response` is what any anonymous visitor would get for this request."""
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not (user is not None and user.is_authenticated)
        and "HTTP_AUTHORIZATION" not in request.META
        and not response.cookies
    )


class PublicCacheMiddleware:
    """Mark anonymous public pages cacheable and every other response `private, no-store`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if response_is_public(request, response):
            patch_cache_control(response, public=True, max_age=settings.GOVPERF_PUBLIC_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_store=True)
        return response
