"""The policy table, door by door: for every area × cycle state × role, each door that reaches
the area (web page, XLSX form, API, admin) lands an allowed change and refuses any other with
the table's own words, changing nothing."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO, StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from govperf.agencies.models import Unit
from govperf.domain.policy import PUBLISHED, SIGNED, Area, decide
from govperf.domain.workflow import CYCLE, CycleState, Role, WorkflowError, find_transition
from govperf.evaluation.bulk_form import MAIN_SHEET, kpi_form_build
from govperf.evaluation.models import Cycle, Evidence, KpiYear, TargetRevision
from govperf.evaluation.policy import scoped_roles
from govperf.finance.cells import BUDGET, HEADCOUNT, PROGRAM_COSTS, editable_cells
from govperf.narrative.models import Chapter, Recommendation
from govperf.workflow.models import Deadline, ReviewComment, UnitSubmission

pytestmark = pytest.mark.django_db

# One account per role; unit roles are those of 亞太司, which owns every unit record used here.
ACTORS = {
    Role.UNIT_STAFF: "staff-asia",
    Role.UNIT_HEAD: "head-asia",
    Role.ACCOUNTING: "accounting",
    Role.PERSONNEL: "personnel",
    Role.PLANNING: "planning",
    Role.AGENCY_HEAD: "minister",
    Role.REVIEWER: "reviewer",
    Role.ADMINISTRATOR: "administrator",
    Role.PUBLIC: None,
}
UNIT = "亞太司"


@dataclass
class World:
    """The records every door is tried on, all of the cycle's own year and of 亞太司."""

    cycle: Cycle
    people: dict[str, Any]
    year: KpiYear  # executive tier, so the 複核 door reaches it too
    earlier: KpiYear
    chapter: Chapter
    recommendation: Recommendation
    revision: TargetRevision
    other_unit: Unit

    def refresh(self) -> None:
        for item in (self.cycle, self.year, self.earlier, self.chapter, self.recommendation):
            item.refresh_from_db()


@pytest.fixture
def world(people, draft_cycle: Cycle, tmp_path, settings) -> World:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    unit = Unit.objects.get(agency=draft_cycle.agency, name=UNIT)
    UnitSubmission.objects.get_or_create(cycle=draft_cycle, unit=unit)
    years = KpiYear.objects.filter(cycle_kpi__cycle=draft_cycle, cycle_kpi__unit=unit)
    year = years.filter(year=draft_cycle.year, sub_measures__isnull=True).order_by("pk").first()
    assert year is not None
    KpiYear.objects.filter(pk=year.pk).update(tier=KpiYear.Tier.EXECUTIVE)
    chapter = draft_cycle.chapters.order_by("position").first()
    recommendation = draft_cycle.recommendations.order_by("pk").first()
    assert chapter is not None and recommendation is not None
    Chapter.objects.filter(pk=chapter.pk).update(owner=unit)
    Recommendation.objects.filter(pk=recommendation.pk).update(unit=unit)
    revision = TargetRevision.objects.create(
        kpi_year=year,
        original_text=year.target_text,
        revised_text="1人次",
        revised_value=1,
        revised_unit="人次",
        reason="測試",
        requested_by=people["staff-asia"],
    )
    other = Unit.objects.filter(agency=draft_cycle.agency).exclude(pk=unit.pk).first()
    assert other is not None
    world = World(
        draft_cycle,
        people,
        KpiYear.objects.get(pk=year.pk),
        years.exclude(year=draft_cycle.year).order_by("pk")[0],
        chapter,
        recommendation,
        revision,
        other,
    )
    world.refresh()
    return world


@dataclass(frozen=True)
class Door:
    """One way in to change an area: send the change, and read back what it would change."""

    name: str
    area: Area
    send: Callable[[Client, World], Any]
    read: Callable[[World], Any]
    route_gate: str = ""  # the permission a route declares, checked before the table
    reviewer_area: Area | None = None  # where a reviewer's use of the door falls, if elsewhere

    def area_of(self, role: Role) -> Area:
        """The area the table decides this door in for `role`."""
        return self.reviewer_area if role == Role.REVIEWER and self.reviewer_area else self.area


def _post(path: str, data: dict[str, Any]) -> Callable[[Client, World], Any]:
    return lambda client, w: client.post(path, data)


