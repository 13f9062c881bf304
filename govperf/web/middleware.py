"""The interface language: Traditional Chinese first, English when the visitor chooses it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from govperf.web.limits import API_PREFIX


def _asked_language(request: HttpRequest) -> str:
    """The first language of `Accept-Language` that is offered, by its primary tag, or ''."""
    offered = {code.split("-")[0]: code for code, _ in settings.LANGUAGES}
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:200]
    for tag, _quality in parse_accept_lang_header(header):
        if tag.split("-")[0].lower() in offered:
            return offered[tag.split("-")[0].lower()]
    return ""


def request_language(request: HttpRequest) -> str:
    """The language cookie's; for the API, else what `Accept-Language` asks first; else zh-Hant.

    A program calling the API has no cookie to choose with, and says what it reads by the header;
    a page keeps to the site's own choice (the class below)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    if request.path_info.startswith(API_PREFIX):
        return _asked_language(request) or settings.LANGUAGE_CODE
    return str(settings.LANGUAGE_CODE)


class ChosenLanguageMiddleware:
    """zh-Hant unless the language switch stored another language in its cookie.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted for pages: an
    agency's site speaks Traditional Chinese to everyone and offers English, rather than guessing.
    The API does consult it (`request_language`), and its answers vary on it.
    Every page varies on Cookie: the language cookie (and being signed in) changes it, so a
    browser that switches language or signs in must not be shown the copy it kept before. An
    anonymous visitor is given no other cookie (govperf/web/caching.py), so all visitors of one
    language send the same Cookie header and share one cached copy.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):  # restored afterwards: nothing leaks past it
            response = self.get_response(request)
        api = request.path_info.startswith(API_PREFIX)
        patch_vary_headers(response, ("Cookie", "Accept-Language") if api else ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
