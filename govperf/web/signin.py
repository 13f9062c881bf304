"""Sign-in and passwords: the login page, its lockout answer (django-axes), changing a password."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

LOGIN_TEMPLATE = "registration/login.html"


def lockout_message() -> str:
    """What a locked-out person is told: why, for how long, and whom to ask."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "登入失敗已達 %(limit)s 次，此帳號暫時無法從這個位址登入（即使密碼正確）；"
        "請於 %(minutes)s 分鐘後再試，或洽系統管理者解除鎖定。"
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}


def client_address(request: HttpRequest) -> str:
    """Where a sign-in comes from behind a reverse proxy (production's AXES_CLIENT_IP_CALLABLE).

    The proxy appends the address it was reached from to X-Forwarded-For, so the last entry is the
    one to trust; the entries before it are whatever the client sent.
    """
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    trusted = [hop for hop in hops if hop]
    return trusted[-1] if trusted else str(request.META.get("REMOTE_ADDR", ""))


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the login page again, saying the account is locked."""
    context = {"locked_out": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, LOGIN_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)


class PasswordChange(auth_views.PasswordChangeView):
    """Change one's own password; AUTH_PASSWORD_VALIDATORS decide what is accepted."""

    form_class = PasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("workflow:home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, _("密碼已變更。"))
        return super().form_valid(form)