def entry_web(field: str, year: Callable[[World], KpiYear]) -> Callable[[Client, World], Any]:
    def send(client: Client, w: World) -> Any:
        target = year(w)
        data = {
            "version": target.version,
            "actual_text": target.actual_text,
            "analysis": "門禁測試的分析",
            "missed_reason": target.missed_reason or "門禁測試的原因",
        }
        if field == "target_text":
            data["target_text"] = "1人次"
        return client.post(f"/kpi-years/{target.pk}/edit/", data)

    return send


def entry_api(year: Callable[[World], KpiYear]) -> Callable[[Client, World], Any]:
    def send(client: Client, w: World) -> Any:
        target = year(w)
        body = {"version": target.version, "analysis": "門禁測試的分析"}
        return client.patch(f"/api/v1/kpi-years/{target.pk}", body, content_type="application/json")

    return send


def entry_xlsx(client: Client, w: World) -> Any:
    data = kpi_form_build(cycle=w.cycle, kpi_years=[w.year])
    book = load_workbook(BytesIO(data))
    book[MAIN_SHEET]["G2"] = "門禁測試的分析"
    buffer = BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("form.xlsx", buffer.getvalue())
    unit = w.year.cycle_kpi.unit_id
    return client.post(f"/cycles/{w.cycle.pk}/units/{unit}/bulk/", {"file": upload})


def finance_door(table: str, area: Area) -> Door:
    def send(client: Client, w: World) -> Any:
        cell = editable_cells(w.cycle, table)[0]
        return client.post(
            f"/cycles/{w.cycle.pk}/{table.replace('_', '-')}/save/", {cell.name: "4321"}
        )

    def read(w: World) -> Any:
        cell = editable_cells(w.cycle, table)[0]
        cell.obj.refresh_from_db()
        return cell.text

    return Door(f"web {table}", area, send, read)


def analysis(w: World) -> str:
    return KpiYear.objects.get(pk=w.year.pk).analysis


def _upload(client: Client, w: World) -> Any:
    file = SimpleUploadedFile("佐證.txt", "門禁測試".encode())
    return client.post(f"/kpi-years/{w.year.pk}/evidence/new/", {"file": file, "description": ""})


def _chapter_edit(client: Client, w: World) -> Any:
    chapter = Chapter.objects.get(pk=w.chapter.pk)
    data = {"version": chapter.version, "new_text": "門禁測試的段落"}
    return client.post(f"/chapters/{chapter.pk}/edit/", data)


def _post_plan_goal(client: Client, w: World) -> Any:
    return client.post(f"/cycles/{w.cycle.pk}/plan/goals/new/", {"name": "門禁測試的目標"})


