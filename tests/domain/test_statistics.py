"""Light statistics (績效燈號統計), shortfall gaps and soft targets agree with the sample."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govperf.domain.achievement import Direction
from govperf.domain.lights import Light
from govperf.domain.statistics import (
    LightStatistics,
    light_statistics,
    shortfall_gap,
    soft_target,
)

counts = st.integers(min_value=0, max_value=10_000)


@pytest.mark.parametrize(
    ("green", "yellow", "total", "green_percent", "yellow_percent"),
    [
        (23, 5, 28, "82.14", "17.86"),  # 104 初核
        (19, 9, 28, "67.86", "32.14"),  # 104 複核
        (12, 2, 14, "85.71", "14.29"),  # 105 初核
        (11, 3, 14, "78.57", "21.43"),  # 105 複核
        (2, 0, 2, "100.00", "0.00"),  # 106
    ],
)
def test_sample_statistics_rows(
    green: int, yellow: int, total: int, green_percent: str, yellow_percent: str
) -> None:
    row = light_statistics([Light.GREEN] * green + [Light.YELLOW] * yellow)
    assert row.total == total
    assert (row.green, row.yellow, row.red, row.white) == (green, yellow, 0, 0)
    assert str(row.percent(Light.GREEN)) == green_percent
    assert str(row.percent(Light.YELLOW)) == yellow_percent
    assert str(row.percent(Light.RED)) == "0.00"
    assert str(row.total_percent()) == "100.00"


def test_an_empty_year_prints_zero() -> None:
    # 107: 「106年度以後僅統計院核評估部分」 and no KPI was 院管.
    row = light_statistics([])
    assert row.total == 0
    assert all(str(row.percent(light)) == "0.00" for light in Light)
    assert str(row.total_percent()) == "0.00"


def test_the_107_summary_13_green_3_yellow_of_16() -> None:
    row = light_statistics([Light.GREEN] * 13 + [Light.YELLOW] * 3)
    assert (row.total, row.count(Light.GREEN), row.count(Light.YELLOW)) == (16, 13, 3)


def test_shares_are_rounded_alone_so_a_row_may_sum_to_100_02() -> None:
    row = LightStatistics(green=29, yellow=1, red=1, white=1)
    assert sum(row.percent(light) for light in Light) == Decimal("100.02")


@given(green=counts, yellow=counts, red=counts, white=counts)
def test_shares_sum_to_100_within_rounding(green: int, yellow: int, red: int, white: int) -> None:
    row = LightStatistics(green=green, yellow=yellow, red=red, white=white)
    total = sum((row.percent(light) for light in Light), Decimal(0))
    if row.total == 0:
        assert total == 0
    else:
        counted = sum(1 for light in Light if row.count(light))
        assert abs(total - 100) <= Decimal("0.005") * counted


@given(green=counts, yellow=counts)
def test_two_light_rows_sum_to_100_within_a_cent(green: int, yellow: int) -> None:
    row = LightStatistics(green=green, yellow=yellow)
    if row.total:
        assert abs(row.percent(Light.GREEN) + row.percent(Light.YELLOW) - 100) <= Decimal("0.01")


@given(lights=st.lists(st.sampled_from(Light), max_size=50))
def test_counts_add_up_to_the_total(lights: list[Light]) -> None:
    row = light_statistics(lights)
    assert row.total == len(lights)
    assert all(row.count(light) == lights.count(light) for light in Light)


@pytest.mark.parametrize(
    ("achievement", "gap"),
    [("49.31", "50.69"), ("94.12", "5.88"), ("0", "100.00"), ("100", "0.00")],
)
def test_shortfall_gap_is_100_minus_achievement(achievement: str, gap: str) -> None:
    assert str(shortfall_gap(Decimal(achievement))) == gap


@pytest.mark.parametrize(
    ("previous", "target", "direction", "soft"),
    [
        ("62", "59", Direction.HIGHER, True),  # 107 agreements
        ("721", "576", Direction.HIGHER, True),  # 107 visits
        ("49", "27", Direction.HIGHER, True),  # 107 projects
        ("383", "156", Direction.HIGHER, True),
        ("16", "17", Direction.HIGHER, False),  # 駐外館宿舍自有總數量
        ("16", "16", Direction.HIGHER, False),
        ("11.96", "5", Direction.LOWER, False),
        ("3", "5", Direction.LOWER, True),
    ],
)
def test_soft_targets(previous: str, target: str, direction: Direction, soft: bool) -> None:
    assert soft_target(Decimal(previous), Decimal(target), direction) is soft
