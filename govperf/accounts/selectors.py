"""The roles a user holds: per agency, anywhere, and for a unit."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from govperf.accounts.models import Membership
from govperf.agencies.models import Agency, Unit
from govperf.domain.workflow import Role

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)


def user_roles(*, user: AbstractBaseUser | AnonymousUser, agency: Agency) -> frozenset[Role]:
    """The roles `user` holds in `agency`; everyone, signed in or not, is also the public."""
    if not user.is_authenticated:
        return frozenset({Role.PUBLIC})
    memberships = Membership.objects.filter(user_id=int(user.pk), agency=agency)
    return frozenset({Role(m.role) for m in memberships} | {Role.PUBLIC})


def user_roles_anywhere(*, user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    """Every role `user` holds in any agency (the public's when signed out)."""
    if not user.is_authenticated:
        return frozenset({Role.PUBLIC})
    held = Membership.objects.filter(user_id=int(user.pk)).values_list("role", flat=True)
    return frozenset({Role(role) for role in held} | {Role.PUBLIC})


def user_roles_for_unit(*, user: AbstractBaseUser, unit: Unit) -> frozenset[Role]:
    """The roles `user` holds for `unit`: its unit roles there, and any agency-wide roles."""
    memberships = Membership.objects.filter(user_id=int(user.pk), agency_id=unit.agency_id)
    return frozenset(
        Role(m.role) for m in memberships if m.role not in UNIT_ROLES or m.unit_id == unit.pk
    )
