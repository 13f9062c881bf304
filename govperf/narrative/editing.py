"""Editing a chapter's paragraphs and footnotes, refused when someone saved in between."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from govperf.domain.policy import Area
from govperf.domain.text import REASON_MAX_LENGTH, TextError, clean_text
from govperf.evaluation.policy import change_check
from govperf.narrative.models import Block, Chapter
from govperf.narrative.selectors import block_change
from govperf.records.read import Change
from govperf.records.write import recorded_delete, recorded_save

EDITABLE = (Block.Kind.PARAGRAPH, Block.Kind.FOOTNOTE)


@dataclass(frozen=True)
class ChapterEdit:
    """What the form asks: new texts and order of blocks, blocks to remove, a new paragraph."""

    texts: dict[int, str] = field(default_factory=dict)
    order: dict[int, int] = field(default_factory=dict)
    removed: frozenset[int] = frozenset()
    new_text: str = ""
    new_order: int | None = None


class ChapterConflict(ValidationError):
    """The chapter was saved by someone else after the editor loaded it."""

    def __init__(self, message: str, changes: list[Change]) -> None:
        super().__init__(message)
        self.changes = changes


def _arranged(blocks: list[Block], edit: ChapterEdit) -> list[tuple[Block | None, str]]:
    """The chapter's blocks in their new order, with their texts; None for the new paragraph."""
    keyed: list[tuple[tuple[int, int, int], Block | None, str]] = []
    for index, block in enumerate(blocks):
        if block.pk in edit.removed:
            continue
        typed = block.kind in EDITABLE and block.pk in edit.texts
        text = clean_text(edit.texts[block.pk], field="段落內容") if typed else block.text
        keyed.append(((edit.order.get(block.pk, block.position), 0, index), block, text))
    new_text = clean_text(edit.new_text, field="新增段落")
    if new_text:
        at = edit.new_order if edit.new_order is not None else len(blocks)
        keyed.append(((at, 1, 0), None, new_text))
    return [(block, text) for _, block, text in sorted(keyed, key=lambda item: item[0])]


def _conflict(chapter: Chapter, version: int) -> ChapterConflict:
    later = chapter.history.filter(version__gt=version).order_by("history_date")
    first = later.first()
    records = Block.history.filter(chapter_id=chapter.pk)
    if first is not None:
        records = records.filter(history_date__gte=first.history_date)
    changes = [
        block_change(r) for r in records.select_related("history_user").order_by("history_date")
    ]
    who = gettext("、").join(sorted({c.who for c in changes})) or gettext("其他使用者")
    message = gettext(
        "「%(chapter)s」在您開始編輯後已由 %(who)s 修改並儲存；您的內容尚未儲存，保留在下方表單。"
        "請對照下列修改後再送出。"
    )
    return ChapterConflict(message % {"chapter": chapter, "who": who}, changes)


def _check(actor: Any, chapter: Chapter, version: int, edit: ChapterEdit) -> list[Block]:
    change_check(user=actor, area=Area.CHAPTERS, cycle=chapter.cycle, unit=chapter.owner)
    if chapter.version != version:
        raise _conflict(chapter, version)
    blocks = list(chapter.blocks.all())
    fixed = [b for b in blocks if b.pk in edit.removed and b.kind not in EDITABLE]
    if fixed:
        raise ValidationError(  # keyed by its checkbox, so the form shows it beside that block
            {
                f"remove-{fixed[0].pk}": gettext("第%(at)s段是%(kind)s，不能在此刪除。")
                % {"at": fixed[0].position, "kind": gettext(fixed[0].get_kind_display())}
            }
        )
    return blocks


def _typed_refusal(edit: ChapterEdit, reason: str) -> None:
    """ValidationError listing every typed text that cannot be stored as typed."""
    typed = [("段落內容", text) for text in edit.texts.values()]
    typed.append(("新增段落", edit.new_text))
    problems = []
    for label, text in typed:
        try:
            clean_text(text, field=label)
        except TextError as error:
            problems.append(error.text(gettext))
    try:
        clean_text(reason, field="修改說明", max_length=REASON_MAX_LENGTH)
    except TextError as error:
        problems.append(error.text(gettext))
    if problems:
        raise ValidationError(problems)


def chapter_save(
    *, actor: Any, chapter: Chapter, version: int, edit: ChapterEdit, reason: str = ""
) -> int:
    """Apply `edit` to `chapter` if it is still at `version`; how many blocks changed.

    Removed blocks are deleted with a history record holding their text (who, when, why)."""
    _typed_refusal(edit, reason)
    with transaction.atomic():
        chapter = (
            Chapter.objects.select_for_update(of=("self",))
            .select_related("cycle__agency", "owner")
            .get(pk=chapter.pk)
        )
        blocks = _check(actor, chapter, version, edit)
        plan = [
            (position, block, text)
            for position, (block, text) in enumerate(_arranged(blocks, edit), start=1)
            if block is None or (block.position, block.text) != (position, text)
        ]
        removed = [block for block in blocks if block.pk in edit.removed]
        if not plan and not removed:
            return 0
        chapter.version += 1
        recorded_save(
            chapter, actor=actor, reason=reason or "編輯章節內容", update_fields=["version"]
        )
        for block in removed:
            recorded_delete(block, actor=actor, reason=reason or "刪除段落")
        for position, maybe, text in plan:
            block = maybe or Block(chapter=chapter, kind=Block.Kind.PARAGRAPH)
            block.position, block.text = position, text
            recorded_save(block, actor=actor, reason=reason)
        return len(plan) + len(removed)
