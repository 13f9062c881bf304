"""Writes to the report's narrative: chapters from the layout, owners, recommendations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language, gettext

from govperf.agencies.models import Unit
from govperf.domain.policy import PUBLISHED, Area
from govperf.domain.text import REASON_MAX_LENGTH, TextError, clean_text
from govperf.evaluation.models import Cycle
from govperf.evaluation.policy import change_check
from govperf.narrative import layouts
from govperf.narrative.models import Block, Chapter, Recommendation
from govperf.records.write import recorded_bulk_create, recorded_save

CHAPTER_CREATED = "建立章節"  # from the layout or the import: the system wrote these, no person


def cycle_create_chapters(*, cycle: Cycle) -> list[Chapter]:
    """Open the report of `cycle`: its layout's chapters, with their headings as paragraphs and
    their tables as placeholders, for the units to write their narrative into."""
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.state == Cycle.State.PUBLISHED:
            raise ValidationError(PUBLISHED.text(get_language()))
        if cycle.chapters.exists():
            raise ValidationError(f"{cycle}已有報告章節，不重複建立。")
        templates = layouts.layout_chapters(cycle.layout, cycle.year)
        return chapters_create(
            cycle=cycle,
            chapters=[
                NewChapter(
                    key=template.key,
                    numeral=template.numeral,
                    title=template.title,
                    blocks=[(item.kind, item.text) for item in template.items],
                )
                for template in templates
            ],
        )


@dataclass(frozen=True)
class NewChapter:
    """A chapter to create, with its blocks (kind, text) in order."""

    key: str
    numeral: str
    title: str
    blocks: Sequence[tuple[str, str]]


def chapters_create(*, cycle: Cycle, chapters: Sequence[NewChapter]) -> list[Chapter]:
    """The chapters, positioned in order, and their blocks, written in bulk (four queries);
    the history records every one as written by the system, with why."""
    rows = [
        Chapter(cycle=cycle, position=position, key=item.key, numeral=item.numeral,
                title=item.title)
        for position, item in enumerate(chapters, start=1)
    ]  # fmt: skip
    created = recorded_bulk_create(rows, Chapter, actor=None, reason=CHAPTER_CREATED)
    blocks = [
        Block(chapter=chapter, position=index, kind=kind, text=text)
        for chapter, item in zip(created, chapters, strict=True)
        for index, (kind, text) in enumerate(item.blocks, start=1)
    ]
    recorded_bulk_create(blocks, Block, actor=None, reason=CHAPTER_CREATED)
    return created


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
        change_check(user=actor, area=Area.CHAPTER_OWNERS, cycle=chapter.cycle)
        chapter.owner = _unit_of(chapter.cycle, unit_id)
        recorded_save(
            chapter, actor=actor, reason=reason or "指派負責單位", update_fields=["owner"]
        )
        return chapter


def recommendation_assign_unit(
    *, actor: Any, recommendation: Recommendation, unit_id: int | None, reason: str = ""
) -> Recommendation:
    """Make `unit_id` (or nobody) the unit that answers `recommendation`; recorded."""
    with transaction.atomic():
        item = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        change_check(user=actor, area=Area.RECOMMENDATION_UNITS, cycle=item.cycle)
        item.unit = _unit_of(item.cycle, unit_id)
        recorded_save(item, actor=actor, reason=reason or "指派辦理單位", update_fields=["unit"])
        return item


def recommendation_answer(
    *, actor: Any, recommendation: Recommendation, answer: str, reason: str = ""
) -> Recommendation:
    """Write the answer (辦理情形) of `recommendation`: its unit's staff or the planning office."""
    with transaction.atomic():
        item = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        change_check(user=actor, area=Area.RECOMMENDATIONS, cycle=item.cycle, unit=item.unit)
        if not answer.strip():
            raise ValidationError({"answer": "辦理情形：請填寫內容。"})
        try:
            item.answer = clean_text(answer, field="辦理情形")
            reason = clean_text(reason, field="修改說明", max_length=REASON_MAX_LENGTH)
        except TextError as error:
            raise ValidationError({"answer": error.text(gettext)}) from error
        recorded_save(item, actor=actor, reason=reason, update_fields=["answer"])
        return item
