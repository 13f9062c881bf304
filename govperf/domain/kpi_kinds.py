"""A first guess at a KPI-year's rule from what a published report prints, for imported data."""

from __future__ import annotations

from govperf.domain.achievement import Direction, Kind, Rule

# Measurement standards that set a ceiling: the 中程歲出概算 overshoot, where less is better.
LOWER_IS_BETTER_MARKERS = ("歲出概算編報數－",)
CUMULATIVE_MARKERS = ("累積數", "總數")
CRITERIA_UNIT = "達到項數"


def infer_rule(*, standard: str, target_unit: str) -> Rule:
    """The rule a printed KPI-year most likely follows; the planning office can change it.

    Formula, growth and sub-measure kinds need raw inputs a published report does not print, so
    an imported year whose actual is printed as a percentage is a ratio.
    """
    if target_unit == CRITERIA_UNIT:
        return Rule(kind=Kind.CRITERIA_MET)
    lower = any(marker in standard for marker in LOWER_IS_BETTER_MARKERS)
    direction = Direction.LOWER if lower else Direction.HIGHER
    if target_unit == "%":
        return Rule(kind=Kind.RATIO, direction=direction)
    if any(marker in standard for marker in CUMULATIVE_MARKERS):
        return Rule(kind=Kind.CUMULATIVE, direction=direction)
    return Rule(kind=Kind.COUNT, direction=direction)
