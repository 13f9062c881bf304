"""Audit checks on goal numbering and names across chapters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govperf.audit.chapters import ASSESSMENT, GOALS
from govperf.domain.findings import Finding, Phrase, Place, Severity
from govperf.evaluation.models import Cycle
from govperf.finance.models import ProgramCost

_LABEL = re.compile(r"^([（(][一二三四五六七八九十]+[）)])?(.*)$")


def split_goal_text(text: str) -> tuple[str, str]:
    """「（六）妥適配置預算資源…。」 → (「（六）」, 「妥適配置預算資源…」)."""
    match = _LABEL.match(text.strip())
    assert match is not None  # the pattern matches any text
    return match.group(1) or "", match.group(2).rstrip("。")


def program_cost_goal_findings(cycle: Cycle) -> Iterator[Finding]:
    """The cost table's goal labels and names against the KPI chapter's."""
    goals = {split_goal_text(goal.name)[1]: goal for goal in cycle.goals.all()}
    table = "關鍵績效指標相關計畫活動之成本"
    for cost in cycle.program_costs.filter(kind=ProgramCost.Kind.SUBTOTAL):
        label, name = split_goal_text(cost.goal_text)
        goal = goals.get(name)
        place = Place(GOALS, table, cost.goal_text)
        if goal is None:
            yield Finding(
                "goal-name-differs",
                Severity.ERROR,
                place,
                Phrase(
                    "計畫成本表的目標「%(goal)s」在關鍵策略目標中找不到同名目標。", {"goal": name}
                ),
            )
        elif label and label != goal.label:
            yield Finding(
                "goal-numbering-differs",
                Severity.ERROR,
                place,
                Phrase(
                    "計畫成本表將「%(goal)s」編為%(label)s，關鍵策略目標章節編為%(own)s。",
                    {"goal": name, "label": label, "own": goal.label},
                ),
                {"program_costs": label, "goals": goal.label},
            )


def light_table_goal_findings(cycle: Cycle) -> Iterator[Finding]:
    """The light table's goal numbers (1, 2 …) and names against the KPI chapter's goals."""
    for row in cycle.light_rows.select_related("cycle_kpi__goal").exclude(goal_number=""):
        if row.cycle_kpi is None:
            continue
        goal = row.cycle_kpi.goal
        place = Place(ASSESSMENT, "各關鍵績效指標燈號", f"{row.goal_number} {row.goal_name}")
        if row.goal_number.strip() != str(goal.position):
            yield Finding(
                "goal-numbering-differs",
                Severity.ERROR,
                place,
                Phrase(
                    "燈號表將「%(goal)s」編為 %(number)s，關鍵策略目標章節編為%(own)s。",
                    {"goal": row.goal_name, "number": row.goal_number, "own": goal.label},
                ),
            )
        if split_goal_text(row.goal_name)[1] != split_goal_text(goal.name)[1]:
            yield Finding(
                "goal-name-differs",
                Severity.ERROR,
                place,
                Phrase(
                    "燈號表的目標名稱「%(goal)s」與關鍵策略目標章節的「%(own)s」不同。",
                    {"goal": row.goal_name, "own": goal.name},
                ),
            )
