"""Assigning lights: a light that differs from the rule needs a reason; published data is locked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from govperf.accounts.models import Membership
from govperf.domain.lights import Light
from govperf.domain.workflow import Role
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.policy import ChangeRefused
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.evaluation.services import cycle_set_light_bands, kpi_year_assign_light

pytestmark = pytest.mark.django_db

CAPITAL = "機關年度資本門預算執行率"  # 107: 49.31%


@pytest.fixture
def reviewer(imported_cycle: Cycle):  # type: ignore[no-untyped-def]
    """The planning office, who assigns initial lights."""
    user = get_user_model().objects.create_user(username="planner", password="x")
    Membership.objects.create(user=user, agency=imported_cycle.agency, role=Role.PLANNING)
    return user


@pytest.fixture
def open_cycle(imported_cycle: Cycle) -> Cycle:
    """A cycle in its initial review, where the planning office assigns lights."""
    imported_cycle.state = Cycle.State.INITIAL_REVIEW
    imported_cycle.save()
    return imported_cycle


@pytest.fixture
def draft_cycle(imported_cycle: Cycle) -> Cycle:
    imported_cycle.state = Cycle.State.DRAFT
    imported_cycle.save()
    return imported_cycle


def capital_107(cycle: Cycle) -> KpiYear:
    return KpiYear.objects.get(cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=CAPITAL, year=107)


def test_the_rule_suggests_yellow_for_49_percent(open_cycle: Cycle) -> None:
    assert kpi_year_suggested_light(capital_107(open_cycle)) == Light.YELLOW


def test_a_light_differing_from_the_rule_needs_a_reason(open_cycle: Cycle, reviewer) -> None:  # type: ignore[no-untyped-def]
    year = capital_107(open_cycle)
    with pytest.raises(ValidationError, match="綠燈"):
        kpi_year_assign_light(actor=reviewer, kpi_year=year, stage="initial", light=Light.GREEN)
    year.refresh_from_db()
    assert year.initial_light_text == "▲"


def test_a_reasoned_override_is_stored_with_its_history(open_cycle: Cycle, reviewer) -> None:  # type: ignore[no-untyped-def]
    year = capital_107(open_cycle)
    before = year.history.count()
    kpi_year_assign_light(
        actor=reviewer, kpi_year=year, stage="initial", light=Light.GREEN, reason="購置案已簽約"
    )
    year.refresh_from_db()
    assert (year.initial_light, year.initial_light_text, year.light_reason) == (
        "green",
        "★",
        "購置案已簽約",
    )
    latest = year.history.first()
    assert (latest.history_user, latest.history_change_reason) == (reviewer, "購置案已簽約")
    assert year.history.count() == before + 1
    assert latest.prev_record.initial_light_text == "▲"


def test_lights_of_a_published_cycle_are_locked(imported_cycle: Cycle, reviewer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ChangeRefused, match="已公告"):
        kpi_year_assign_light(
            actor=reviewer,
            kpi_year=capital_107(imported_cycle),
            stage="initial",
            light=Light.YELLOW,
        )


def test_bands_are_per_cycle_and_validated(draft_cycle: Cycle, reviewer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="黃燈門檻"):
        cycle_set_light_bands(
            actor=reviewer, cycle=draft_cycle, green_from=Decimal(80), yellow_from=Decimal(90)
        )
    assert draft_cycle.light_bands == {}
    cycle_set_light_bands(
        actor=reviewer, cycle=draft_cycle, green_from=Decimal(100), yellow_from=Decimal(50)
    )
    assert kpi_year_suggested_light(capital_107(Cycle.objects.get())) == Light.RED
