"""The planning office starts next year's cycle from a published one, on the web."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.evaluation.models import Cycle, KpiYear
from tests.workflow.helpers import client_for, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def planning(imported_cycle: Cycle) -> Any:
    cycle_assign_units(cycle=imported_cycle)
    return people_ensure(agency=imported_cycle.agency, password="pw")["planning"]


def test_planning_creates_108_from_the_published_107_once(
    planning: Any, imported_cycle: Cycle
) -> None:
    client = client_for(planning)
    overview = reverse("workflow:cycle", args=[imported_cycle.pk])
    assert "建立 108 年度" in client.get(overview).content.decode()
    url = reverse("workflow:cycle_next", args=[imported_cycle.pk])

    assert post(client, url, {}) == ["已建立外交部 108年度（籌備中）。"]
    created = Cycle.objects.get(year=108)
    assert created.state == Cycle.State.DRAFT
    target = KpiYear.objects.get(
        cycle_kpi__cycle=created, cycle_kpi__kpi__name="深化與友邦高層政要之情誼", year=108
    )
    assert (target.target_text, target.actual_text) == ("95人次", "")
    assert created.history.get().history_user == planning

    assert "建立 108 年度" not in client.get(overview).content.decode()
    assert post(client, url, {}) == ["只能由已公告、且尚無下一年度的評估年度建立下一年度。"]
    assert Cycle.objects.filter(year=108).count() == 1
