"""The policy table as every write service asks it: the user's roles, scoped, and the refusal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import get_language

from govperf.accounts.selectors import user_roles, user_roles_for_unit
from govperf.domain.policy import (
    EARLIER,
    SIGN_IN,
    Area,
    Refusal,
    decide,
    granted,
    held_to_unit_draft,
)
from govperf.domain.workflow import Role

if TYPE_CHECKING:
    from govperf.agencies.models import Unit
    from govperf.evaluation.models import Cycle

User = AbstractBaseUser | AnonymousUser


class ChangeRefused(Exception):
    """The policy table refuses the change; nothing was written. Either a RoleRefused (403:
    the role may never) or a StateRefused (409: not in the cycle's present state)."""

    refusal: Refusal
    status: int

    @property
    def text(self) -> str:
        return self.refusal.text(get_language())


class RoleRefused(ChangeRefused, PermissionDenied):
    """A role that may never change the area: pages answer with the refusal page (403)."""

    status = 403

    def __init__(self, refusal: Refusal) -> None:
        self.refusal = refusal
        PermissionDenied.__init__(self, refusal.text(get_language()))

    @property
    def messages(self) -> list[str]:
        """As ValidationError's, so a page shows either the same way."""
        return [self.text]


class StateRefused(ChangeRefused, ValidationError):
    """Not now, in this state: a form shows it beside what was typed; the API answers 409."""

    status = 409

    def __init__(self, refusal: Refusal) -> None:
        self.refusal = refusal
        ValidationError.__init__(self, refusal.text(get_language()))


def scoped_roles(*, user: User, cycle: Cycle, unit: Unit | None = None) -> frozenset[Role]:
    """The roles `user` acts with on a record of `cycle`: for a unit's record, unit roles count
    only in that unit; for an agency-wide record, unit roles do not count at all."""
    if not user.is_authenticated:
        return frozenset({Role.PUBLIC})
    if unit is not None:
        return user_roles_for_unit(user=user, unit=unit) | {Role.PUBLIC}
    held = user_roles(user=user, agency=cycle.agency)
    return held - {Role.UNIT_STAFF, Role.UNIT_HEAD}


def change_refusal(
    *, user: User, area: Area, cycle: Cycle, unit: Unit | None = None, year: int | None = None
) -> Refusal | None:
    """Why `user` may not change `area` of `cycle` now (for `unit`'s record, of column `year`)."""
    if not user.is_authenticated:
        return SIGN_IN
    if year is not None and year != cycle.year:
        return EARLIER
    roles = scoped_roles(user=user, cycle=cycle, unit=unit)
    submission = None
    if unit is not None and Role.UNIT_STAFF in roles and held_to_unit_draft(area):
        found = cycle.submissions.filter(unit=unit).first()
        submission = found.state if found is not None else None
    return decide(area, cycle.state, roles, unit_submission=submission)


def may_change(
    *, user: User, area: Area, cycle: Cycle, unit: Unit | None = None, year: int | None = None
) -> bool:
    """What pages ask before offering a form: the same answer the service will give."""
    return change_refusal(user=user, area=area, cycle=cycle, unit=unit, year=year) is None


def may_ever_change(*, user: User, area: Area, cycle: Cycle, unit: Unit | None = None) -> bool:
    """Whether `user`'s roles (scoped as for a change) may change `area` in some state: who
    is offered an editor at all; the state decides, with its refusal, when they save."""
    return granted(area, scoped_roles(user=user, cycle=cycle, unit=unit))


def lock_notice(*, user: User, area: Area, cycle: Cycle, unit: Unit | None = None) -> str:
    """What a page says above a form its reader may use in some state but not now (the
    table's refusal, in the page's language); empty when they may change it, or never may."""
    if not may_ever_change(user=user, area=area, cycle=cycle, unit=unit):
        return ""
    refusal = change_refusal(user=user, area=area, cycle=cycle, unit=unit)
    return refusal.text(get_language()) if refusal else ""


def role_check(*, user: User, area: Area, cycle: Cycle, unit: Unit | None = None) -> None:
    """Raise RoleRefused unless `user`'s roles may change `area` in some state: a page that
    offers a form asks this first; the state is the service's to refuse, beside the form."""
    roles = scoped_roles(user=user, cycle=cycle, unit=unit)
    if not granted(area, roles):
        refusal = decide(area, cycle.state, roles)
        raise RoleRefused(refusal or SIGN_IN)


def change_check(
    *, user: User, area: Area, cycle: Cycle, unit: Unit | None = None, year: int | None = None
) -> None:
    """Raise ChangeRefused with the table's message unless `user` may change `area` now."""
    refusal = change_refusal(user=user, area=area, cycle=cycle, unit=unit, year=year)
    if refusal is None:
        return
    roles = scoped_roles(user=user, cycle=cycle, unit=unit)
    raise StateRefused(refusal) if granted(area, roles) else RoleRefused(refusal)
