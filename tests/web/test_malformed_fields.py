"""Every POST route, sent malformed hidden, id and choice fields: a clear answer, never a 500,
and nothing stored changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse

from govperf.agencies.models import Unit
from govperf.evaluation.evidence import evidence_upload
from govperf.evaluation.models import Cycle, Evidence, KpiYear, TargetRevision
from govperf.evaluation.targets import target_revision_request
from govperf.finance.models import BudgetFigure, HeadcountFigure, ProgramCostYear
from govperf.narrative.models import Block, Chapter, Recommendation
from govperf.workflow.models import Deadline, ReviewComment, UnitSubmission
from tests.web.test_routes import walk
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司
MISSING = object()
# "" is left out where an empty value is a choice ("nobody", "date unchanged").
MALFORMED: tuple[object, ...] = ("abc", "", "²", "1e3", "-1", "9" * 40, MISSING, ["abc", "²"])
NOT_EMPTY = tuple(value for value in MALFORMED if value != "")
PRESENT = tuple(value for value in NOT_EMPTY if value is not MISSING)  # optional fields
IDS = ("abc", "²", "1e3", "-1", "9" * 40)  # spoiling the id inside a field's name

# route name → (who posts, url kwargs key, the valid form, the fields to spoil, their values)
# Routes not here must not take a POST (checked below).
ROUTES: dict[str, tuple[str, str, dict[str, Any], tuple[str, ...], tuple[object, ...]]] = {
    "workflow:cycle_action": ("planning", "cycle", {"action": "close_entry"}, ("action",), MALFORMED),
    "workflow:cycle_next": ("planning", "cycle", {}, (), MALFORMED),
    "workflow:deadlines": (
        "planning", "cycle", {"open": "2030-01-01", "reason": "x"}, ("open", "approval"), PRESENT,
    ),
    "workflow:submission_action": (
        "staff-asia", "submission", {"action": "submit"}, ("action",), MALFORMED,
    ),
    "workflow:lights": (
        "planning", "cycle", {"kpi_year": "{year}", "light": "red", "reason": "x"},
        ("kpi_year", "light"), MALFORMED,
    ),
    "workflow:kpi_review": (
        "planning", "year", {"stance": "comment", "text": "請補充"}, ("stance",), MALFORMED,
    ),
    "workflow:kpi_review#re_review": (
        "reviewer", "year", {"re_review_light": "red", "reason": "x"}, ("re_review_light",),
        tuple(value for value in MALFORMED if value is not MISSING),
    ),
    "evaluation:kpi_edit": (
        "staff-asia", "year", {"version": "{version}", "actual_text": "1人次", "analysis": "a"},
        ("version",), MALFORMED,
    ),
    "evaluation:kpi_preview": (
        "staff-asia", "year", {"version": "{version}", "actual_text": "1人次"}, ("version",),
        MALFORMED,
    ),
    "evaluation:evidence_upload": ("staff-asia", "year", {}, ("description",), MALFORMED),
    "evaluation:evidence_withdraw": ("staff-asia", "evidence", {}, ("reason",), (MISSING,)),
    "evaluation:target_revision_new": (
        "staff-asia", "year", {"revised_text": "100人次", "reason": "x"}, ("revised_text",),
        (MISSING, ""),
    ),
    "evaluation:target_revision_decide": (
        "planning", "revision", {"decision": "approve", "note": "ok"}, ("decision",), MALFORMED,
    ),
    "evaluation:bulk": ("staff-asia", "unit", {}, ("file",), MALFORMED),
    "finance:budget_save": ("accounting", "cycle", {}, ("budget-@-value",), IDS),
    "finance:budget_preview": ("accounting", "cycle", {}, ("budget-@-value",), IDS),
    "finance:headcount_save": ("personnel", "cycle", {}, ("headcount-@-value",), IDS),
    "finance:headcount_preview": ("personnel", "cycle", {}, ("headcount-@-value",), IDS),
    "finance:program_costs_save": ("accounting", "cycle", {}, ("program_costs-@-budget",), IDS),
    "finance:program_costs_preview": (
        "accounting", "cycle", {}, ("program_costs-@-progress",), IDS,
    ),
    "narrative:chapters_create": ("planning", "cycle", {}, (), MALFORMED),
    "narrative:chapter_assign": ("planning", "chapter", {"unit": "{unit}"}, ("unit",), NOT_EMPTY),
    "narrative:chapter_edit": (
        "planning", "chapter", {"version": "{chapter_version}", "block": "{block}",
                                "order-{block}": "1", "text-{block}": "改", "new_order": "1"},
        ("version", "order-{block}", "new_order", "block"), PRESENT,
    ),
    "narrative:chapter_edit#version": (
        "planning", "chapter", {"version": "{chapter_version}", "block": "{block}",
                                "text-{block}": "改"},
        ("version",), MALFORMED,
    ),
    "narrative:recommendation_assign": (
        "planning", "recommendation", {"unit": "{unit}"}, ("unit",), NOT_EMPTY,
    ),
    "narrative:recommendation_answer": (
        "planning", "recommendation", {"answer": "辦理中", "reason": "x"}, ("answer",),
        (MISSING, ""),
    ),
}  # fmt: skip
# Changing a stored row is what each malformed post must not do: these are the rows forms write.
MODELS = (
    Cycle, KpiYear, Evidence, TargetRevision, BudgetFigure, HeadcountFigure, ProgramCostYear,
    Chapter, Block, Recommendation, Deadline, ReviewComment, UnitSubmission,
)  # fmt: skip


@pytest.fixture
def world(people: dict[str, Any], draft_cycle: Cycle, settings: Any, tmp_path: Any) -> dict:
    settings.MEDIA_ROOT = tmp_path
    cycle = open_year(people["planning"], draft_cycle)
    year = KpiYear.objects.get(
        cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=HIGH_LEVEL, year=cycle.year
    )
    KpiYear.objects.filter(pk=year.pk).update(tier="executive")
    evidence = evidence_upload(
        actor=people["staff-asia"], kpi_year=year, upload=SimpleUploadedFile("a.pdf", b"%PDF")
    )
    revision = target_revision_request(
        actor=people["staff-asia"], kpi_year=year, revised_text="100人次", reason="x"
    )
    asia = Unit.objects.get(agency=cycle.agency, name="亞太司")
    chapter = Chapter.objects.get(cycle=cycle, key="closing")
    year.refresh_from_db()
    cost = ProgramCostYear.objects.filter(
        program_cost__cycle=cycle, year=cycle.year, program_cost__kind="program"
    ).first()
    assert cost is not None
    budget = BudgetFigure.objects.filter(cycle=cycle, year=cycle.year, measure="final").first()
    headcount = HeadcountFigure.objects.get(cycle=cycle, year=cycle.year, label="職員")
    values = {
        "year": year.pk,
        "version": year.version,
        "chapter_version": chapter.version,
        "block": chapter.blocks.filter(kind="paragraph").first().pk,  # type: ignore[union-attr]
        "unit": asia.pk,
        "budget": f"budget-{budget.pk}-value",  # type: ignore[union-attr]
        "headcount": f"headcount-{headcount.pk}-value",
        "cost": f"program_costs-{cost.pk}-budget",
    }
    kwargs = {
        "cycle": {"cycle_id": cycle.pk},
        "year": {"kpi_year_id": year.pk},
        "evidence": {"evidence_id": evidence.pk},
        "revision": {"revision_id": revision.pk},
        "unit": {"cycle_id": cycle.pk, "unit_id": asia.pk},
        "submission": {"submission_id": UnitSubmission.objects.get(cycle=cycle, unit=asia).pk},
        "chapter": {"chapter_id": chapter.pk},
        "recommendation": {
            "recommendation_id": Recommendation.objects.filter(cycle=cycle).first().pk  # type: ignore[union-attr]
        },
    }
    return {"cycle": cycle, "values": values, "kwargs": kwargs}


def stored() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the models forms write, as plain values."""
    return {
        model.__name__: [tuple(row.values()) for row in model.objects.order_by("pk").values()]
        for model in MODELS
    }


