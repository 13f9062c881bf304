"""The report's draft through the API: the same readers, marks and refusals as the cycle's page."""

from __future__ import annotations

import pytest

from govperf.accounts.tokens import api_token_create
from govperf.evaluation.models import Cycle
from tests.api.test_api_roles import EVERYONE, statuses

pytestmark = pytest.mark.django_db
READERS = {"planning", "minister", "reviewer"}


def test_the_draft_is_read_by_the_head_planning_and_the_reviewer(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    path = f"/cycles/{open_cycle.pk}/draft/txt"
    expected = {n: 200 if n in READERS else 403 for n in EVERYONE} | {"anonymous": 401}
    assert statuses(call, "get", path) == expected


def test_the_draft_is_marked_and_never_kept(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    html = call("minister", "get", f"/cycles/{open_cycle.pk}/draft/html")
    assert html["Content-Type"].startswith("text/html")
    assert html["Cache-Control"] == "private, no-store"
    assert "草稿" in html.content.decode()
    pdf = call("planning", "get", f"/cycles/{open_cycle.pk}/draft/pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_token_reads_the_draft_as_its_person_would(client, people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    secret = api_token_create(actor=people["planning"], name="系統")[1]
    answer = client.get(
        f"/api/v1/cycles/{open_cycle.pk}/draft/docx", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert answer.status_code == 200 and answer.content.startswith(b"PK")
    assert not answer.cookies


def test_an_unknown_format_or_a_published_year_is_refused_by_name(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    unknown = call("planning", "get", f"/cycles/{open_cycle.pk}/draft/exe")
    assert unknown.status_code == 422 and "format" in unknown.json()["errors"]
    Cycle.objects.filter(pk=open_cycle.pk).update(state=Cycle.State.PUBLISHED)
    published = call("planning", "get", f"/cycles/{open_cycle.pk}/draft/pdf")
    assert published.status_code == 409 and "公告版本" in published.json()["detail"]
