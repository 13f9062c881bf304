"""Writes to the report's narrative: chapters from the layout, owners, recommendations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from govperf.accounts.selectors import user_roles
from govperf.agencies.models import Unit
from govperf.domain.text import REASON_MAX_LENGTH, TextError, clean_text
from govperf.domain.workflow import may
from govperf.evaluation.models import Cycle
from govperf.narrative.models import Block, Chapter, Recommendation
from govperf.narrative.selectors import recommendation_answerable_by
from govperf.reports import layouts


def cycle_create_chapters(*, cycle: Cycle) -> list[Chapter]:
    """Open the report of `cycle`: its layout's chapters, with their headings as paragraphs and
    their tables as placeholders, for the units to write their narrative into."""
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.state == Cycle.State.PUBLISHED:
            raise ValidationError(f"{cycle}已公告，資料已鎖定；不能再建立章節。")
        if cycle.chapters.exists():
            raise ValidationError(f"{cycle}已有報告章節，不重複建立。")
        templates = layouts.layout_chapters(cycle.layout, cycle.year)
        return [
            _chapter_create(cycle, position, template)
            for position, template in enumerate(templates, start=1)
        ]


def _chapter_create(cycle: Cycle, position: int, template: layouts.Chapter) -> Chapter:
    items = [(item.kind, item.text) for item in template.items]
    return chapter_create(
        cycle=cycle,
        position=position,
        key=template.key,
        numeral=template.numeral,
        title=template.title,
        blocks=items,
    )


def chapter_create(
    *,
    cycle: Cycle,
    position: int,
    key: str,
    numeral: str,
    title: str,
    blocks: Iterable[tuple[str, str]],
) -> Chapter:
    """A chapter with its blocks (kind, text) in order; the blocks' history records them."""
    chapter = Chapter.objects.create(
        cycle=cycle, position=position, key=key, numeral=numeral, title=title
    )
    rows = [
        Block(chapter=chapter, position=index, kind=kind, text=text)
        for index, (kind, text) in enumerate(blocks, start=1)
    ]
    bulk_create_with_history(rows, Block)
    return chapter


def _check_open(cycle: Cycle) -> None:
    if cycle.state == Cycle.State.PUBLISHED:
        raise ValidationError(f"{cycle}已公告，資料已鎖定，不能再修改。")


def _check_planning(actor: Any, cycle: Cycle) -> None:
    if not may(user_roles(user=actor, agency=cycle.agency), "report.edit"):
        raise PermissionDenied("只有研考單位可以指派負責單位。")


def _unit_of(cycle: Cycle, unit_id: int | None) -> Unit | None:
    if unit_id is None:
        return None
    unit = Unit.objects.filter(agency_id=cycle.agency_id, pk=unit_id).first()
    if unit is None:
        raise ValidationError("所選單位不屬於本機關。")
    return unit


def chapter_assign_owner(
    *, actor: Any, chapter: Chapter, unit_id: int | None, reason: str = ""
) -> Chapter:
    """Make `unit_id` (or nobody) the unit that writes `chapter`; recorded in its history."""
    with transaction.atomic():
        chapter = Chapter.objects.select_for_update().select_related("cycle").get(pk=chapter.pk)
        _check_open(chapter.cycle)
        _check_planning(actor, chapter.cycle)
        chapter.owner = _unit_of(chapter.cycle, unit_id)
        chapter._history_user = actor  # type: ignore[attr-defined]
        chapter._change_reason = reason or "指派負責單位"  # type: ignore[attr-defined]
        chapter.save(update_fields=["owner"])
        return chapter


def recommendation_assign_unit(
    *, actor: Any, recommendation: Recommendation, unit_id: int | None, reason: str = ""
) -> Recommendation:
    """Make `unit_id` (or nobody) the unit that answers `recommendation`; recorded."""
    with transaction.atomic():
        item = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        _check_open(item.cycle)
        _check_planning(actor, item.cycle)
        item.unit = _unit_of(item.cycle, unit_id)
        item._history_user = actor  # type: ignore[attr-defined]
        item._change_reason = reason or "指派辦理單位"  # type: ignore[attr-defined]
        item.save(update_fields=["unit"])
        return item


def recommendation_answer(
    *, actor: Any, recommendation: Recommendation, answer: str, reason: str = ""
) -> Recommendation:
    """Write the answer (辦理情形) of `recommendation`: its unit's staff or the planning office."""
    with transaction.atomic():
        item = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        _check_open(item.cycle)
        if not recommendation_answerable_by(user=actor, recommendation=item):
            raise PermissionDenied("只有受指派單位的承辦人或研考單位可以填寫辦理情形。")
        if not answer.strip():
            raise ValidationError("辦理情形：請填寫內容。")
        try:
            item.answer = clean_text(answer, field="辦理情形")
            reason = clean_text(reason, field="修改說明", max_length=REASON_MAX_LENGTH)
        except TextError as error:
            raise ValidationError(str(error)) from error
        item._history_user = actor  # type: ignore[attr-defined]
        item._change_reason = reason  # type: ignore[attr-defined]
        item.save(update_fields=["answer"])
        return item
