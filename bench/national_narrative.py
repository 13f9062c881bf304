"""The national data set's chapters, their blocks and recommendations (bench/national_data.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from bench import national_text as text

# Paragraphs written into a chapter that has no layout items: (fewest, most).
WRITTEN = {"preface": (2, 4), "achievements": (12, 40), "closing": (2, 5)}


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def narrative_rows(seed: int, written: list[Any], units: dict[int, list[Any]]) -> dict[str, int]:
    """Write every cycle's chapters in its layout, with their blocks; recommendations too."""
    from govperf.narrative.layouts import layout_chapters
    from govperf.narrative.models import Block, Chapter

    chapters, blocks, recommendations = [], [], []
    for own in written:
        cycle = own.cycle
        planning = next(u for u in units[cycle.agency_id] if u.kind == "planning")
        rng = _rng(seed, "narrative", cycle.agency.name, cycle.year)
        for position, layout in enumerate(layout_chapters(cycle.layout, cycle.year), start=1):
            chapter = Chapter(
                cycle=cycle, position=position, key=layout.key, numeral=layout.numeral,
                title=layout.title, owner=planning if layout.required else None,
            )  # fmt: skip
            chapters.append(chapter)
            for n, (kind, body) in enumerate(_blocks(rng, layout), start=1):
                blocks.append(Block(chapter=chapter, position=n, kind=kind, text=body))
        if cycle.layout == "roc107":
            recommendations.extend(_recommendations(rng, cycle))
    Chapter.objects.bulk_create(chapters)
    for block in blocks:
        block.chapter = block.chapter  # its id, now that the chapter is saved
    Block.objects.bulk_create(blocks)
    from govperf.narrative.models import Recommendation

    Recommendation.objects.bulk_create(recommendations)
    return {
        "chapters": len(chapters),
        "blocks": len(blocks),
        "recommendations": len(recommendations),
    }


def _blocks(rng: random.Random, layout: Any) -> Iterator[tuple[str, str]]:
    """The layout's headings, chart and parts, with prose under each heading that introduces a
    written section (one followed by another heading or ending the chapter)."""
    if not layout.items:
        fewest, most = WRITTEN.get(layout.key, (1, 3))
        for _ in range(rng.randint(fewest, most)):
            yield "paragraph", text.paragraph(rng, 1, 9)
        return
    items = list(layout.items)
    for i, item in enumerate(items):
        yield item.kind, item.text
        following = items[i + 1] if i + 1 < len(items) else None
        if item.kind == "placeholder" and item.text == "budget_table":
            yield "footnote", "註：預算數含追加預算及特別預算，決算數含以前年度保留數。"
        written = item.kind == "paragraph" and not item.text.startswith("單位")
        if written and (following is None or following.kind == "paragraph"):
            for _ in range(rng.randint(1, 4)):
                yield "paragraph", text.paragraph(rng, 2, 8)


def _recommendations(rng: random.Random, cycle: Any) -> Iterator[Any]:
    from govperf.narrative.models import Recommendation

    for position in range(1, rng.randint(3, 6) + 1):
        yield Recommendation(
            cycle=cycle, position=position, label=text.chinese_numeral(position),
            text=text.paragraph(rng, 2, 5), answer=text.paragraph(rng, 1, 4),
        )  # fmt: skip
