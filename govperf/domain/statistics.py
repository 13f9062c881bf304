"""Light statistics (績效燈號統計), shortfall gaps (達成度差異值) and soft targets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from govperf.domain.achievement import HUNDRED, Direction, round2
from govperf.domain.lights import Light


@dataclass(frozen=True)
class LightStatistics:
    """How many KPIs got each light (項數) and the share of each (比例, percent, two decimals)."""

    green: int = 0
    yellow: int = 0
    red: int = 0
    white: int = 0

    @property
    def total(self) -> int:
        """The row 小計."""
        return self.green + self.yellow + self.red + self.white

    def count(self, light: Light) -> int:
        return {
            Light.GREEN: self.green,
            Light.YELLOW: self.yellow,
            Light.RED: self.red,
            Light.WHITE: self.white,
        }[light]

    def percent(self, light: Light) -> Decimal:
        """count ÷ total × 100, ROUND_HALF_UP to two decimals; 0.00 when there is nothing to count.

        Each share is rounded on its own, as the reports print them, so the shares of a row may
        sum to 100 ± 0.005 per light counted (e.g. 1, 1, 1, 29 of 32 → 100.02).
        """
        if self.total == 0:
            return round2(Decimal(0))
        return round2(Decimal(self.count(light)) / Decimal(self.total) * HUNDRED)

    def total_percent(self) -> Decimal:
        """The 小計 row's 比例: 100.00, or 0.00 when there is nothing to count."""
        return round2(HUNDRED if self.total else Decimal(0))


def light_statistics(lights: Iterable[Light]) -> LightStatistics:
    """Count the lights of a year's KPIs (pass only the ones the statistics cover)."""
    counts = Counter(lights)
    return LightStatistics(
        green=counts[Light.GREEN],
        yellow=counts[Light.YELLOW],
        red=counts[Light.RED],
        white=counts[Light.WHITE],
    )


def shortfall_gap(achievement: Decimal) -> Decimal:
    """達成度差異值 = 100 − achievement, two decimals (49.31 → 50.69)."""
    return round2(HUNDRED - achievement)


def soft_target(previous_actual: Decimal, target: Decimal, direction: Direction) -> bool:
    """A target easier than last year's actual (偏低目標值); above it counts if lower is better."""
    if direction == Direction.HIGHER:
        return target < previous_actual
    return target > previous_actual


def soft_target_against(
    *,
    target: Decimal | None,
    target_unit: str,
    previous_actual: Decimal | None,
    previous_unit: str,
    direction: Direction,
) -> bool:
    """A soft target (偏低目標值) against last year's actual, where the two can be compared:
    both numbers known and in one unit (a target of `5%` says nothing against `9次`)."""
    if target is None or previous_actual is None or target_unit != previous_unit:
        return False
    return soft_target(previous_actual, target, direction)
