"""The site frame's pages: home (the cycles a user may see), sign-in and out, password, language."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.i18n import set_language as django_set_language

from govperf.accounts.selectors import cycle_record_list_for_user, user_roles_anywhere
from govperf.domain.workflow import Role
from govperf.web.access import PUBLIC, SIGNED_IN, access
from govperf.web.signin import LOGIN_TEMPLATE, PasswordChange


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    """The cycles the user may see, newest first, with their state."""
    context = {
        "cycles": cycle_record_list_for_user(user=request.user),
        "roles": [r for r in Role if r in user_roles_anywhere(user=request.user) - {Role.PUBLIC}],
    }
    return render(request, "web/home.html", context)


login = access(PUBLIC)(
    auth_views.LoginView.as_view(template_name=LOGIN_TEMPLATE, redirect_authenticated_user=True)
)
logout = access(SIGNED_IN)(auth_views.LogoutView.as_view())
password_change = access(SIGNED_IN)(PasswordChange.as_view())
set_language = access(PUBLIC)(django_set_language)
