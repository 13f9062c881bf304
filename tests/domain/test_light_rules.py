"""Light bands suggest a light from the achievement rate; a different final light needs a reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govperf.domain.light_rules import (
    DEFAULT_BANDS,
    LightBands,
    LightBandsError,
    override_needs_reason,
    suggest_light,
)
from govperf.domain.lights import Light

RANK = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}
rates = st.decimals(min_value=0, max_value=100, places=2)


def bands_strategy() -> st.SearchStrategy[LightBands]:
    return st.tuples(rates, rates).map(
        lambda pair: LightBands(green_from=max(pair), yellow_from=min(pair))
    )


@pytest.mark.parametrize(
    ("rate", "light"),
    [
        ("100", Light.GREEN),  # most of the sample
        ("94.12", Light.YELLOW),  # 駐外館宿舍自有總數量 107
        ("49.31", Light.YELLOW),  # 資本門預算執行率 107, published ▲
        ("40", Light.YELLOW),
        ("39.99", Light.RED),
        ("0", Light.RED),  # 中程歲出概算 107: the sample's ▲ is a judgement
    ],
)
def test_default_bands_on_the_samples_rates(rate: str, light: Light) -> None:
    assert suggest_light(Decimal(rate)) is light


def test_no_achievement_suggests_white() -> None:
    assert suggest_light(None) is Light.WHITE
    assert suggest_light(None, LightBands(green_from=Decimal(90), yellow_from=Decimal(60))) is (
        Light.WHITE
    )


def test_a_cycle_can_set_its_own_bands() -> None:
    bands = LightBands(green_from=Decimal(90), yellow_from=Decimal(60))
    assert suggest_light(Decimal("94.12"), bands) is Light.GREEN
    assert suggest_light(Decimal("49.31"), bands) is Light.RED


def test_default_bands_are_green_from_100_and_yellow_from_40() -> None:
    assert (DEFAULT_BANDS.green_from, DEFAULT_BANDS.yellow_from) == (Decimal(100), Decimal(40))


@pytest.mark.parametrize(
    ("green", "yellow"),
    [("80", "90"), ("101", "40"), ("100", "-1"), ("NaN", "40"), ("100", "Infinity")],
)
def test_unordered_or_out_of_range_bands_are_rejected(green: str, yellow: str) -> None:
    with pytest.raises(LightBandsError, match="燈號門檻"):
        LightBands(green_from=Decimal(green), yellow_from=Decimal(yellow))


@given(green=st.decimals(allow_nan=False), yellow=st.decimals(allow_nan=False))
def test_bands_outside_0_to_100_or_unordered_are_rejected(green: Decimal, yellow: Decimal) -> None:
    valid = green.is_finite() and yellow.is_finite() and 0 <= yellow <= green <= 100
    if valid:
        LightBands(green_from=green, yellow_from=yellow)
    else:
        with pytest.raises(LightBandsError):
            LightBands(green_from=green, yellow_from=yellow)


@given(bands=bands_strategy(), rate=rates, more=rates)
def test_a_higher_achievement_never_gets_a_worse_light(
    bands: LightBands, rate: Decimal, more: Decimal
) -> None:
    low, high = sorted((rate, more))
    assert RANK[suggest_light(low, bands)] <= RANK[suggest_light(high, bands)]


@given(bands=bands_strategy(), rate=rates)
def test_a_measured_kpi_never_gets_white(bands: LightBands, rate: Decimal) -> None:
    assert suggest_light(rate, bands) is not Light.WHITE


def test_same_light_needs_no_reason() -> None:
    assert override_needs_reason(Light.GREEN, Light.GREEN, None) is None


@pytest.mark.parametrize("reason", [None, "", "  \u3000\n"])
def test_a_different_light_without_a_reason_is_a_problem(reason: str | None) -> None:
    problem = override_needs_reason(Light.RED, Light.YELLOW, reason)
    assert problem is not None
    assert "●" in problem and "▲" in problem and "理由" in problem


def test_a_different_light_with_a_reason_is_fine() -> None:
    reason = "勉予同意核給綠燈：實際值超越原訂目標值近2倍"
    assert override_needs_reason(Light.YELLOW, Light.GREEN, reason) is None


@given(suggested=st.sampled_from(Light), final=st.sampled_from(Light), reason=st.text())
def test_a_reason_is_needed_exactly_when_the_light_changes(
    suggested: Light, final: Light, reason: str
) -> None:
    needs = suggested != final and not reason.strip()
    assert (override_needs_reason(suggested, final, reason) is not None) == needs
