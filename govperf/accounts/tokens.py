"""Personal API tokens: made and revoked by their user, and the user a presented token acts as.

A token is `gpt_` and 43 URL-safe characters (256 random bits); only its SHA-256 is stored, so
a copy of the database lets nobody call the API. A revoked token stays listed, marked revoked.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from govperf.accounts.models import ApiToken

TOKEN_PREFIX = "gpt_"
TOKEN_MAX_LENGTH = 200  # far above a real token's 47 characters; longer ones are not hashed
NAME_MAX_LENGTH = 100
LAST_USED_EVERY = timedelta(minutes=1)  # how often a token's use is written, at most


class TokenRefused(Exception):
    """A presented token that does not act as anyone, and why, in the caller's language."""


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def api_token_create(*, actor: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token of `actor`'s, and its text, which is not kept and is shown this once."""
    label = name.strip()
    if not label:
        raise ValidationError({"name": [_("請為權杖命名，例如使用它的系統。")]})
    if len(label) > NAME_MAX_LENGTH:
        too_long = _("名稱不可超過 %(limit)s 字。") % {"limit": NAME_MAX_LENGTH}
        raise ValidationError({"name": [too_long]})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user_id=actor.pk, name=label, digest=token_digest(secret), prefix=secret[:10]
        )
    return token, secret


def api_token_list_for_user(*, user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """`user`'s own tokens, newest first, revoked ones included."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def api_token_revoke(*, actor: AbstractBaseUser, token_id: int) -> ApiToken:
    """Revoke one of `actor`'s own tokens; from now on it answers 401. Revoking twice is a no-op."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user_id=actor.pk).first()
        if token is None:
            raise ValidationError(_("找不到此權杖，或它不是您的。"))
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def api_token_user(*, secret: str) -> AbstractBaseUser:
    """The active user `secret` acts as; TokenRefused naming what is wrong otherwise."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > TOKEN_MAX_LENGTH:
        shape = _("API 權杖格式不正確：應為 %(prefix)s 開頭的權杖。")
        raise TokenRefused(shape % {"prefix": TOKEN_PREFIX})
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
    if token is None:
        raise TokenRefused(_("API 權杖不正確。"))
    if token.revoked_at is not None:
        raise TokenRefused(_("此 API 權杖已撤銷。"))
    if not token.user.is_active:
        raise TokenRefused(_("此 API 權杖所屬的帳號已停用。"))
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
