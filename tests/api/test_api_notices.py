"""The notices' API doors: the caller's own notices, paged, and one marked read (only one's own)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from govperf.domain.workflow import SubmissionAction
from govperf.evaluation.models import Cycle
from govperf.workflow.models import Notice, UnitSubmission
from govperf.workflow.services import submission_apply
from tests.workflow.helpers import client_for, open_year

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def returned(people: dict[str, Any], cycle: Cycle, *reasons: str) -> None:
    """亞太司's staff submit, and its head returns the submission once for each reason."""
    open_year(people["planning"], cycle)
    submission = UnitSubmission.objects.get(cycle=cycle, unit__name="亞太司")
    for reason in reasons:
        submission_apply(
            actor=people["staff-asia"], submission=submission, action=SubmissionAction.SUBMIT,
            confirm=True,
        )  # fmt: skip
        submission_apply(
            actor=people["head-asia"], submission=submission, action=SubmissionAction.RETURN,
            reason=reason,
        )  # fmt: skip


def test_the_caller_lists_their_own_notices_newest_first(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    returned(people, draft_cycle, "請補正", "數據有誤")
    answer = as_user(people["staff-asia"]).get("/api/v1/notices?page_size=1", **ENGLISH)
    assert answer.status_code == 200
    listed = answer.json()
    assert (listed["count"], listed["unread"], len(listed["items"])) == (2, 2, 1)
    first = listed["items"][0]
    assert (first["text"], first["kind"], first["actor"]) == (
        "數據有誤",
        "unit_return",
        "head-asia",
    )
    assert first["kind_label"] == "Unit head returned the submission"
    assert first["unit"] == "亞太司" and first["read_at"] is None and listed["next"]
    nobody = as_user(people["staff-io"]).get("/api/v1/notices").json()
    assert (nobody["count"], nobody["items"]) == (0, [])
    assert Client().get("/api/v1/notices").status_code == 401


def test_marking_one_read_only_ones_own_and_the_filter_follows(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    returned(people, draft_cycle, "請補正", "數據有誤")
    notice = Notice.objects.filter(recipient=people["staff-asia"]).order_by("created_at").first()
    assert notice is not None
    other = as_user(people["staff-io"]).post(f"/api/v1/notices/{notice.pk}/read")
    assert other.status_code == 404
    assert Notice.objects.get(pk=notice.pk).read_at is None
    unknown = as_user(people["staff-asia"]).post("/api/v1/notices/999999/read", **ENGLISH)
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "No such notice of yours."})
    staff = as_user(people["staff-asia"])
    marked = staff.post(f"/api/v1/notices/{notice.pk}/read")
    assert marked.status_code == 200 and marked.json()["read_at"]
    assert Notice.objects.get(pk=notice.pk).read_at is not None
    again = staff.post(f"/api/v1/notices/{notice.pk}/read")  # already read: stays read
    assert again.status_code == 200 and again.json()["read_at"] == marked.json()["read_at"]
    unread = staff.get("/api/v1/notices?unread=true").json()
    assert [item["text"] for item in unread["items"]] == ["數據有誤"]
    assert unread["unread"] == 1


def test_the_notices_page_shows_what_the_api_marked_read(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    returned(people, draft_cycle, "請補正")
    notice = Notice.objects.get(recipient=people["staff-asia"])
    as_user(people["staff-asia"]).post(f"/api/v1/notices/{notice.pk}/read")
    page = client_for(people["staff-asia"]).get(reverse("workflow:notices"))
    assert page.context["unread"] == 0
    assert [n.pk for n in page.context["notices"]] == [notice.pk]
