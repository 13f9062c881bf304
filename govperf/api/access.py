"""Access for API operations: the same declarations as views, answered in JSON."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import SessionAuth

from govperf.web.access import ATTRIBUTE, DECLARATIONS, AccessDenied, access_check

Operation = TypeVar("Operation", bound=Callable[..., Any])


class SessionOrAnonymous(SessionAuth):
    """The Django session when there is one (with its CSRF check), else the public."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user  # an AnonymousUser is the public; the operation's declaration decides


session_or_anonymous = SessionOrAnonymous()


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
