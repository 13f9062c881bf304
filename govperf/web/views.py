"""The site frame's pages: sign-in and out, password, language."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from govperf.web.access import PUBLIC, SIGNED_IN, access
from govperf.web.signin import LOGIN_TEMPLATE, PasswordChange

login = access(PUBLIC)(
    auth_views.LoginView.as_view(template_name=LOGIN_TEMPLATE, redirect_authenticated_user=True)
)
logout = access(SIGNED_IN)(auth_views.LogoutView.as_view())
password_change = access(SIGNED_IN)(PasswordChange.as_view())


@require_http_methods(["GET", "POST"])
@access(PUBLIC)
def set_language(request: HttpRequest) -> HttpResponseRedirect:
    """Store the chosen language in its cookie and go back to the page it was chosen on.

    A GET, so the switch needs no CSRF cookie and the anonymous pages carrying it set none
    (govperf/web/caching.py); choosing a language changes nothing but how pages read."""
    data = request.POST if request.method == "POST" else request.GET
    back = data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = HttpResponseRedirect(back)
    language = data.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
