"""Publishing and correcting through the API does what the web does; opening takes deadlines."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from govperf.evaluation.models import Cycle
from govperf.published_files import published_bytes
from govperf.workflow.models import Deadline, PublishedVersion
from tests.workflow.helpers import act, client_for, year_due

pytestmark = pytest.mark.django_db
FORMATS = ["docx", "html", "odt", "pdf", "txt"]
DETERMINISTIC = ["html", "txt"]  # the same data renders to the same bytes, but for the version
VERSION_LINE = re.compile(r"^(<p class=\"version\">)?第 \d+ 版.*\n", re.MULTILINE)


@pytest.fixture
def approved(draft_cycle: Cycle, people: dict[str, Any]) -> Cycle:
    """The sample as approved (核定), ready to publish."""
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.APPROVED)
    draft_cycle.refresh_from_db()
    return draft_cycle


def files_of(cycle: Cycle, number: int) -> dict[str, tuple[int, str]]:
    version = PublishedVersion.objects.get(cycle=cycle, number=number)
    return {file.format: (file.size, file.sha256) for file in version.files.all()}


def api_act(call: Any, cycle: Cycle, action: str, **body: Any) -> Any:
    return call("planning", "post", f"/cycles/{cycle.pk}/actions", {"action": action, **body})


def test_the_api_and_the_web_publish_the_same_versions_and_files(
    call: Any, people: dict[str, Any], approved: Cycle
) -> None:
    response = api_act(call, approved, "publish")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "published"
    web = client_for(people["planning"])
    assert act(web, approved, "start_correction", reason="更正第二章") == ["已完成「啟動更正」。"]
    assert act(web, approved, "publish_correction", reason="更正第二章") == ["已公告第 2 版。"]
    response = api_act(call, approved, "start_correction", reason="再次更正")
    assert response.json()["state"] == "correction"
    response = api_act(call, approved, "publish_correction", reason="再次更正")
    assert response.json()["state"] == "published"

    numbers = list(approved.versions.values_list("number", "reason"))
    assert numbers == [(1, "公告"), (2, "更正第二章"), (3, "再次更正")]
    by_api, by_web, by_api_again = (files_of(approved, n) for n in (1, 2, 3))
    assert sorted(by_api) == sorted(by_web) == sorted(by_api_again) == FORMATS
    assert all(size > 0 for size, _ in by_api.values())
    for format in DETERMINISTIC:  # nothing changed during the corrections but the version
        texts = [without_version(approved, number, format) for number in (1, 2, 3)]
        assert texts[0] == texts[1] == texts[2]


def without_version(cycle: Cycle, number: int, format: str) -> str:
    """A published file's text without the line that states its version (each has one)."""
    version = PublishedVersion.objects.get(cycle=cycle, number=number)
    text = published_bytes(version.files.get(format=format)).decode()
    lines = VERSION_LINE.findall(text)
    assert len(lines) == 1, lines
    return VERSION_LINE.sub("", text)


def test_a_refused_publication_over_the_api_stores_nothing(call: Any, approved: Cycle) -> None:
    response = call("minister", "post", f"/cycles/{approved.pk}/actions", {"action": "publish"})
    assert response.status_code == 403
    assert not approved.versions.exists()
    assert Cycle.objects.get(pk=approved.pk).state == "approved"


def dated(due: dict[str, Any]) -> dict[str, str]:
    return {step: day.isoformat() for step, day in due.items()}


def test_the_api_opens_the_year_with_its_deadlines(call: Any, draft_cycle: Cycle) -> None:
    due = year_due()
    response = api_act(call, draft_cycle, "open_year", due=dated(due))
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "open"
    stored = dict(Deadline.objects.filter(cycle=draft_cycle).values_list("step", "due_on"))
    assert stored == due


def test_opening_without_deadlines_answers_422_naming_each(call: Any, draft_cycle: Cycle) -> None:
    response = api_act(call, draft_cycle, "open_year")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"due.open", "due.unit_response", "due.revision", "due.approval"}
    assert errors["due.open"] == ["請設定「填報截止日」。"]
    assert Cycle.objects.get(pk=draft_cycle.pk).state == "draft"
    assert not Deadline.objects.exists()


def test_a_malformed_deadline_is_named_in_the_callers_language(
    client: Client, people: dict[str, Any], draft_cycle: Cycle
) -> None:
    client.force_login(people["planning"])
    client.cookies["django_language"] = "en"
    due = {**dated(year_due()), "revision": "2019/13/01"}
    response = client.post(
        f"/api/v1/cycles/{draft_cycle.pk}/actions",
        {"action": "open_year", "due": due},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "due.revision": ["“2019/13/01” is not a date; write it as 2019-03-31."]
    }
    assert Cycle.objects.get(pk=draft_cycle.pk).state == "draft"


def test_deadlines_out_of_order_are_named_by_the_later_step(call: Any, draft_cycle: Cycle) -> None:
    due = dated(year_due())
    due["approval"] = "2000-01-01"
    response = api_act(call, draft_cycle, "open_year", due=due)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["due.approval"]
    assert Cycle.objects.get(pk=draft_cycle.pk).state == "draft"


def test_a_unit_may_not_open_the_year_whatever_the_deadlines(call: Any, draft_cycle: Cycle) -> None:
    body = {"action": "open_year"}
    assert call("staff-asia", "post", f"/cycles/{draft_cycle.pk}/actions", body).status_code == 403


def test_deadlines_with_another_action_are_refused(call: Any, draft_cycle: Cycle) -> None:
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.OPEN)
    response = api_act(call, draft_cycle, "close_entry", due=dated(year_due()))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["due"]