DOORS = [
    Door("web entry", Area.KPI_VALUES, entry_web("analysis", lambda w: w.year), analysis),
    Door("api entry", Area.KPI_VALUES, entry_api(lambda w: w.year), analysis),
    Door("xlsx entry", Area.KPI_VALUES, entry_xlsx, analysis),
    Door(
        "web earlier column",
        Area.EARLIER_COLUMNS,
        entry_web("analysis", lambda w: w.earlier),
        lambda w: KpiYear.objects.get(pk=w.earlier.pk).analysis,
    ),
    Door(
        "api earlier column",
        Area.EARLIER_COLUMNS,
        entry_api(lambda w: w.earlier),
        lambda w: KpiYear.objects.get(pk=w.earlier.pk).analysis,
    ),
    Door(
        "web revision request",
        Area.REVISION_REQUESTS,
        lambda c, w: c.post(
            f"/kpi-years/{w.year.pk}/target-revisions/new/",
            {"revised_text": "2人次", "reason": "門禁測試"},
        ),
        lambda w: TargetRevision.objects.filter(kpi_year=w.year).count(),
    ),
    Door(
        "web revision decision",
        Area.REVISION_DECISIONS,
        lambda c, w: c.post(
            f"/target-revisions/{w.revision.pk}/decide/", {"decision": "reject", "note": "不宜"}
        ),
        lambda w: TargetRevision.objects.get(pk=w.revision.pk).state,
    ),
    Door(
        "web lights",
        Area.LIGHTS,
        lambda c, w: c.post(
            f"/cycles/{w.cycle.pk}/lights/",
            {"kpi_year": w.year.pk, "light": "white", "reason": "門禁測試"},
        ),
        lambda w: KpiYear.objects.get(pk=w.year.pk).initial_light,
        route_gate="lights.assign",
    ),
    Door(
        "web comment",
        Area.LIGHTS,
        lambda c, w: c.post(
            f"/kpi-years/{w.year.pk}/review/", {"stance": "comment", "text": "門禁測試"}
        ),
        lambda w: ReviewComment.objects.filter(kpi_year=w.year, stance="comment").count(),
        reviewer_area=Area.RE_REVIEW,  # a reviewer comments on a 院管 KPI's 複核
    ),
    Door(
        "web re-review",
        Area.RE_REVIEW,
        lambda c, w: c.post(
            f"/kpi-years/{w.year.pk}/review/", {"re_review_light": "white", "reason": "門禁測試"}
        ),
        lambda w: KpiYear.objects.get(pk=w.year.pk).review_light,
    ),
    Door(
        "web response",
        Area.RESPONSES,
        lambda c, w: c.post(f"/kpi-years/{w.year.pk}/review/", {"stance": "agree", "text": "同意"}),
        lambda w: ReviewComment.objects.filter(kpi_year=w.year, stance="agree").count(),
    ),
    finance_door(BUDGET, Area.BUDGET),
    finance_door(HEADCOUNT, Area.HEADCOUNT),
    finance_door(PROGRAM_COSTS, Area.PROGRAM_COSTS),
    Door(
        "web chapter",
        Area.CHAPTERS,
        _chapter_edit,
        lambda w: w.chapter.blocks.count(),
    ),
    Door(
        "web chapter owner",
        Area.CHAPTER_OWNERS,
        lambda c, w: c.post(f"/chapters/{w.chapter.pk}/owner/", {"unit": w.other_unit.pk}),
        lambda w: Chapter.objects.get(pk=w.chapter.pk).owner_id,
    ),
    Door(
        "web recommendation answer",
        Area.RECOMMENDATIONS,
        lambda c, w: c.post(
            f"/recommendations/{w.recommendation.pk}/answer/", {"answer": "答：門禁測試"}
        ),
        lambda w: Recommendation.objects.get(pk=w.recommendation.pk).answer,
    ),
    Door(
        "web recommendation unit",
        Area.RECOMMENDATION_UNITS,
        lambda c, w: c.post(
            f"/recommendations/{w.recommendation.pk}/unit/", {"unit": w.other_unit.pk}
        ),
        lambda w: Recommendation.objects.get(pk=w.recommendation.pk).unit_id,
    ),
    Door(
        "web evidence",
        Area.EVIDENCE,
        _upload,
        lambda w: Evidence.objects.filter(kpi_year=w.year).count(),
    ),
    Door(
        "web deadlines",
        Area.DEADLINES,
        lambda c, w: c.post(
            f"/cycles/{w.cycle.pk}/deadlines/", {"open": "2031-01-15", "reason": "門禁測試"}
        ),
        lambda w: list(Deadline.objects.filter(cycle=w.cycle).values_list("due_on", flat=True)),
    ),
    Door(
        "web plan",
        Area.PLAN,
        _post_plan_goal,
        lambda w: w.cycle.goals.filter(name="門禁測試的目標").count(),
        route_gate="plan.edit",
    ),
]


def client_as(world: World, role: Role) -> Client:
    client = Client()
    name = ACTORS[role]
    if name is not None:
        client.force_login(world.people[name])
    return client


def expected(world: World, area: Area, role: Role) -> Any:
    """The table's answer for the account acting as `role`, scoped as the service scopes it."""
    name = ACTORS[role]
    if name is None:
        return "sign in"
    unit_scoped = area not in {
        Area.BUDGET, Area.HEADCOUNT, Area.PROGRAM_COSTS, Area.CHAPTER_OWNERS,
        Area.RECOMMENDATION_UNITS, Area.DEADLINES, Area.PLAN,
    }  # fmt: skip
    unit = world.year.cycle_kpi.unit if unit_scoped else None
    roles = scoped_roles(user=world.people[name], cycle=world.cycle, unit=unit)
    return decide(area, world.cycle.state, roles, unit_submission="draft")


