"""Every reason reaches the person it concerns: each step with a reason writes a notice to
them (and mails it), and shows it on their own pages, to nobody else."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from govperf.domain.lights import Light
from govperf.domain.workflow import CycleAction, SubmissionAction
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.targets import target_revision_decide, target_revision_request
from govperf.records.write import recorded_save
from govperf.workflow.models import Notice, UnitSubmission
from govperf.workflow.review import kpi_year_re_review, review_comment_add
from govperf.workflow.services import cycle_apply, submission_apply
from tests.workflow.helpers import client_for, open_year

pytestmark = pytest.mark.django_db
Kind = Notice.Kind


def in_state(cycle: Cycle, state: str) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    cycle.refresh_from_db()
    return cycle


def asia(cycle: Cycle) -> UnitSubmission:
    return UnitSubmission.objects.get(cycle=cycle, unit__name="亞太司")


def asia_year(cycle: Cycle) -> KpiYear:
    found = KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, cycle_kpi__unit__name="亞太司", year=cycle.year
    ).first()
    assert found is not None
    return found


def returned(people: dict[str, Any], cycle: Cycle, reason: str) -> UnitSubmission:
    """亞太司's staff submit as they are, and its head returns the submission with `reason`."""
    open_year(people["planning"], cycle)
    submission = asia(cycle)
    submission_apply(
        actor=people["staff-asia"], submission=submission, action=SubmissionAction.SUBMIT,
        confirm=True,
    )  # fmt: skip
    return submission_apply(
        actor=people["head-asia"], submission=submission, action=SubmissionAction.RETURN,
        reason=reason,
    )  # fmt: skip


def recipients(kind: str) -> set[str]:
    return {n.recipient.get_username() for n in Notice.objects.filter(kind=kind)}


def links_open(people: dict[str, Any]) -> None:
    """Every notice's link opens, for its recipient, the page that shows its reason."""
    by_pk = {person.pk: person for person in people.values()}
    assert Notice.objects.exists()
    for notice in Notice.objects.all():
        page = client_for(by_pk[notice.recipient_id]).get(notice.link.split("#")[0])
        assert page.status_code == 200, (notice.kind, notice.link)
        assert notice.text in page.content.decode(), (notice.kind, notice.link)


def mailed_to(address_start: str) -> list[Any]:
    return [m for m in mail.outbox if m.to[0].startswith(address_start + "@")]


