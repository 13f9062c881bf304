"""Chapters on the web: owners, editing, concurrency, removals in history, creation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from govperf.agencies.models import Unit
from govperf.evaluation.models import Cycle
from govperf.narrative.models import Block, Chapter

pytestmark = pytest.mark.django_db


def _chapter(cycle, key):  # type: ignore[no-untyped-def]
    return Chapter.objects.get(cycle=cycle, key=key)


def _form(chapter, **texts):  # type: ignore[no-untyped-def]
    """The edit form as the page sends it, with `texts` replacing blocks' text by pk."""
    data: dict[str, object] = {"version": chapter.version, "block": []}
    for block in chapter.blocks.all():
        data["block"].append(block.pk)  # type: ignore[attr-defined]
        data[f"order-{block.pk}"] = block.position
        if block.kind in ("paragraph", "footnote"):
            data[f"text-{block.pk}"] = texts.get(f"b{block.pk}", block.text)
    return data


def _own(chapter, unit_name):  # type: ignore[no-untyped-def]
    chapter.owner = Unit.objects.get(agency=chapter.cycle.agency, name=unit_name)
    chapter.save()


def test_planning_assigns_an_owner_and_it_is_recorded(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    client.force_login(people["planning"])
    chapter = _chapter(draft_cycle, "preface")
    unit = Unit.objects.get(agency=draft_cycle.agency, name="亞太司")
    client.post(reverse("narrative:chapter_assign", args=[chapter.pk]), {"unit": unit.pk})
    chapter.refresh_from_db()
    assert chapter.owner == unit
    assert chapter.history.first().history_user == people["planning"]
    body = client.get(reverse("narrative:chapters", args=[draft_cycle.pk])).content.decode()
    assert "亞太司" in body


def test_owner_staff_edits_adds_and_moves_paragraphs(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    chapter = _chapter(draft_cycle, "closing")
    _own(chapter, "國際組織司")
    client.force_login(people["staff-io"])
    first, second, third = chapter.blocks.all()
    data = _form(chapter, **{f"b{first.pk}": "新的第一段"})
    data[f"order-{third.pk}"] = 0  # move the third paragraph to the top
    data["new_text"] = "新增的結語"
    url = reverse("narrative:chapter_edit", args=[chapter.pk])
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    texts = [block.text for block in chapter.blocks.all()]
    assert texts == [third.text, "新的第一段", second.text, "新增的結語"]
    chapter.refresh_from_db()
    assert chapter.version == 1


def test_a_removal_is_recorded_in_history_and_shown(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    chapter = _chapter(draft_cycle, "closing")
    client.force_login(people["planning"])
    removed = chapter.blocks.first()
    data = _form(chapter)
    data[f"remove-{removed.pk}"] = "1"
    data["reason"] = "與第二段重複"
    url = reverse("narrative:chapter_edit", args=[chapter.pk])
    body = client.post(url, data, follow=True).content.decode()
    assert not Block.objects.filter(pk=removed.pk).exists()
    record = Block.history.get(id=removed.pk, history_type="-")
    assert record.history_user == people["planning"]
    assert record.text == removed.text and record.history_change_reason == "與第二段重複"
    assert "刪除段落" in body and removed.text[:20] in body


def test_placeholders_and_images_cannot_be_removed(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    chapter = _chapter(draft_cycle, "budget")
    client.force_login(people["planning"])
    placeholder = chapter.blocks.filter(kind="placeholder").first()
    data = _form(chapter)
    data[f"remove-{placeholder.pk}"] = "1"
    body = client.post(reverse("narrative:chapter_edit", args=[chapter.pk]), data).content.decode()
    assert "不能在此刪除" in body
    assert Block.objects.filter(pk=placeholder.pk).exists()


def test_a_concurrent_edit_is_refused_and_keeps_the_users_text(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    chapter = _chapter(draft_cycle, "closing")
    _own(chapter, "國際組織司")
    first = chapter.blocks.first()
    mine = _form(chapter, **{f"b{first.pk}": "我的版本"})
    url = reverse("narrative:chapter_edit", args=[chapter.pk])
    client.force_login(people["planning"])
    client.post(url, _form(chapter, **{f"b{first.pk}": "研考會的版本"}))
    client.force_login(people["staff-io"])
    response = client.post(url, mine)
    body = response.content.decode()
    assert response.status_code == 409
    assert "已由 planning 修改並儲存" in body
    assert "研考會的版本" in body  # what the other changed
    assert "我的版本" in body  # the user's text, kept in the form
    first.refresh_from_db()
    assert first.text == "研考會的版本"


def test_an_edit_after_publication_is_refused(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    chapter = _chapter(draft_cycle, "closing")
    client.force_login(people["planning"])
    data = _form(chapter, **{f"b{chapter.blocks.first().pk}": "改"})
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    body = client.post(reverse("narrative:chapter_edit", args=[chapter.pk]), data).content.decode()
    assert "已公告，資料已鎖定" in body
    assert chapter.blocks.first().text != "改"


def test_planning_creates_the_chapters_of_a_cycle_without_them(client, people, draft_cycle):  # type: ignore[no-untyped-def]
    Chapter.objects.filter(cycle=draft_cycle).delete()
    client.force_login(people["planning"])
    page = client.get(reverse("narrative:chapters", args=[draft_cycle.pk])).content.decode()
    assert "依報告版型建立章節" in page
    client.post(reverse("narrative:chapters_create", args=[draft_cycle.pk]))
    assert Chapter.objects.filter(cycle=draft_cycle).count() == 7