def page_text(client: Client, response: Any) -> str:
    """What the person reads: the response, or the page a redirect leads to with its messages."""
    if response.status_code == 302 and "/login/" not in response["Location"]:
        response = client.get(response["Location"])
    if response.get("Content-Type", "").startswith("application/json"):
        return str(response.json())
    return response.content.decode()


def refused_properly(door: Door, role: Role, answer: Any, response: Any, text: str) -> bool:
    """A refusal in the table's words; or, before the table is reached, sign-in for the public,
    404 for a record outside the account's scope, or the route's own gate."""
    if answer == "sign in":
        return response.status_code in (302, 401) or "請先登入" in text
    if response.status_code == 404:
        return True
    if door.route_gate and response.status_code == 403 and "權限" in text:
        return True
    return answer.zh in text


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.name)
def test_each_door_lands_what_the_table_allows_and_refuses_the_rest(
    world: World, door: Door
) -> None:
    wrong = []
    for state, role in itertools.product(CycleState, ACTORS):
        with transaction.atomic():
            Cycle.objects.filter(pk=world.cycle.pk).update(state=state)
            world.refresh()
            before = door.read(world)
            answer = expected(world, door.area_of(role), role)
            client = client_as(world, role)
            response = door.send(client, world)
            assert response.status_code != 500, (door.name, state, role)
            text = page_text(client, response)
            landed = door.read(world) != before
            if answer is None and not landed:
                wrong.append(
                    (state.value, role.value, "allowed but not landed", response.status_code)
                )
            if answer is not None and (
                landed or not refused_properly(door, role, answer, response, text)
            ):
                wrong.append((state.value, role.value, "refused badly", response.status_code))
            transaction.set_rollback(True)
    assert wrong == []


GOVERNED = [
    ("evaluation/cycle", lambda w: w.cycle.pk),
    ("evaluation/kpiyear", lambda w: w.year.pk),
    ("narrative/chapter", lambda w: w.chapter.pk),
    ("narrative/recommendation", lambda w: w.recommendation.pk),
    ("evaluation/targetrevision", lambda w: w.revision.pk),
]


