"""Oversized requests answer 413 in the person's language: a page on the web, JSON under /api/.

Three doors: a declared Content-Length above `GOVPERF_MAX_REQUEST_BYTES` is refused before the
body is read (the middleware); a body or a field count above Django's DATA_UPLOAD_* limits raises
RequestDataTooBig / TooManyFieldsSent / TooManyFilesSent, which Django answers 400 unless the
view's exception reaches `bad_request` (the site's handler400) or the API's exception handler.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)
API_PREFIX = "/api/"  # config/urls.py mounts the API at api/v1/


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.3g}"


def too_large_message(error: Exception | None = None) -> str:
    """What the person is told, naming the limit that was passed."""
    if isinstance(error, TooManyFieldsSent):
        return _("送出的欄位超過 %(limit)s 個上限；請分次送出。") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(error, TooManyFilesSent):
        return _("送出的檔案超過 %(limit)s 個上限；請分次上傳。") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    if isinstance(error, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    else:
        limit = settings.GOVPERF_MAX_REQUEST_BYTES
    return _("送出的資料超過 %(limit)s MB 上限，未被接受；請縮小檔案或分次送出。") % {
        "limit": _mb(limit)
    }


def too_large_response(request: HttpRequest, error: Exception | None = None) -> HttpResponse:
    """413 with the message: JSON `{"detail": …}` for the API, the site's page elsewhere."""
    message = too_large_message(error)
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=413)
    return render(request, "413.html", {"message": message}, status=413)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's handler400: an oversized request is 413, anything else Django's 400 page."""
    if isinstance(exception, TOO_LARGE):
        return too_large_response(request, exception)
    return defaults.bad_request(request, exception)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django itself reads an unparsable length


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is above GOVPERF_MAX_REQUEST_BYTES, unread.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file uploads out; this bounds them too (the
    largest accepted file is a 20 MB evidence file).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _declared_length(request) > settings.GOVPERF_MAX_REQUEST_BYTES:
            return too_large_response(request)
        return self.get_response(request)
