"""Light bands per cycle: the light an achievement suggests; overrides that need a reason."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from govperf.domain.lights import Light

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class LightBandsError(ValueError):
    """Bands that are not ordered within 0–100."""


@dataclass(frozen=True)
class LightBands:
    """Where the suggested light changes: ★ from `green_from`, ▲ from `yellow_from`, ● below.

    Bounds are achievement rates in percent and must satisfy 0 ≤ yellow_from ≤ green_from ≤ 100
    (yellow_from = 0 means no red; yellow_from = green_from means no yellow).
    """

    green_from: Decimal
    yellow_from: Decimal

    def __post_init__(self) -> None:
        bounds = (self.green_from, self.yellow_from)
        if not all(bound.is_finite() for bound in bounds):
            raise LightBandsError("燈號門檻須為有限的數值")
        if not ZERO <= self.yellow_from <= self.green_from <= HUNDRED:
            raise LightBandsError(
                f"燈號門檻須滿足 0 ≤ 黃燈門檻（{self.yellow_from}）"
                f"≤ 綠燈門檻（{self.green_from}）≤ 100"
            )


# The official bands were not found in any public source. Default: ★ at 100% (the target met);
# ▲ from 40%, below the sample's lowest published non-zero yellow (49.31%); ● below 40%.
# The sample's ▲ for 0% (中程歲出概算) is a reviewer's judgement: an override with a reason.
DEFAULT_BANDS = LightBands(green_from=HUNDRED, yellow_from=Decimal(40))


def suggest_light(achievement: Decimal | None, bands: LightBands = DEFAULT_BANDS) -> Light:
    """The light the bands suggest; white (白燈) when there is no achievement rate."""
    if achievement is None:
        return Light.WHITE
    if achievement >= bands.green_from:
        return Light.GREEN
    if achievement >= bands.yellow_from:
        return Light.YELLOW
    return Light.RED


def override_needs_reason(suggested: Light, final: Light, reason: str | None) -> str | None:
    """A problem when the final light differs from the suggestion without a written reason."""
    if final == suggested or (reason is not None and reason.strip()):
        return None
    return (
        f"核定燈號（{final.symbol}{final.label_zh}）與建議燈號"
        f"（{suggested.symbol}{suggested.label_zh}）不同，須填寫理由"
    )
