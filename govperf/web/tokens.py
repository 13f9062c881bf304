"""A person's own API tokens: list them, make one (shown once), revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govperf.accounts.tokens import (
    NAME_MAX_LENGTH,
    api_token_create,
    api_token_list_for_user,
    api_token_revoke,
)
from govperf.web.access import SIGNED_IN, access

TEMPLATE = "web/tokens.html"


def _page(
    request: HttpRequest, *, secret: str = "", name: str = "", error: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    assert isinstance(user, AbstractBaseUser)  # the declaration asks for a signed-in person
    context = {
        "tokens": api_token_list_for_user(user=user),
        "secret": secret,
        "name": name,
        "error": error,
        "name_max_length": NAME_MAX_LENGTH,
    }
    return render(request, TEMPLATE, context, status=status)


@require_http_methods(["GET", "POST"])
@access(SIGNED_IN)
def tokens(request: HttpRequest) -> HttpResponse:
    """The list; a POST makes a token and shows its text this once (the page is never cached)."""
    if request.method != "POST":
        return _page(request)
    assert isinstance(request.user, AbstractBaseUser)
    name = request.POST.get("name", "")
    try:
        _token, secret = api_token_create(actor=request.user, name=name)
    except ValidationError as error:
        return _page(request, name=name, error="；".join(error.messages), status=422)
    return _page(request, secret=secret)


@require_POST
@access(SIGNED_IN)
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the person's own tokens; another's is not found."""
    assert isinstance(request.user, AbstractBaseUser)
    try:
        token = api_token_revoke(actor=request.user, token_id=token_id)
    except ValidationError as error:
        return _page(request, error="；".join(error.messages), status=404)
    messages.success(request, _("已撤銷權杖「%(name)s」。") % {"name": token.name})
    return HttpResponseRedirect(reverse("web:tokens"))
