"""Who reaches each workflow page: every route × every demo account (and the anonymous public)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.models import UnitSubmission
from tests.workflow.helpers import client_for, open_year

pytestmark = pytest.mark.django_db

ALL = ("planning", "minister", "accounting", "personnel", "reviewer", "administrator",
       "staff-asia", "head-asia", "staff-io", "head-io", "staff-ic", "head-ic")  # fmt: skip
READ_ALL = {"planning", "minister", "reviewer"}
ASIA = {"staff-asia", "head-asia"}
UNIT_PEOPLE = {name for name in ALL if name.startswith(("staff-", "head-"))}


def expect(ok: set[str], refused: int, anonymous: int, ok_status: int = 200) -> dict[str, int]:
    return {"anonymous": anonymous, **{name: ok_status if name in ok else refused for name in ALL}}


# (name, method, url-kwargs key, expected status by account) in an open cycle
MATRIX = [
    # the public is asked to sign in: a cycle it may read is on the portal
    ("workflow:cycle", "get", "cycle", expect(set(ALL), 404, 302)),
    ("workflow:versions", "get", "cycle", expect(set(ALL), 404, 302)),
    ("workflow:lights", "get", "cycle", expect({"planning"}, 403, 302)),
    ("workflow:board", "get", "cycle", expect({"planning", "minister"}, 403, 302)),
    ("workflow:kpi_review", "get", "kpi_year", expect(READ_ALL | ASIA, 404, 302)),
    ("workflow:cycle_action", "post", "cycle", expect(set(ALL), 404, 302, 302)),
    ("workflow:deadlines", "post", "cycle", expect({"planning"}, 403, 302, 302)),
    ("workflow:cycle_next", "post", "cycle", expect({"planning"}, 403, 302, 302)),
    (
        "workflow:submission_action",
        "post",
        "submission",
        expect(set(ALL) - (UNIT_PEOPLE - ASIA), 404, 302, 302),
    ),
    ("workflow:download", "get", "download", expect(set(), 404, 404)),
]


@pytest.fixture
def objects(people: dict[str, Any], draft_cycle: Cycle) -> dict[str, dict[str, Any]]:
    open_year(people["planning"], draft_cycle)
    year = KpiYear.objects.filter(cycle_kpi__cycle=draft_cycle, cycle_kpi__unit__name="亞太司")
    submission = UnitSubmission.objects.get(cycle=draft_cycle, unit__name="亞太司")
    return {
        "cycle": {"cycle_id": draft_cycle.pk},
        "kpi_year": {"kpi_year_id": year.first().pk},  # type: ignore[union-attr]
        "submission": {"submission_id": submission.pk},
        "download": {"cycle_id": draft_cycle.pk, "number": 1, "format": "pdf"},
    }


@pytest.mark.parametrize(("name", "method", "key", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_each_account_gets_the_expected_answer(
    people: dict[str, Any], objects: dict[str, dict[str, Any]], name: str, method: str, key: str,
    expected: dict[str, int],
) -> None:  # fmt: skip
    url = reverse(name, kwargs=objects[key])
    got = {}
    for account in expected:
        client = client_for(people.get(account))
        response = getattr(client, method)(
            url, {"action": "not-an-action"} if method == "post" else {}
        )
        got[account] = response.status_code
    assert got == expected


def test_post_only_routes_refuse_a_get(people: dict[str, Any], objects: dict[str, Any]) -> None:
    client = client_for(people["planning"])
    assert client.get(reverse("workflow:cycle_action", kwargs=objects["cycle"])).status_code == 405


def test_an_other_agency_cycle_is_not_found(
    people: dict[str, Any], objects: dict[str, Any]
) -> None:
    client = client_for(people["planning"])
    assert client.get(reverse("workflow:cycle", kwargs={"cycle_id": 999999})).status_code == 404


def test_the_overview_renders_in_english(people: dict[str, Any], objects: dict[str, Any]) -> None:
    client = client_for(people["planning"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("workflow:cycle", kwargs=objects["cycle"])).content.decode()
    assert "Deadlines" in page and "Units reporting" in page and "Entry deadline" in page
    assert "期限" not in page


def test_the_public_reads_a_published_cycle_on_the_portal_and_none_of_its_review(
    imported_cycle: Cycle,
) -> None:
    anonymous = client_for(None)
    ids = {"cycle_id": imported_cycle.pk}
    year = {"agency_id": imported_cycle.agency_id, "year": imported_cycle.year}
    page = anonymous.get(reverse("workflow:cycle", kwargs=ids))
    assert (page.status_code, page["Location"]) == (302, reverse("portal:year", kwargs=year))
    versions = anonymous.get(reverse("workflow:versions", kwargs=ids))
    assert versions["Location"] == reverse("portal:versions", kwargs=year)
    assert anonymous.get(reverse("workflow:lights", kwargs=ids)).status_code == 302
    year = KpiYear.objects.filter(cycle_kpi__cycle=imported_cycle).first()
    review = reverse("workflow:kpi_review", args=[year.pk])  # type: ignore[union-attr]
    assert anonymous.get(review).status_code == 302