def fill(text: str, values: dict[str, Any]) -> str:
    return text.format(**values) if "{" in text else text


def spoiled(valid: dict[str, Any], field: str, value: object) -> dict[str, Any]:
    data = dict(valid)
    if "@" in field:  # the id inside the name is spoiled; the value is a plain number
        data[field.replace("@", str(value))] = "1"
    elif value is MISSING:
        data.pop(field, None)
    else:
        data[field] = value
    return data


def test_every_post_route_is_walked() -> None:
    """Every route of the site's apps is here, or takes no POST."""
    names = {
        f"{namespace}:{pattern.name}"
        for namespace, _, pattern in walk(get_resolver().url_patterns)
        if namespace in ("workflow", "evaluation", "finance", "narrative")
    }
    reads = {
        "workflow:cycle", "workflow:versions", "workflow:download", "workflow:board",
        "workflow:version_read", "workflow:home", "workflow:draft",
        "evaluation:kpi_list", "evaluation:kpi", "evaluation:evidence_download",
        "evaluation:target_revisions", "evaluation:bulk_form", "finance:budget",
        "finance:headcount", "finance:program_costs", "narrative:chapters",
        "narrative:recommendations",
    }  # fmt: skip
    walked = {name.split("#")[0] for name in ROUTES}
    assert names == walked | reads
    assert not walked & reads


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_malformed_fields_never_500_and_change_nothing(
    people: dict[str, Any], world: dict[str, Any], route: str
) -> None:
    who, key, valid, fields, bad_values = ROUTES[route]
    values = world["values"]
    url = reverse(route.split("#")[0], kwargs=world["kwargs"][key])
    form = {fill(name, values): fill(str(value), values) for name, value in valid.items()}
    client = Client()
    client.force_login(people[who])
    before = stored()
    answered = []
    for field in [fill(name, values) for name in fields] or ["unknown"]:
        for value in bad_values:
            response = client.post(url, spoiled(form, field, value))
            answered.append((field, repr(value), response.status_code))
            assert response.status_code != 500, (field, value)
            if response.status_code in (400, 200):
                assert response.content, (field, value)  # a page or a fragment saying why
            assert stored() == before, (field, value, response.status_code)
    assert answered


def test_read_only_routes_refuse_a_post_or_ignore_it(
    people: dict[str, Any], world: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(people["planning"])
    before = stored()
    url = reverse("finance:budget", kwargs=world["kwargs"]["cycle"])
    assert client.post(url, {"version": "abc", "unit": "²"}).status_code != 500
    assert stored() == before
