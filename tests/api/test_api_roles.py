"""Each API operation × each demo account (and anonymous) → the status a caller gets."""

from __future__ import annotations

from typing import Any

import pytest

from govperf.evaluation.models import KpiYear
from govperf.workflow.models import UnitSubmission

pytestmark = pytest.mark.django_db

EVERYONE = (
    "anonymous", "planning", "minister", "accounting", "personnel", "reviewer", "administrator",
    "head-asia", "staff-asia", "staff-io", "head-io", "staff-ic", "head-ic",
)  # fmt: skip
READ_ALL = {"planning", "minister"}
ASIA = {"staff-asia", "head-asia"}


def expect(default: int, **special: int) -> dict[str, int]:
    table = {name: default for name in EVERYONE}
    table.update({name.replace("_", "-"): status for name, status in special.items()})
    return table


def statuses(call: Any, method: str, path: str, body: dict[str, Any] | None = None) -> dict:  # type: ignore[type-arg]
    return {name: call(name, method, path, body).status_code for name in EVERYONE}


def asia_kpi_year(cycle) -> KpiYear:  # type: ignore[no-untyped-def]
    return KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, cycle_kpi__unit__name="亞太司", year=cycle.year
    ).order_by("pk")[0]


def test_cycle_list_is_open_to_everyone(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    assert statuses(call, "get", "/cycles") == expect(200)
    assert call("anonymous", "get", "/cycles").json()["items"] == []
    assert [c["year"] for c in call("staff-io", "get", "/cycles").json()["items"]] == [107]


def test_a_cycle_in_progress_is_hidden_from_the_public(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    for path in (f"/cycles/{open_cycle.pk}", f"/cycles/{open_cycle.pk}/kpi-years"):
        assert statuses(call, "get", path) == expect(200, anonymous=404)


def test_kpi_year_by_id_only_within_scope(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    path = f"/kpi-years/{asia_kpi_year(open_cycle).pk}"
    reached = READ_ALL | ASIA | {"reviewer"}
    assert statuses(call, "get", path) == {n: 200 if n in reached else 404 for n in EVERYONE}


def test_findings_need_drafts_read_all(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    path = f"/cycles/{open_cycle.pk}/findings"
    expected = {n: 200 if n in READ_ALL else 403 for n in EVERYONE} | {"anonymous": 401}
    assert statuses(call, "get", path) == expected


def test_cycle_actions_only_planning_gets_past_the_role(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    path = f"/cycles/{open_cycle.pk}/actions"
    got = statuses(call, "post", path, {"action": "close_entry"})
    # planning may close entry, but not while units have not signed off: a state conflict
    assert got == expect(403, anonymous=401, planning=409)


def test_submission_actions_by_scope_and_role(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    submission = UnitSubmission.objects.get(cycle=open_cycle, unit__name="亞太司")
    path = f"/submissions/{submission.pk}/actions"
    got = statuses(call, "post", path, {"action": "submit"})
    # staff-asia comes after head-asia in EVERYONE, so its submit succeeds last
    assert got == expect(
        404, anonymous=401, planning=403, minister=403, head_asia=403, staff_asia=200
    )
    submission.refresh_from_db()
    assert submission.state == "submitted"


def test_kpi_year_entry_by_scope_and_role(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = asia_kpi_year(open_cycle)
    got = {}
    for name in EVERYONE:  # each caller sends the version it would have just read
        year.refresh_from_db()
        body = {"version": year.version, "analysis": f"{name} 的分析"}
        got[name] = call(name, "patch", f"/kpi-years/{year.pk}", body).status_code
    # in scope but not entering now: the head, the minister, the reviewer (the service's 403)
    assert got == expect(
        404, anonymous=401, planning=200, minister=403, reviewer=403, head_asia=403,
        staff_asia=200,
    )  # fmt: skip
    year.refresh_from_db()
    assert year.analysis == "staff-asia 的分析" and year.version == 2
