"""The light review's rules: who may comment, respond or re-review when; publishing is all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.policy import ChangeRefused
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.reports.formats import RENDERERS
from govperf.workflow.models import PublishedVersion, ReviewComment
from govperf.workflow.publishing import cycle_publish
from govperf.workflow.review import kpi_year_re_review, review_comment_add
from tests.workflow.helpers import client_for, open_year, post

pytestmark = pytest.mark.django_db


def in_state(cycle: Cycle, state: str) -> Cycle:
    """Put the cycle where a test needs it (the steps themselves are tested in test_web_flow)."""
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    cycle.refresh_from_db()
    return cycle


def asia_year(cycle: Cycle) -> KpiYear:
    return KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, cycle_kpi__unit__name="亞太司", year=cycle.year
    ).first()  # type: ignore[return-value]


def test_units_respond_only_during_unit_response_and_only_to_their_own_kpis(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    year = asia_year(in_state(draft_cycle, "initial_review"))
    with pytest.raises(ChangeRefused, match="可修改的階段：『單位回應中』"):
        review_comment_add(actor=people["staff-asia"], kpi_year=year, text="ok", stance="agree")
    year = asia_year(in_state(draft_cycle, "unit_response"))
    with pytest.raises(PermissionDenied):
        review_comment_add(actor=people["staff-io"], kpi_year=year, text="x", stance="dispute")
    with pytest.raises(ChangeRefused, match="可修改的階段：『初核中』"):
        review_comment_add(actor=people["planning"], kpi_year=year, text="請補充")
    review_comment_add(actor=people["head-asia"], kpi_year=year, text="", stance="agree")
    comment = ReviewComment.objects.get(kpi_year=year)
    assert (comment.stage, comment.stance) == ("unit_response", "agree")


def test_the_thread_shows_suggested_and_assigned_light_in_words(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    year = asia_year(in_state(draft_cycle, "initial_review"))
    review_comment_add(actor=people["planning"], kpi_year=year, text="達成度計算請再確認")
    page = client_for(people["head-asia"]).get(reverse("workflow:kpi_review", args=[year.pk]))
    text = page.content.decode()
    assert "達成度計算請再確認" in text and "建議燈號" in text
    suggested = kpi_year_suggested_light(year)
    assert f"{suggested.symbol} {suggested.label_zh}" in text  # symbol and word, not colour


def test_a_reviewer_re_reviews_executive_kpis_only(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    year = asia_year(in_state(draft_cycle, "revision"))
    KpiYear.objects.filter(pk=year.pk).update(tier="agency")
    year = asia_year(draft_cycle)
    with pytest.raises(ValidationError, match="院管"):
        kpi_year_re_review(actor=people["reviewer"], kpi_year=year, light=Light.WHITE, reason="x")
    KpiYear.objects.filter(pk=year.pk).update(tier="executive")
    year = asia_year(draft_cycle)
    with pytest.raises(PermissionDenied):
        kpi_year_re_review(actor=people["planning"], kpi_year=year, light=Light.RED, reason="x")
    reviewer = client_for(people["reviewer"])
    url = reverse("workflow:kpi_review", args=[year.pk])
    assert "核予複核燈號" in reviewer.get(url).content.decode()
    shown = post(reviewer, url, {"re_review_light": "red", "reason": "佐證不足"})
    assert shown == ["已核予複核燈號。"]
    assert KpiYear.objects.get(pk=year.pk).review_light == "red"


def test_a_failing_format_publishes_nothing(
    people: dict[str, Any], draft_cycle: Cycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    cycle = in_state(draft_cycle, "approved")

    def broken(document: object) -> bytes:
        raise RuntimeError("typst missing")

    monkeypatch.setitem(RENDERERS, "pdf", broken)
    with pytest.raises(RuntimeError):
        cycle_publish(actor=people["planning"], cycle=cycle)
    assert Cycle.objects.get(pk=cycle.pk).state == "approved"
    assert not PublishedVersion.objects.exists()


def test_the_board_shows_progress_and_findings(people: dict[str, Any], draft_cycle: Cycle) -> None:
    in_state(draft_cycle, "open")
    from govperf.workflow.services import _open_submissions

    _open_submissions(draft_cycle, actor=None)  # as the system: the test opens no year
    page = client_for(people["minister"]).get(reverse("workflow:board", args=[draft_cycle.pk]))
    text = page.content.decode()
    assert "亞太司" in text and "國際傳播司" in text and "草稿" in text
    assert "稽核發現" in text
    assert (
        client_for(people["reviewer"])
        .get(reverse("workflow:board", args=[draft_cycle.pk]))
        .status_code
        == 403
    )


def test_htmx_assigns_a_light_and_gets_its_row_back(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    year = asia_year(in_state(draft_cycle, "initial_review"))
    planning = client_for(people["planning"])
    url = reverse("workflow:lights", args=[draft_cycle.pk])
    response = planning.post(
        url, {"kpi_year": year.pk, "light": "white"}, headers={"HX-Request": "true"}
    )
    row = response.content.decode()
    assert response.status_code == 200 and "<html" not in row
    assert row.lstrip().startswith(f'<tr id="light-{year.pk}"')
    if kpi_year_suggested_light(year) != Light.WHITE:
        assert "須填寫理由" in row
    response = planning.post(
        url,
        {"kpi_year": year.pk, "light": "white", "reason": "資料未齊"},
        headers={"HX-Request": "true"},
    )
    assert "□ 白燈" in response.content.decode() and "已核予" in response.content.decode()
    assert KpiYear.objects.get(pk=year.pk).initial_light == "white"


def test_the_board_counts_each_units_entries_in_one_query(
    people: dict[str, Any], draft_cycle: Cycle, django_assert_max_num_queries: Any
) -> None:
    from datetime import date

    from govperf.workflow.board import cycle_board

    open_year(people["planning"], draft_cycle)
    asia = KpiYear.objects.filter(
        cycle_kpi__cycle=draft_cycle, year=107, cycle_kpi__unit__name="亞太司"
    )
    asia.filter(cycle_kpi__kpi__name="深化與友邦高層政要之情誼").update(analysis="")
    asia.filter(cycle_kpi__kpi__name="我與友邦合作計畫執行項數").update(
        actual_text="", actual_value=None, achievement_value=50, missed_reason=""
    )
    with django_assert_max_num_queries(3):
        rows, _ = cycle_board(cycle=draft_cycle, today=date(2026, 1, 1))
    by_unit = {row.submission.unit.name: row for row in rows}
    row = by_unit["亞太司"]
    assert (row.kpi_count, row.with_actual, row.with_analysis) == (7, 6, 6)
    assert (row.missed, row.with_missed_reason) == (1, 0)
    assert by_unit["國際組織司"].kpi_count == 3


def test_a_re_review_on_the_kpi_page_keeps_the_initial_reason_beside_its_own(
    people: dict[str, Any], draft_cycle: Cycle
) -> None:
    year = asia_year(in_state(draft_cycle, "revision"))
    KpiYear.objects.filter(pk=year.pk).update(tier="executive", light_reason="研考：實地查核後調整")
    reviewer = client_for(people["reviewer"])
    url = reverse("workflow:kpi_review", args=[year.pk])
    assert post(reviewer, url, {"re_review_light": "red", "reason": "國發會：佐證不足"})
    year.refresh_from_db()
    assert (year.light_reason, year.review_light_reason) == (
        "研考：實地查核後調整",
        "國發會：佐證不足",
    )
    for page in (url, reverse("evaluation:kpi", args=[year.pk])):
        text = client_for(people["planning"]).get(page).content.decode()
        assert "研考：實地查核後調整" in text and "國發會：佐證不足" in text
        assert "複核燈號與建議不同之理由" in text
    latest = year.history.first()
    assert latest.history_change_reason == "國發會：佐證不足"
    assert (latest.light_reason, latest.review_light_reason) == (
        year.light_reason,
        "國發會：佐證不足",
    )
