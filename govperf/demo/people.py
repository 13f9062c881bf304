"""The demo's agency people: its units, which goals they own, and one account per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from govperf.accounts.models import Membership
from govperf.agencies.models import Agency, Unit
from govperf.domain.workflow import Role
from govperf.evaluation.models import Cycle, CycleKpi

# Which business unit owns the KPIs of each goal of the sample (the report does not say).
GOAL_UNITS = {
    "（一）": "亞太司",
    "（二）": "亞太司",
    "（三）": "國際組織司",
    "（四）": "國際組織司",
    "（五）": "國際傳播司",
    "（六）": "國際傳播司",
    "（七）": "國際傳播司",
}
DEMO_MAIL_DOMAIN = "demo.govperf.invalid"  # reminders print to the console in the demo
DEMO_PASSWORD = "govperf-demo"  # one password for every demo account; printed by `govperf demo`
OFFICES = {
    "研究設計會": Unit.Kind.PLANNING,
    "會計處": Unit.Kind.ACCOUNTING,
    "人事處": Unit.Kind.PERSONNEL,
}


@dataclass(frozen=True)
class Person:
    """One demo account: who they are, the role they hold, for which unit."""

    username: str
    role: Role
    unit: str | None = None


PEOPLE = (
    Person("planning", Role.PLANNING, "研究設計會"),
    Person("minister", Role.AGENCY_HEAD),
    Person("accounting", Role.ACCOUNTING, "會計處"),
    Person("personnel", Role.PERSONNEL, "人事處"),
    Person("reviewer", Role.REVIEWER),
    Person("administrator", Role.ADMINISTRATOR),
    Person("staff-asia", Role.UNIT_STAFF, "亞太司"),
    Person("head-asia", Role.UNIT_HEAD, "亞太司"),
    Person("staff-io", Role.UNIT_STAFF, "國際組織司"),
    Person("head-io", Role.UNIT_HEAD, "國際組織司"),
    Person("staff-ic", Role.UNIT_STAFF, "國際傳播司"),
    Person("head-ic", Role.UNIT_HEAD, "國際傳播司"),
)


def units_ensure(*, agency: Agency) -> dict[str, Unit]:
    """The agency's business units and offices, created when missing."""
    kinds = {name: Unit.Kind.BUSINESS for name in GOAL_UNITS.values()} | OFFICES
    return {
        name: Unit.objects.get_or_create(agency=agency, name=name, defaults={"kind": kind})[0]
        for name, kind in kinds.items()
    }


def cycle_assign_units(*, cycle: Cycle) -> None:
    """Give each KPI of `cycle` the unit that owns its goal."""
    units = units_ensure(agency=cycle.agency)
    for label, name in GOAL_UNITS.items():
        CycleKpi.objects.filter(cycle=cycle, goal__label=label).update(unit=units[name])


@transaction.atomic
def people_ensure(*, agency: Agency, password: str) -> dict[str, AbstractUser]:
    """One account per person of `PEOPLE`, with its membership; existing ones keep theirs."""
    units = units_ensure(agency=agency)
    users: dict[str, AbstractUser] = {}
    for person in PEOPLE:
        user, created = get_user_model().objects.get_or_create(
            username=person.username,
            defaults={"email": f"{person.username}@{DEMO_MAIL_DOMAIN}"},
        )
        if created:
            user.set_password(password)
            user.is_staff = user.is_superuser = person.role == Role.ADMINISTRATOR
            user.save()
        unit = units[person.unit] if person.unit else None
        Membership.objects.get_or_create(user=user, agency=agency, unit=unit, role=person.role)
        users[person.username] = user
    return users
