"""Sub-measures a KPI's analysis states: 「107年度預定達成目標為135件，實際達成成果為196件」"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STATED = re.compile(
    r"^[Ａ-ＺA-Z]、(?P<name>.+?)：\d+年度預定達成目標為(?P<target>\d[\d,]*(?:\.\d+)?[^\d，,。]*)"
    r"，實際達成成果為(?P<actual>\d[\d,]*(?:\.\d+)?[^\d，,。]*)[，。]"
)
MINIMUM_PARTS = 2


@dataclass(frozen=True)
class StatedSubMeasure:
    name: str
    target: str  # as printed: 135件
    actual: str


def stated_sub_measures(analysis: list[str]) -> list[StatedSubMeasure]:
    """The sub-measures a KPI's analysis states, when it states at least two of them."""
    found = [
        StatedSubMeasure(match["name"], match["target"], match["actual"])
        for line in analysis
        if (match := _STATED.match(line))
    ]
    return found if len(found) >= MINIMUM_PARTS else []
