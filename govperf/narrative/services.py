"""Writes to the report's narrative: a cycle's chapters, created from its layout."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from govperf.evaluation.models import Cycle
from govperf.narrative.models import Block, Chapter
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
    chapter = Chapter.objects.create(
        cycle=cycle,
        position=position,
        key=template.key,
        numeral=template.numeral,
        title=template.title,
    )
    blocks = [
        Block(chapter=chapter, position=index, kind=item.kind, text=item.text)
        for index, item in enumerate(template.items, start=1)
    ]
    bulk_create_with_history(blocks, Block)
    return chapter
