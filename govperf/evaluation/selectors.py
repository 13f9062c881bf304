"""Reads of evaluation data that more than one area needs."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from govperf.domain.light_rules import DEFAULT_BANDS, LightBands, LightBandsError, suggest_light
from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle, KpiYear


def cycle_light_bands(cycle: Cycle) -> LightBands:
    """The cycle's configured light bands, or the documented default when none are set."""
    if not cycle.light_bands:
        return DEFAULT_BANDS
    try:
        return LightBands(
            green_from=Decimal(str(cycle.light_bands["green_from"])),
            yellow_from=Decimal(str(cycle.light_bands["yellow_from"])),
        )
    except (KeyError, InvalidOperation) as error:
        raise LightBandsError(f"{cycle} 的燈號級距設定不完整：{cycle.light_bands}") from error


def kpi_year_suggested_light(kpi_year: KpiYear) -> Light:
    """The light the cycle's bands suggest for the KPI-year's achievement (白燈 when none)."""
    bands = cycle_light_bands(kpi_year.cycle_kpi.cycle)
    return suggest_light(kpi_year.achievement_value, bands)
