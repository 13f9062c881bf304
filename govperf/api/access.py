"""Who an API caller is (a personal token, the browser's session, or the public), and access
for API operations: the same declarations as views, answered in JSON."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.errors import HttpError, Throttled
from ninja.security import HttpBearer, SessionAuth

from govperf.accounts.tokens import TokenRefused, api_token_user
from govperf.web.access import ATTRIBUTE, DECLARATIONS, AccessDenied, access_check

Operation = TypeVar("Operation", bound=Callable[..., Any])


class SessionOrAnonymous(SessionAuth):
    """The Django session when there is one (with its CSRF check), else the public."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user  # an AnonymousUser is the public; the operation's declaration decides


session_or_anonymous = SessionOrAnonymous()


def _failures_key(request: HttpRequest) -> str:
    return f"govperf:api-token-failures:{get_client_ip_address(request) or ''}"


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`: the request acts as the token's user, with exactly that
    user's roles, and is not a browser's (no CSRF check, no cookie: govperf/api/errors.py).

    A wrong, revoked or malformed token answers 401 naming the problem, never falls back to the
    public. After GOVPERF_API_TOKEN_FAILURE_LIMIT bad tokens from one address within the sign-in
    cool-off time, further bad tokens from it answer 429 with Retry-After (a valid token still
    works: 256 random bits cannot be guessed, the limit only slows a misconfigured client)."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if header is None:
            return None  # the session, or the public
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            self._refuse(request, gettext("Authorization 標頭應為「Bearer <API 權杖>」。"))
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            user = api_token_user(secret=token)
        except TokenRefused as refusal:
            self._refuse(request, str(refusal))
        request.user = user  # type: ignore[assignment]  # the token's user, as a session's would be
        return user

    @staticmethod
    def _refuse(request: HttpRequest, message: str) -> NoReturn:
        key, cooloff = _failures_key(request), int(settings.AXES_COOLOFF_TIME.total_seconds())
        cache.add(key, 0, timeout=cooloff)
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between the two calls
            failures = 1
        if failures > settings.GOVPERF_API_TOKEN_FAILURE_LIMIT:
            raise Throttled(wait=cooloff)
        raise HttpError(401, message)


bearer_token = BearerToken()


def api_access(declared: str) -> Callable[[Operation], Operation]:
    """Declare who may call the decorated operation; refusals are 401 or 403 in JSON."""
    if declared not in DECLARATIONS:
        raise ValueError(f"unknown access declaration: {declared!r}")

    def decorate(operation: Operation) -> Operation:
        @functools.wraps(operation)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            try:
                access_check(request, declared)
            except AccessDenied as error:
                status = 403 if request.user.is_authenticated else 401
                raise HttpError(status, str(error)) from error
            return operation(request, *args, **kwargs)

        setattr(checked, ATTRIBUTE, declared)
        return checked  # type: ignore[return-value]

    return decorate
