"""The interface language: Traditional Chinese first, English when the visitor chooses it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """zh-Hant unless the language switch stored another language in its cookie.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted: an agency's
    site speaks Traditional Chinese to everyone and offers English, rather than guessing.
    Every page varies on Cookie: the language cookie (and being signed in) changes it, so a
    browser that switches language or signs in must not be shown the copy it kept before. An
    anonymous visitor is given no other cookie (govperf/web/caching.py), so all visitors of one
    language send the same Cookie header and share one cached copy.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # restored afterwards: nothing leaks past it
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
