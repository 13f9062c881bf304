"""What the people of a year write before it can go to approval: the required chapters."""

from __future__ import annotations

from typing import Any

from govperf.evaluation.models import Cycle
from govperf.narrative import layouts
from govperf.narrative.editing import ChapterEdit, chapter_save

PARAGRAPHS = {
    "preface": "本部依循年度施政計畫推動各項業務，爰辦理本年度施政績效自評。",
    "budget": "（一）預算增減原因說明：本年度預算與上年度相當。",
    "achievements": "一、推動高層互訪，深化與友邦之合作關係。",
    "assessment": "本年度各項關鍵績效指標大致達成目標。",
    "closing": "本部將持續檢討精進，落實各項施政目標。",
}


def required_chapters_write(*, cycle: Cycle, actor: Any) -> None:
    """The planning office writes a paragraph into each required chapter, through the editor."""
    required = {c.key for c in layouts.layout_chapters(cycle.layout, cycle.year) if c.required}
    for chapter in cycle.chapters.filter(key__in=required):
        edit = ChapterEdit(new_text=PARAGRAPHS[chapter.key])
        chapter_save(actor=actor, chapter=chapter, version=chapter.version, edit=edit)
