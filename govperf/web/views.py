"""The site frame's pages: sign-in and out, password, language."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.views.i18n import set_language as django_set_language

from govperf.web.access import PUBLIC, SIGNED_IN, access
from govperf.web.signin import LOGIN_TEMPLATE, PasswordChange

login = access(PUBLIC)(
    auth_views.LoginView.as_view(template_name=LOGIN_TEMPLATE, redirect_authenticated_user=True)
)
logout = access(SIGNED_IN)(auth_views.LogoutView.as_view())
password_change = access(SIGNED_IN)(PasswordChange.as_view())
set_language = access(PUBLIC)(django_set_language)