def test_a_unit_heads_return_reaches_its_staff_by_notice_and_mail(
    people: dict[str, Any], draft_cycle: Cycle, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        returned(people, draft_cycle, "第3項實際值請附佐證")
    assert recipients(Kind.UNIT_RETURN) == {"staff-asia"}
    notice = Notice.objects.get(kind=Kind.UNIT_RETURN)
    assert notice.text == "第3項實際值請附佐證" and notice.actor == people["head-asia"]
    sent = mailed_to("staff-asia")
    assert len(sent) == 1 and "第3項實際值請附佐證" in sent[0].body
    assert f"http://localhost:8000{notice.link}" in sent[0].body
    assert "password" not in sent[0].body.lower() and "pw" not in sent[0].body.split()
    assert not mailed_to("head-asia") and not mailed_to("staff-io")


def test_the_return_reason_shows_on_the_units_overview_and_home_only_to_the_unit(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    returned(people, draft_cycle, "第3項實際值請附佐證")
    cycle_url = reverse("workflow:cycle", args=[draft_cycle.pk])
    for name in ("staff-asia", "head-asia"):
        page = client_for(people[name]).get(cycle_url).content.decode()
        assert "單位主管退回理由" in page and "第3項實際值請附佐證" in page
    home = client_for(people["staff-asia"]).get(reverse("workflow:home")).content.decode()
    assert "需要您處理" in home and "第3項實際值請附佐證" in home
    for name in ("staff-io", "head-io"):
        assert "第3項實際值請附佐證" not in client_for(people[name]).get(cycle_url).content.decode()
        home = client_for(people[name]).get(reverse("workflow:home")).content.decode()
        assert "第3項實際值請附佐證" not in home
    anonymous = client_for(None)
    assert "第3項實際值請附佐證" not in anonymous.get(reverse("workflow:home")).content.decode()
    assert anonymous.get(reverse("workflow:notices")).status_code in (302, 403)


def test_the_agency_heads_return_reaches_planning(
    people: dict[str, Any], draft_cycle: Cycle, django_capture_on_commit_callbacks: Any
) -> None:
    cycle = in_state(draft_cycle, "approval")
    recorded_save(cycle, actor=people["planning"], reason="簽報核定")  # as the step records it
    with django_capture_on_commit_callbacks(execute=True):
        cycle_apply(
            actor=people["minister"], cycle=cycle, action=CycleAction.RETURN_FOR_REVISION,
            reason="第貳章預算說明請補充",
        )  # fmt: skip
    assert recipients(Kind.CYCLE_RETURN) == {"planning"}
    assert len(mailed_to("planning")) == 1 and not mailed_to("minister")
    page = client_for(people["planning"]).get(reverse("workflow:cycle", args=[cycle.pk]))
    text = page.content.decode()
    assert "機關首長退回修正的理由" in text and "第貳章預算說明請補充" in text


def test_a_dispute_reaches_planning_and_marks_the_kpi_on_the_board(
    people: dict[str, Any], draft_cycle: Cycle, django_capture_on_commit_callbacks: Any
) -> None:
    year = asia_year(in_state(draft_cycle, "unit_response"))
    with django_capture_on_commit_callbacks(execute=True):
        review_comment_add(
            actor=people["staff-asia"], kpi_year=year, text="外部因素影響，請改核綠燈",
            stance="dispute",
        )  # fmt: skip
        review_comment_add(actor=people["head-asia"], kpi_year=year, text="", stance="agree")
    assert recipients(Kind.DISPUTE) == {"planning"}
    assert Notice.objects.count() == 1  # an agreement asks nothing of anyone
    assert len(mailed_to("planning")) == 1
    board = client_for(people["planning"]).get(reverse("workflow:board", args=[draft_cycle.pk]))
    text = board.content.decode()
    assert "有異議的指標" in text and "外部因素影響，請改核綠燈" in text
    assert year.cycle_kpi.kpi.name in text
    links_open(people)
    lights = client_for(people["planning"]).get(reverse("workflow:lights", args=[draft_cycle.pk]))
    row = lights.content.decode().split(f'id="light-{year.pk}"')[1].split("</tr>")[0]
    assert "單位有異議" in row and "外部因素影響，請改核綠燈" in row
    head = client_for(people["head-io"]).get(reverse("workflow:home")).content.decode()
    assert "外部因素影響，請改核綠燈" not in head


def test_a_submission_dispute_reaches_planning(people: dict[str, Any], draft_cycle: Cycle) -> None:
    open_year(people["planning"], draft_cycle)
    UnitSubmission.objects.filter(pk=asia(draft_cycle).pk).update(state="signed_off")
    in_state(draft_cycle, "unit_response")
    submission_apply(
        actor=people["head-asia"], submission=asia(draft_cycle),
        action=SubmissionAction.DISPUTE, reason="初評燈號過嚴",
    )  # fmt: skip
    assert recipients(Kind.DISPUTE) == {"planning"}
    page = client_for(people["head-asia"]).get(reverse("workflow:cycle", args=[draft_cycle.pk]))
    assert "對初評燈號的異議理由" in page.content.decode()
    links_open(people)


def test_a_rejected_revision_reaches_the_unit(
    people: dict[str, Any], draft_cycle: Cycle, django_capture_on_commit_callbacks: Any
) -> None:
    open_year(people["planning"], draft_cycle)
    year = asia_year(draft_cycle)
    revision = target_revision_request(
        actor=people["staff-asia"], kpi_year=year, revised_text="50人次", reason="預算刪減"
    )
    with django_capture_on_commit_callbacks(execute=True):
        target_revision_decide(
            actor=people["planning"], revision=revision, approve=False, note="理由不足"
        )
    assert recipients(Kind.REVISION_REJECTED) == {"staff-asia", "head-asia"}
    assert len(mailed_to("staff-asia")) == 1
    notices = client_for(people["head-asia"]).get(reverse("workflow:notices")).content.decode()
    assert "理由不足" in notices and year.cycle_kpi.kpi.name in notices
    other = client_for(people["staff-io"]).get(reverse("workflow:notices")).content.decode()
    assert "理由不足" not in other
    links_open(people)


def test_planning_comment_reaches_the_unit_and_a_reviewers_reaches_planning_and_head(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    year = asia_year(in_state(draft_cycle, "initial_review"))
    review_comment_add(actor=people["planning"], kpi_year=year, text="請補充佐證")
    assert recipients(Kind.LIGHT_COMMENT) == {"staff-asia", "head-asia"}
    in_state(draft_cycle, "revision")
    KpiYear.objects.filter(pk=year.pk).update(tier="executive")
    year.refresh_from_db()
    review_comment_add(actor=people["reviewer"], kpi_year=year, text="目標值偏低")
    kpi_year_re_review(actor=people["reviewer"], kpi_year=year, light=Light.RED, reason="佐證不足")
    assert recipients(Kind.REVIEWER_COMMENT) == {"planning", "minister"}
    texts = set(Notice.objects.filter(kind=Kind.REVIEWER_COMMENT).values_list("text", flat=True))
    assert texts == {"目標值偏低", "佐證不足"}
    links_open(people)


def test_marking_read_takes_a_notice_off_what_needs_you(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    returned(people, draft_cycle, "請補正")
    staff = client_for(people["staff-asia"])
    notice = Notice.objects.get(recipient=people["staff-asia"])
    other = client_for(people["staff-io"])
    other.post(reverse("workflow:notices"), {"notice": notice.pk})  # not theirs: nothing
    assert Notice.objects.get(pk=notice.pk).read_at is None
    response = staff.post(reverse("workflow:notices"), {"notice": notice.pk})
    assert response.status_code == 302
    assert Notice.objects.get(pk=notice.pk).read_at is not None
    assert "請補正" not in staff.get(reverse("workflow:home")).content.decode()
    assert "請補正" in staff.get(reverse("workflow:notices")).content.decode()
    assert staff.post(reverse("workflow:notices"), {"notice": "x'"}).status_code == 302


def test_in_english_the_notices_and_reasons_read_in_english(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    import re

    returned(people, draft_cycle, "請補正")
    staff = client_for(people["staff-asia"])
    staff.cookies["django_language"] = "en"
    for url in (reverse("workflow:notices"), reverse("workflow:home")):
        text = staff.get(url).content.decode()
        assert "Unit head returned the submission" in text and "請補正" in text
        assert "需要您處理" not in text and "單位主管退回填報" not in text
    page = staff.get(reverse("workflow:cycle", args=[draft_cycle.pk])).content.decode()
    assert "Unit head&#x27;s reason for returning" in page
    reviewer = client_for(people["reviewer"])
    reviewer.cookies["django_language"] = "en"
    text = reviewer.get(reverse("workflow:re_review")).content.decode()
    main = text.split('<main id="main">')[1]
    assert not re.search(r"[\u4e00-\u9fff]", re.sub(r'<[^>]*lang="zh-Hant"[^>]*>[^<]*', "", main))


def test_a_refused_step_tells_nobody(people: dict[str, Any], draft_cycle: Cycle) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        returned(people, draft_cycle, "  ")  # a return needs a reason
    year = asia_year(in_state(draft_cycle, "revision"))  # 部會管 in the sample: no 複核
    KpiYear.objects.filter(pk=year.pk).update(tier="agency")
    year.refresh_from_db()
    with pytest.raises(ValidationError, match="院管"):
        review_comment_add(actor=people["reviewer"], kpi_year=year, text="x")
    assert not Notice.objects.exists()


def test_a_reviewer_comments_on_the_kpi_page_and_planning_is_told(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    year = asia_year(in_state(draft_cycle, "revision"))
    KpiYear.objects.filter(pk=year.pk).update(tier="executive")
    reviewer = client_for(people["reviewer"])
    url = reverse("workflow:kpi_review", args=[year.pk])
    assert 'value="comment"' in reviewer.get(url).content.decode()
    response = reviewer.post(url, {"stance": "comment", "text": "衡量標準宜具挑戰性"})
    assert response.status_code == 302
    assert recipients(Kind.REVIEWER_COMMENT) == {"planning", "minister"}
    home = client_for(people["minister"]).get(reverse("workflow:home")).content.decode()
    assert "衡量標準宜具挑戰性" in home
