"""A published report's chapters made ready to read on the web, from the version's snapshot.

Each chapter keeps its blocks in order: paragraphs and footnotes as printed, and each
structured part (a table, the goals, the answers to last year's recommendations) where the
report puts it. The report's picture of the budget trend becomes the chart drawn from its
numbers; a part this page does not know is left out rather than failing the page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from govperf.domain.version_diff import chapter_heading
from govperf.workflow.models import PublicKpiYear

# The parts the report's layouts place (narrative.layouts.PARTS), each with its anchor.
PART_ANCHORS = {
    "budget_table": "budget-table",
    "headcount_table": "headcount",
    "goals": "goals",
    "program_costs": "program-costs",
    "shortfalls": "shortfalls",
    "light_table": "light-table",
    "light_statistics": "light-statistics",
    "recommendations": "recommendations",
}


@dataclass(frozen=True)
class Block:
    """A paragraph, a footnote, or a part (`kind` "part", `text` its name, `anchor` its id)."""

    kind: str
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Chapter:
    """A chapter as the report prints it: its heading, its anchor and its blocks."""

    key: str
    heading: str
    anchor: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class GoalKpi:
    """A KPI of the goals part: the report's own-year column and its published row."""

    label: str
    name: str
    column: Mapping[str, Any]
    row: PublicKpiYear | None
    analysis: list[str]


def _block(block: Mapping[str, Any], chart: bool) -> Block | None:
    kind, text = block.get("kind"), str(block.get("text") or "")
    if kind in ("paragraph", "footnote") and text.strip():
        return Block(kind, text)
    if kind == "placeholder" and text in PART_ANCHORS:
        return Block("part", text, PART_ANCHORS[text])
    if kind == "image" and chart:
        return Block("part", "budget_chart", "budget-chart")
    return None


def chapters_of(snapshot: Mapping[str, Any], *, chart: bool) -> list[Chapter]:
    """The snapshot's chapters in order; `chart` when the budget chart can be drawn (it
    stands in for the report's one picture, in the budget chapter)."""
    found = []
    for chapter in snapshot.get("chapters") or []:
        in_budget = chart and chapter.get("key") == "budget"
        blocks = [_block(block, in_budget) for block in chapter.get("blocks") or []]
        found.append(
            Chapter(
                key=str(chapter.get("key") or ""),
                heading=chapter_heading(chapter),
                anchor=f"chapter-{chapter.get('key')}",
                blocks=[block for block in blocks if block is not None],
            )
        )
    return found


def goal_kpis(
    snapshot: Mapping[str, Any], rows: Mapping[str, PublicKpiYear]
) -> list[tuple[Mapping[str, Any], list[GoalKpi]]]:
    """Each goal with its KPIs that stand in the report's own year; `rows` by KPI name."""
    goals = []
    for goal in snapshot.get("goals") or []:
        kpis = []
        for kpi in goal.get("kpis") or []:
            column = next(
                (c for c in kpi.get("years") or [] if c.get("year") == snapshot.get("year")), None
            )
            row = rows.get(kpi["name"])
            if column is None or row is None:
                continue
            analysis = [line for line in str(column.get("analysis") or "").split("\n") if line]
            kpis.append(GoalKpi(kpi["label"], kpi["name"], column, row, analysis))
        goals.append((goal, kpis))
    return goals
