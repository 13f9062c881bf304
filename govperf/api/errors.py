"""The API's refusals as JSON in the caller's language, each naming its field where it has one.

Every 4xx (and a 5xx) under /api/ is `{"detail": "<sentence>"}`; a refused input adds
`"errors": {"<field>": ["<message>", …]}`, the field named as the caller wrote it
(`page_size`, `actual`, `due.open`, `sub_measures.7`). Ninja's own validation errors are put
in that shape here; Django's answers that are not JSON (an unknown path, a method not allowed)
are replaced by `ApiResponseMiddleware`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError

from govperf.web.limits import API_PREFIX
from govperf.web.middleware import request_language

# Ninja's own English sentences, as the caller reads them.
NINJA_MESSAGES = {
    "Cannot parse request body": N_("請求內容不是有效的 JSON。"),
    "CSRF check Failed": N_(
        "CSRF 檢查未通過：以登入工作階段寫入時，須以 X-CSRFToken 標頭送出 csrftoken；"
        "程式請改用 Authorization: Bearer 權杖。"
    ),
    "Unauthorized": N_("請先登入，或以 Authorization: Bearer 權杖呼叫。"),
    "Not Found": N_("找不到此網址。"),
    "Too many requests.": N_("請求過於頻繁，請稍後再試。"),
}
STATUS_MESSAGES = {
    400: N_("請求不正確。"),
    401: N_("請先登入，或以 Authorization: Bearer 權杖呼叫。"),
    403: N_("您沒有執行此操作的權限。"),
    404: N_("找不到此網址。"),
    405: N_("此網址不接受這個方法（%(method)s）。"),
    409: N_("目前的狀態不允許此操作。"),
    413: N_("送出的資料過大，未被接受。"),
    422: N_("請修正標示的欄位。"),
    429: N_("請求過於頻繁，請稍後再試。"),
    500: N_("伺服器發生錯誤，未完成此請求；請稍後再試或洽系統管理者。"),
}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    """`["body", "typed", "sub_measures", 7]` → `sub_measures.7`; `["query", "page"]` → `page`."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] or ["body"]  # the second is the operation's parameter name
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form", "file"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def _message(error: dict[str, Any]) -> str:
    """A pydantic error as a sentence in the caller's language."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("此欄位必填。")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("請填整數。")
    if kind in ("greater_than_equal", "greater_than"):
        return _("不可小於 %(limit)s。") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("不可大於 %(limit)s。") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind in ("string_too_long", "too_long"):
        return _("不可超過 %(limit)s 字。") % {"limit": ctx.get("max_length", "")}
    if kind == "string_too_short":
        return _("不可空白。")
    if kind == "extra_forbidden":
        return _("沒有這個欄位。")
    if kind in ("enum", "literal_error"):
        return _("不是可用的值；可用的值：%(expected)s。") % {"expected": ctx.get("expected", "")}
    if kind in ("bool_parsing", "bool_type"):
        return _("請填 true 或 false。")
    if kind == "string_type":
        return _("請填文字。")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("應為 JSON 物件。")
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])  # our own validators' messages, already in the caller's language
    return _("此欄位的值不正確。")


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Ninja's list of pydantic errors as `{"detail", "errors": {field: [messages]}}`."""
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(_field(error.get("loc", ())), []).append(_message(error))
    fields = "、".join(by_field)
    return {"detail": _("請修正下列欄位：%(fields)s。") % {"fields": fields}, "errors": by_field}


def refusal_text(message: str) -> str:
    """A refusal's sentence in the caller's language (ninja's and ours are catalog msgids)."""
    return _(NINJA_MESSAGES.get(message, message)) if message else ""


def status_text(status: int, method: str = "") -> str:
    """What a bare status tells the caller, when nothing more was said."""
    text = STATUS_MESSAGES.get(status) or STATUS_MESSAGES[400 if status < 500 else 500]
    return _(text) % {"method": method} if "%(method)s" in text else _(text)


def refused(request: HttpRequest, error: HttpError) -> tuple[int, dict[str, Any]]:
    """A refusal with its status: the sentence it carries, or its status's."""
    detail = refusal_text(error.message) or status_text(error.status_code)
    return error.status_code, {"detail": detail}


def register(api: NinjaAPI) -> None:
    """Answer ninja's errors in the API's shape."""

    def handler(
        shape: Callable[[HttpRequest, Any], tuple[int, dict[str, Any]]],
    ) -> Callable[[HttpRequest, Any], HttpResponse]:
        def answer(request: HttpRequest, error: Any) -> HttpResponse:
            status, body = shape(request, error)
            response = api.create_response(request, body, status=status)
            if isinstance(error, Throttled) and error.wait:
                response["Retry-After"] = str(int(error.wait))
            if status == 401:
                response["WWW-Authenticate"] = 'Bearer realm="govperf"'

            return response

        return answer

    api.add_exception_handler(
        ValidationError, handler(lambda request, error: (422, validation_errors(error.errors)))
    )
    api.add_exception_handler(HttpError, handler(refused))
    api.add_exception_handler(
        Http404, handler(lambda request, error: (404, {"detail": status_text(404)}))
    )


class ApiResponseMiddleware:
    """Under /api/: an error that is not JSON becomes JSON, and a request carrying an
    `Authorization` header is given no cookie (it is a program's, not a browser session's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            return response
        if "HTTP_AUTHORIZATION" in request.META:
            response.cookies.clear()
        if response.status_code >= 400 and "json" not in response.get("Content-Type", ""):
            response = self._as_json(request, response)
        return response

    @staticmethod
    def _as_json(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        with translation.override(request_language(request)):
            detail = status_text(response.status_code, request.method or "")
        answer = JsonResponse({"detail": detail}, status=response.status_code)
        for header in ("Allow", "Retry-After", "Content-Language", "Vary", "Cache-Control"):
            if response.has_header(header):
                answer[header] = response[header]
        return answer
