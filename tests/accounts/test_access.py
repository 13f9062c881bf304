"""Who reaches which KPI-years: a unit only its own while a cycle is in progress."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from govperf.accounts.models import Membership
from govperf.accounts.selectors import user_roles
from govperf.agencies.models import Unit
from govperf.domain.workflow import Role
from govperf.evaluation.entry import entry_refusal
from govperf.evaluation.models import Cycle, CycleKpi, KpiYear
from govperf.evaluation.scope import kpi_year_list_for_user

pytestmark = pytest.mark.django_db

ASIA = "亞太司"
NGO = "非政府組織國際事務會"


@pytest.fixture
def open_cycle(imported_cycle: Cycle) -> Cycle:
    """The sample as a cycle open for entry, goal （一） owned by 亞太司 and （四） by NGO會."""
    imported_cycle.state = Cycle.State.OPEN
    imported_cycle.save()
    for label, name in (("（一）", ASIA), ("（四）", NGO)):
        unit = Unit.objects.create(agency=imported_cycle.agency, name=name)
        CycleKpi.objects.filter(cycle=imported_cycle, goal__label=label).update(unit=unit)
    return imported_cycle


def member(cycle: Cycle, name: str, role: Role, unit: str | None = None):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(username=name, password="x")
    unit_row = Unit.objects.get(name=unit) if unit else None
    Membership.objects.create(user=user, agency=cycle.agency, unit=unit_row, role=role)
    return user


def kpi_names(user, cycle: Cycle) -> set[str]:  # type: ignore[no-untyped-def]
    years = kpi_year_list_for_user(user=user, cycle=cycle)
    return set(years.values_list("cycle_kpi__kpi__name", flat=True))


def test_unit_staff_reach_only_their_units_kpis(open_cycle: Cycle) -> None:
    staff = member(open_cycle, "asia", Role.UNIT_STAFF, ASIA)
    assert kpi_names(staff, open_cycle) == {"深化與友邦高層政要之情誼", "我與友邦合作計畫執行項數"}
    other = KpiYear.objects.get(cycle_kpi__kpi__name="協助我NGO進行國際交流", year=107)
    own = KpiYear.objects.get(cycle_kpi__kpi__name="深化與友邦高層政要之情誼", year=107)
    assert entry_refusal(staff, own) is None
    assert entry_refusal(staff, other) is not None


def test_unit_head_reads_but_does_not_enter_values(open_cycle: Cycle) -> None:
    head = member(open_cycle, "head", Role.UNIT_HEAD, NGO)
    assert kpi_names(head, open_cycle) == {"協助我NGO進行國際交流"}
    own = KpiYear.objects.get(cycle_kpi__kpi__name="協助我NGO進行國際交流", year=107)
    assert entry_refusal(head, own) is not None


@pytest.mark.parametrize("role", [Role.PLANNING, Role.AGENCY_HEAD, Role.REVIEWER])
def test_offices_that_review_read_every_kpi(open_cycle: Cycle, role: Role) -> None:
    user = member(open_cycle, role.value, role)
    assert len(kpi_names(user, open_cycle)) == 16
    assert user_roles(user=user, agency=open_cycle.agency) == {role, Role.PUBLIC}


@pytest.mark.parametrize("role", [Role.ACCOUNTING, Role.PERSONNEL, Role.ADMINISTRATOR])
def test_other_offices_do_not_read_draft_kpis(open_cycle: Cycle, role: Role) -> None:
    assert kpi_names(member(open_cycle, role.value, role), open_cycle) == set()


def test_the_public_reads_only_published_cycles(open_cycle: Cycle) -> None:
    assert kpi_names(AnonymousUser(), open_cycle) == set()
    open_cycle.state = Cycle.State.PUBLISHED
    open_cycle.save()
    assert len(kpi_names(AnonymousUser(), open_cycle)) == 16
    staff = member(open_cycle, "asia", Role.UNIT_STAFF, ASIA)
    own = KpiYear.objects.get(cycle_kpi__kpi__name="深化與友邦高層政要之情誼", year=107)
    assert entry_refusal(staff, own) is not None
