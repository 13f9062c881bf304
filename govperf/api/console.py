"""The API's interactive console (Swagger UI) at /api/v1/docs, in the page's language.

The public reads it as it reads every public answer: with no cookie, so it is kept by the
public cache; a signed-in person gets the CSRF token that lets the console send their writes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class ApiConsole(Swagger):
    """Swagger UI with `lang` on the page, and the CSRF token only for a signed-in person."""

    template = "api/console.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "swagger_settings": json.dumps(settings, indent=1),
            "api": api,
            "add_csrf": request.user.is_authenticated,
        }
        return render(request, self.template, context)