@pytest.mark.parametrize(("model", "pk"), GOVERNED, ids=[model for model, _ in GOVERNED])
def test_the_admin_shows_governed_records_but_changes_none(
    world: World, model: str, pk: Any
) -> None:
    admin = client_as(world, Role.ADMINISTRATOR)
    Cycle.objects.filter(pk=world.cycle.pk).update(state=CycleState.PUBLISHED)
    assert admin.get(f"/admin/{model}/{pk(world)}/change/").status_code == 200
    assert admin.post(f"/admin/{model}/{pk(world)}/change/", {"state": "open"}).status_code == 403
    assert admin.post(f"/admin/{model}/{pk(world)}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get(f"/admin/{model}/add/").status_code == 403
    assert Cycle.objects.get(pk=world.cycle.pk).state == CycleState.PUBLISHED


def test_a_published_cycle_cannot_be_set_back_through_the_admin(world: World) -> None:
    admin = client_as(world, Role.ADMINISTRATOR)
    Cycle.objects.filter(pk=world.cycle.pk).update(state=CycleState.PUBLISHED)
    data = {"agency": world.cycle.agency_id, "year": world.cycle.year, "state": "open"}
    assert admin.post(f"/admin/evaluation/cycle/{world.cycle.pk}/change/", data).status_code == 403
    assert Cycle.objects.get(pk=world.cycle.pk).state == CycleState.PUBLISHED


def test_the_english_interface_gives_the_tables_english_words(world: World) -> None:
    Cycle.objects.filter(pk=world.cycle.pk).update(state=CycleState.APPROVED)
    world.refresh()
    client = client_as(world, Role.ACCOUNTING)
    client.cookies["django_language"] = "en"
    door = finance_door(BUDGET, Area.BUDGET)
    response = door.send(client, world)
    answer = decide(Area.BUDGET, CycleState.APPROVED, {Role.ACCOUNTING})
    assert answer is not None and answer.en in page_text(client, response).replace("&#x27;", "'")


def test_a_page_says_why_its_form_is_closed_now_in_the_tables_words(world: World) -> None:
    Cycle.objects.filter(pk=world.cycle.pk).update(state=CycleState.APPROVED)
    budget = client_as(world, Role.ACCOUNTING).get(f"/cycles/{world.cycle.pk}/budget/")
    text = budget.content.decode()
    assert SIGNED.zh in text and 'name="budget-' not in text
    chapter = client_as(world, Role.PLANNING).get(f"/chapters/{world.chapter.pk}/edit/")
    assert (
        SIGNED.zh in chapter.content.decode() and 'name="new_text"' not in chapter.content.decode()
    )
    Cycle.objects.filter(pk=world.cycle.pk).update(state=CycleState.PUBLISHED)
    reader = Client()
    reader.force_login(get_user_model().objects.create_user("reader", password="pw-reader-1"))
    public = reader.get(f"/cycles/{world.cycle.pk}/budget/")
    assert public.status_code == 200
    assert PUBLISHED.zh not in public.content.decode()  # nothing to say to those who never edit
    owner = client_as(world, Role.ACCOUNTING).get(f"/cycles/{world.cycle.pk}/budget/")
    assert PUBLISHED.zh in owner.content.decode()


# The cycle's own state moves only by the workflow table, through `cycle_act`, from every door:
# one step per state whose guards the sample satisfies (lights assigned, chapters written).
STEPS = {
    CycleState.DRAFT: ("open_year", ""),
    CycleState.OPEN: ("close_entry", ""),
    CycleState.INITIAL_REVIEW: ("send_initial_lights", ""),
    CycleState.UNIT_RESPONSE: ("close_responses", ""),
    CycleState.REVISION: ("submit_for_approval", ""),
    CycleState.APPROVAL: ("return_for_revision", "請補充說明"),
    CycleState.APPROVED: ("publish", ""),
    CycleState.PUBLISHED: ("start_correction", "更正第二章數字"),
    CycleState.CORRECTION: ("publish_correction", "更正第二章數字"),
}
DUE = {"open": "2031-01-31", "unit_response": "2031-02-28", "revision": "2031-03-31"}
DUE["approval"] = "2031-04-30"


def step_web(client: Client, w: World, action: str, reason: str) -> str:
    data = {"action": action, "reason": reason, **(DUE if action == "open_year" else {})}
    return page_text(client, client.post(f"/cycles/{w.cycle.pk}/actions/", data))


def step_api(client: Client, w: World, action: str, reason: str) -> str:
    body: dict[str, Any] = {"action": action, "reason": reason}
    if action == "open_year":
        body["due"] = DUE
    path = f"/api/v1/cycles/{w.cycle.pk}/actions"
    return page_text(client, client.post(path, body, content_type="application/json"))


def step_command(client: Client, w: World, action: str, reason: str, username: str | None) -> str:
    options = {f"due_{step}": day for step, day in DUE.items()} if action == "open_year" else {}
    try:
        call_command(
            "cycle_action", agency=w.cycle.agency.name, year=w.cycle.year, action=action,
            user=username or "nobody", reason=reason, stdout=StringIO(), **options,
        )  # fmt: skip
    except CommandError as error:
        return str(error)
    return ""


def workflow_refusal(state: CycleState, action: str, role: Role, reason: str) -> str | None:
    try:
        find_transition(CYCLE, state, action, {role, Role.PUBLIC}, reason)  # as user_roles
    except WorkflowError as error:
        return str(error)
    return None


@pytest.mark.parametrize("door", ["web", "api", "command"])
def test_the_cycle_steps_as_the_workflow_table_says_from_every_door(
    world: World, door: str
) -> None:
    UnitSubmission.objects.filter(cycle=world.cycle).update(state="signed_off")
    wrong = []
    for state, role in itertools.product(CycleState, ACTORS):
        action, reason = STEPS[state]
        with transaction.atomic():
            Cycle.objects.filter(pk=world.cycle.pk).update(state=state)
            world.refresh()
            client = client_as(world, role)
            if door == "command":
                text = step_command(client, world, action, reason, ACTORS[role])
            else:
                text = (step_web if door == "web" else step_api)(client, world, action, reason)
            moved = Cycle.objects.get(pk=world.cycle.pk).state != state
            refusal = workflow_refusal(state, action, role, reason)
            if ACTORS[role] is None:
                ok = not moved
            elif refusal is None:
                ok = moved
            else:
                ok = not moved and (refusal in text or "找不到" in text)
            if not ok:
                wrong.append((state.value, role.value, moved, text[:80]))
            transaction.set_rollback(True)
    assert wrong == []
