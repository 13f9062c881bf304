"""Target revisions: requested with a reason, decided by planning, shown beside the original."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from govperf.evaluation.models import Cycle, KpiYear, TargetRevision
from govperf.evaluation.policy import ChangeRefused
from govperf.evaluation.targets import target_revision_decide, target_revision_request
from govperf.reports.builder import document_build
from govperf.reports.render_text import render_text
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司; target 95人次, actual 108人次


@pytest.fixture
def open_cycle(people, draft_cycle) -> Cycle:  # type: ignore[no-untyped-def]
    return open_year(people["planning"], draft_cycle)


def year_of(cycle: Cycle, name: str = HIGH_LEVEL) -> KpiYear:
    return KpiYear.objects.get(
        cycle_kpi__cycle=cycle, cycle_kpi__kpi__name__startswith=name, year=cycle.year
    )


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password="pw")
    return client


def test_request_and_approval_on_the_web_revise_the_target_and_achievement(
    people, open_cycle
) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle)
    staff, planning = signed_in("staff-asia"), signed_in("planning")
    response = staff.post(
        f"/kpi-years/{year.pk}/target-revisions/new/",
        {"revised_text": "120人次", "reason": "友邦新增高層互訪"},
    )
    assert response.status_code == 302
    revision = TargetRevision.objects.get()
    listing = planning.get(f"/cycles/{open_cycle.pk}/target-revisions/").content.decode()
    assert "120人次" in listing and "友邦新增高層互訪" in listing
    decided = planning.post(f"/target-revisions/{revision.pk}/decide/", {"decision": "approve"})
    assert decided.status_code == 302
    year.refresh_from_db()
    assert (year.target_text, year.revised_target_text) == ("95人次", "120人次")
    assert year.revised_target_value == 120 and year.achievement_value == Decimal("90")
    assert year.version == 1
    history = staff.get(f"/kpi-years/{year.pk}/").content.decode().split('id="history"')[1]
    assert "目標值修正 #" in history and "友邦新增高層互訪" in history and "planning" in history
    assert "修正目標值（原文）" in history


def test_the_report_shows_the_original_and_the_revised_target(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle)
    revision = target_revision_request(
        actor=people["staff-asia"], kpi_year=year, revised_text="120人次", reason="新增互訪"
    )
    target_revision_decide(actor=people["planning"], revision=revision, approve=True)
    assert "95人次（修正後：120人次）" in render_text(document_build(open_cycle))


def test_a_reason_is_required_and_rejection_changes_no_target(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle)
    with pytest.raises(ValidationError) as refused:
        target_revision_request(
            actor=people["staff-asia"], kpi_year=year, revised_text="1人次", reason=""
        )
    assert "reason" in refused.value.message_dict
    revision = target_revision_request(
        actor=people["staff-asia"], kpi_year=year, revised_text="1人次", reason="x"
    )
    with pytest.raises(ValidationError, match="駁回"):
        target_revision_decide(actor=people["planning"], revision=revision, approve=False)
    target_revision_decide(
        actor=people["planning"], revision=revision, approve=False, note="不合理"
    )
    year.refresh_from_db()
    assert year.revised_target_text == "" and revision.state == TargetRevision.State.REJECTED
    with pytest.raises(ValidationError):
        target_revision_decide(actor=people["planning"], revision=revision, approve=True)


def test_who_may_request_and_decide(people, open_cycle, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle)
    for who in ("staff-io", "head-asia", "minister", "accounting"):
        with pytest.raises(ChangeRefused):
            target_revision_request(
                actor=people[who], kpi_year=year, revised_text="1人次", reason="x"
            )
    revision = target_revision_request(
        actor=people["planning"], kpi_year=year, revised_text="100人次", reason="x"
    )
    for who in ("staff-asia", "minister"):
        with pytest.raises(ChangeRefused):
            target_revision_decide(actor=people[who], revision=revision, approve=True)
    assert (
        signed_in("staff-asia")
        .post(f"/target-revisions/{revision.pk}/decide/", {"decision": "approve"})
        .status_code
        == 403
    )
    revision.refresh_from_db()
    assert revision.state == TargetRevision.State.REQUESTED


def test_no_revision_in_draft_or_after_publication(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(draft_cycle)
    with pytest.raises(ChangeRefused, match="籌備中"):
        target_revision_request(
            actor=people["planning"], kpi_year=year, revised_text="1人次", reason="x"
        )
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    year = year_of(draft_cycle)
    with pytest.raises(ChangeRefused, match="已公告"):
        target_revision_request(
            actor=people["planning"], kpi_year=year, revised_text="1人次", reason="x"
        )


def _decide_page(client: Client, revision: TargetRevision, data: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    url = f"/target-revisions/{revision.pk}/decide/"
    return client.post(url, data) if data is not None else client.get(url)


def test_each_decision_has_its_own_form_and_an_approval_takes_an_optional_note(
    people, open_cycle
) -> None:  # type: ignore[no-untyped-def]
    revision = target_revision_request(
        actor=people["staff-asia"], kpi_year=year_of(open_cycle), revised_text="120人次", reason="x"
    )
    planning = signed_in("planning")
    text = _decide_page(planning, revision).content.decode()
    for decision in ("approve", "reject"):
        form = text.split(f'id="decide-{decision}"')[1].split("</form>")[0]
        assert f'name="decision" value="{decision}"' in form and form.count('name="note"') == 1
    assert text.count('name="note"') == 2 and "送出" not in text  # no shared box and button
    done = _decide_page(planning, revision, {"decision": "approve", "note": "同意，依函辦理"})
    assert done.status_code == 302
    revision.refresh_from_db()
    assert (revision.state, revision.decision_note) == ("approved", "同意，依函辦理")
    listing = planning.get(f"/cycles/{open_cycle.pk}/target-revisions/").content.decode()
    assert "同意，依函辦理" in listing


def test_a_decision_taken_meanwhile_refuses_the_second_and_says_so(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    revision = target_revision_request(
        actor=people["staff-asia"], kpi_year=year_of(open_cycle), revised_text="120人次", reason="x"
    )
    planning = signed_in("planning")
    assert (
        _decide_page(planning, revision, {"decision": "reject", "note": "不合理"}).status_code
        == 302
    )
    again = _decide_page(planning, revision, {"decision": "approve", "note": "同意"})
    assert again.status_code == 400
    assert "此修正申請已是『已駁回』，不能再核定。" in again.content.decode()
    revision.refresh_from_db()
    assert (revision.state, revision.decision_note) == ("rejected", "不合理")
