"""The report's draft on the web: who may read it, how it is marked and served, when it fails."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from govperf.accounts.models import Membership
from govperf.agencies.models import Agency
from govperf.domain.workflow import CycleAction, Role
from govperf.evaluation.models import Cycle
from govperf.narrative.models import Block
from govperf.workflow.actions import cycle_act
from tests.reports.page_check import page_texts
from tests.workflow.helpers import client_for, open_year

pytestmark = pytest.mark.django_db

ALL = ("planning", "minister", "accounting", "personnel", "reviewer", "administrator",
       "staff-asia", "head-asia", "staff-io", "head-io", "staff-ic", "head-ic")  # fmt: skip
READERS = {"planning", "minister", "reviewer"}
DRAFT_NOTE = "草稿：尚未公告"


def draft_url(cycle: Cycle, format: str = "html") -> str:
    return reverse("workflow:draft", kwargs={"cycle_id": cycle.pk, "format": format})


def test_the_head_planning_and_the_reviewer_read_the_draft_others_are_refused(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    got = {name: client_for(people[name]).get(draft_url(draft_cycle)).status_code for name in ALL}
    assert got == {name: 200 if name in READERS else 403 for name in ALL}


def test_the_public_is_asked_to_sign_in(people: dict[str, Any], draft_cycle: Cycle) -> None:
    response = client_for(None).get(draft_url(draft_cycle))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_a_planner_of_another_agency_does_not_find_it(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    other = Agency.objects.create(name="國家發展委員會")
    outsider = get_user_model().objects.create_user("planner-ndc", password="pw")
    Membership.objects.create(user=outsider, agency=other, role=Role.PLANNING)
    assert client_for(outsider).get(draft_url(draft_cycle)).status_code == 404


def test_every_state_before_publication_has_a_draft(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    minister = client_for(people["minister"])
    assert minister.get(draft_url(draft_cycle)).status_code == 200  # 籌備中
    open_year(people["planning"], draft_cycle)
    assert minister.get(draft_url(draft_cycle)).status_code == 200  # 填報中


def test_the_html_draft_says_so_in_its_title_and_a_banner_and_is_never_kept(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    response = client_for(people["minister"]).get(draft_url(draft_cycle))
    html = response.content.decode()
    assert "<title>草稿：外交部 107年度施政績效報告</title>" in html
    assert f'<p class="draft-banner" role="note">{DRAFT_NOTE}' in html
    assert (
        html.index("<header>") < html.index('class="draft-banner"') < html.index('class="agency"')
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "build;dur=" in response["Server-Timing"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_draft_says_草稿_on_every_page(people: dict[str, Any], draft_cycle: Cycle) -> None:
    response = client_for(people["reviewer"]).get(draft_url(draft_cycle, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("inline;")
    pages = page_texts(response.content)
    pages = [page for page in pages if page]  # pdftotext ends with an empty form feed
    assert len(pages) > 10
    assert [number for number, page in enumerate(pages, 1) if "草稿" not in page] == []


@pytest.mark.parametrize("format", ["docx", "odt", "txt"])
def test_the_other_formats_are_downloaded(
    people: dict[str, Any], draft_cycle: Cycle, format: str
) -> None:
    response = client_for(people["planning"]).get(draft_url(draft_cycle, format))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E8%8D%89%E7%A8%BF" in response["Content-Disposition"]  # 草稿 in the file's name


def test_an_unknown_format_is_not_found(people: dict[str, Any], draft_cycle: Cycle) -> None:
    assert client_for(people["planning"]).get(draft_url(draft_cycle, "exe")).status_code == 404


def test_the_cycle_page_links_the_draft_for_its_readers_only(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    cycle_page = reverse("workflow:cycle", args=[draft_cycle.pk])
    for name in ALL:
        page = client_for(people[name]).get(cycle_page).content.decode()
        assert (f'href="{draft_url(draft_cycle, "pdf")}"' in page) == (name in READERS), name


def test_a_published_cycle_offers_its_published_versions_instead(
    people: dict[str, Any], imported_cycle: Cycle
) -> None:
    Cycle.objects.filter(pk=imported_cycle.pk).update(state=Cycle.State.PUBLISHED)
    minister = client_for(people["minister"])
    page = minister.get(reverse("workflow:cycle", args=[imported_cycle.pk])).content.decode()
    assert reverse("workflow:draft", args=[imported_cycle.pk, "pdf"]) not in page
    response = minister.get(draft_url(imported_cycle, "pdf"))
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow:versions", args=[imported_cycle.pk])


def test_a_correction_in_progress_has_a_draft(people: dict[str, Any], draft_cycle: Cycle) -> None:
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    draft_cycle.refresh_from_db()
    cycle_act(
        actor=people["planning"],
        cycle=draft_cycle,
        action=CycleAction.START_CORRECTION,
        reason="更正實際值",
    )
    page = client_for(people["minister"]).get(draft_url(draft_cycle)).content.decode()
    assert DRAFT_NOTE in page


def test_a_part_the_data_cannot_build_is_named_not_a_500(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    block = Block.objects.filter(
        chapter__cycle=draft_cycle, kind=Block.Kind.PLACEHOLDER
    ).select_related("chapter")[0]
    Block.objects.filter(pk=block.pk).update(text="不存在的表格")
    response = client_for(people["minister"]).get(draft_url(draft_cycle, "pdf"))
    assert response.status_code == 409
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert f"{block.chapter.numeral}、{block.chapter.title}" in page
    assert "不存在的表格" in page
    assert reverse("workflow:cycle", args=[draft_cycle.pk]) in page


def test_the_refusal_and_the_failure_read_in_english(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    staff = client_for(people["staff-asia"])
    staff.cookies["django_language"] = "en"
    assert "draft" in staff.get(draft_url(draft_cycle)).content.decode()
    Block.objects.filter(chapter__cycle=draft_cycle, kind=Block.Kind.PLACEHOLDER).update(
        text="不存在的表格"
    )
    minister = client_for(people["minister"])
    minister.cookies["django_language"] = "en"
    page = minister.get(draft_url(draft_cycle)).content.decode()
    assert "The draft of the report could not be made" in page
