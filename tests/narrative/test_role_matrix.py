"""Every finance and narrative route × each demo account (and anonymous) → expected status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from govperf.agencies.models import Unit
from govperf.narrative.models import Chapter, Recommendation
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

ANON = "anonymous"
EVERYONE = [
    ANON, "planning", "minister", "accounting", "personnel", "reviewer", "administrator",
    "staff-asia", "head-asia", "staff-io", "head-io", "staff-ic", "head-ic",
]  # fmt: skip
OTHER_UNITS = {"staff-io": 404, "head-io": 404, "staff-ic": 404, "head-ic": 404}


def _only(allowed: dict[str, int], refused: int = 403) -> dict[str, int]:
    """`allowed` accounts get their status, anonymous is sent to sign in, the rest `refused`."""
    return {name: allowed.get(name, refused) for name in EVERYONE} | {ANON: 302}


# a cycle in progress: members only; the public is asked to sign in (a published cycle's
# pages it reads on the portal)
READ = {name: 200 for name in EVERYONE} | {ANON: 302}
# (method, route name, which object, expected status per account)
MATRIX = [
    ("get", "finance:budget", "cycle", READ),
    ("get", "finance:headcount", "cycle", READ),
    ("get", "finance:program_costs", "cycle", READ),
    ("post", "finance:budget_save", "cycle", _only({"accounting": 302})),
    ("post", "finance:budget_preview", "cycle", _only({"accounting": 200})),
    ("post", "finance:headcount_save", "cycle", _only({"personnel": 302})),
    ("post", "finance:headcount_preview", "cycle", _only({"personnel": 200})),
    ("post", "finance:program_costs_save", "cycle", _only({"accounting": 302})),
    ("post", "finance:program_costs_preview", "cycle", _only({"accounting": 200})),
    ("get", "narrative:chapters", "cycle", READ),
    ("post", "narrative:chapters_create", "cycle", _only({"planning": 302})),
    # posted without a unit: the planning office is told to choose one (400), nothing changes
    ("post", "narrative:chapter_assign", "chapter", _only({"planning": 400})),
    (
        "get",
        "narrative:chapter_edit",
        "chapter",
        _only({"planning": 200, "staff-asia": 200, "head-asia": 200, **OTHER_UNITS}),
    ),
    ("get", "narrative:recommendations", "cycle", READ),
    ("post", "narrative:recommendation_assign", "recommendation", _only({"planning": 400})),
    (
        "get",
        "narrative:recommendation_answer",
        "recommendation",
        _only({"planning": 200, "staff-asia": 200, **OTHER_UNITS}),
    ),
]


@pytest.fixture
def objects(people, draft_cycle):  # type: ignore[no-untyped-def]
    open_year(people["planning"], draft_cycle)
    asia = Unit.objects.get(agency=draft_cycle.agency, name="亞太司")
    chapter = Chapter.objects.get(cycle=draft_cycle, key="closing")
    recommendation = Recommendation.objects.filter(cycle=draft_cycle).first()
    Chapter.objects.filter(pk=chapter.pk).update(owner=asia)
    Recommendation.objects.filter(pk=recommendation.pk).update(unit=asia)
    return {"cycle": draft_cycle.pk, "chapter": chapter.pk, "recommendation": recommendation.pk}


@pytest.mark.parametrize(("method", "name", "target", "expected"), MATRIX)
def test_role_matrix(client, people, objects, method, name, target, expected):  # type: ignore[no-untyped-def]
    url = reverse(name, args=[objects[target]])
    got = {}
    for account in EVERYONE:
        client.logout()
        if account != ANON:
            client.force_login(people[account])
        got[account] = getattr(client, method)(url).status_code
    assert got == expected
