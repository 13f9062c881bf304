"""Last year's recommendations: assignment, answers, scope between units, publication."""

from __future__ import annotations

import pytest
from django.urls import reverse

from govperf.agencies.models import Unit
from govperf.evaluation.models import Cycle
from govperf.narrative.models import Recommendation

pytestmark = pytest.mark.django_db


def _assigned(cycle, unit_name):  # type: ignore[no-untyped-def]
    item = Recommendation.objects.filter(cycle=cycle).first()
    item.unit = Unit.objects.get(agency=cycle.agency, name=unit_name)
    item.save()
    return item


def test_planning_assigns_a_unit(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    item = Recommendation.objects.filter(cycle=draft_cycle).first()
    unit = Unit.objects.get(agency=draft_cycle.agency, name="亞太司")
    client.force_login(people["planning"])
    client.post(reverse("narrative:recommendation_assign", args=[item.pk]), {"unit": unit.pk})
    item.refresh_from_db()
    assert item.unit == unit
    assert item.history.first().history_user == people["planning"]


def test_the_assigned_units_staff_answers(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    item = _assigned(draft_cycle, "亞太司")
    client.force_login(people["staff-asia"])
    url = reverse("narrative:recommendation_answer", args=[item.pk])
    client.post(url, {"answer": "本部已完成", "reason": "更新"})
    item.refresh_from_db()
    assert item.answer == "本部已完成"
    body = client.get(url).content.decode()
    assert "staff-asia" in body and "本部已完成" in body


def test_another_unit_cannot_answer_by_editing_the_url(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    item = _assigned(draft_cycle, "亞太司")
    before = item.answer
    client.force_login(people["staff-io"])
    url = reverse("narrative:recommendation_answer", args=[item.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "冒名填寫"}).status_code == 404
    item.refresh_from_db()
    assert item.answer == before


def test_a_unit_cannot_reassign_by_editing_the_form(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    item = _assigned(draft_cycle, "亞太司")
    io = Unit.objects.get(agency=draft_cycle.agency, name="國際組織司")
    client.force_login(people["staff-io"])
    url = reverse("narrative:recommendation_assign", args=[item.pk])
    assert client.post(url, {"unit": io.pk}).status_code == 403
    item.refresh_from_db()
    assert item.unit.name == "亞太司"


def test_published_recommendations_are_locked(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    item = _assigned(draft_cycle, "亞太司")
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    client.force_login(people["staff-asia"])
    url = reverse("narrative:recommendation_answer", args=[item.pk])
    body = client.post(url, {"answer": "改寫"}).content.decode()
    assert "已公告，資料已鎖定" in body
    item.refresh_from_db()
    assert item.answer != "改寫"
