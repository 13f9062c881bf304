"""Who may call a view or API operation: every route declares it, a test walks the URL conf.

A declaration is one of:
- `PUBLIC`: anyone, signed in or not; what they see is decided by the selectors.
- `SIGNED_IN`: any signed-in user; the selectors scope what they see to their roles and unit,
  and the workflow service applies its table to what they do.
- a permission of `govperf.domain.workflow.PERMISSION_LABELS_ZH`: a signed-in user holding a
  role with it in some agency; the view's services check it again for the object's agency.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext

from govperf.accounts.selectors import user_roles_anywhere
from govperf.domain.workflow import PERMISSION_LABELS_ZH, may

PUBLIC = "public"
SIGNED_IN = "signed_in"
DECLARATIONS = frozenset({PUBLIC, SIGNED_IN, *PERMISSION_LABELS_ZH})
ATTRIBUTE = "govperf_access"

View = TypeVar("View", bound=Callable[..., Any])


class AccessDenied(PermissionDenied):
    """A signed-in user without the permission a route declares."""


def access_check(request: HttpRequest, declared: str) -> None:
    """Raise unless `request.user` may call a route declared `declared`."""
    if declared == PUBLIC:
        return
    if not request.user.is_authenticated:
        raise AccessDenied(gettext("請先登入。"))
    if declared == SIGNED_IN:
        return
    if not may(user_roles_anywhere(user=request.user), declared):
        label = gettext(PERMISSION_LABELS_ZH[declared])
        message = gettext("您的角色沒有「%(permission)s」的權限。")
        raise AccessDenied(message % {"permission": label})


def access(declared: str) -> Callable[[View], View]:
    """Declare who may call the decorated view; anonymous users are sent to sign in."""
    if declared not in DECLARATIONS:
        raise ValueError(f"unknown access declaration: {declared!r}")

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if declared != PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access_check(request, declared)
            return view(request, *args, **kwargs)

        setattr(checked, ATTRIBUTE, declared)
        return checked  # type: ignore[return-value]

    return decorate


def declared_access(view: Callable[..., Any]) -> str | None:
    """What a view declares, looking through class-based views' `view_class`."""
    found = getattr(view, ATTRIBUTE, None)
    if found is None and hasattr(view, "view_class"):
        found = getattr(view.view_class, ATTRIBUTE, None)
    return found
