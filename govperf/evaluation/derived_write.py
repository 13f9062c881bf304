"""The derived tables of a year run in govperf, written from its KPI data when it is published."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from govperf.domain.lights import AGENCY_ASSESSED, Light
from govperf.domain.statistics import LightStatistics
from govperf.domain.values import decimal_text
from govperf.evaluation import derived
from govperf.evaluation.models import Cycle, Goal, KpiYear, LightStatistic, LightTableRow, Shortfall
from govperf.records.write import recorded_save

LIGHT_TABLE_HEADER = ["關鍵策略目標", "項次", "關鍵績效指標", "初核", "複核"]
STATISTICS_HEADER = (["構面", "年度"], ["關鍵策略目標", "燈號"], ["項數", "比例(%)"])
# The rows of 績效燈號統計 in printed order: each light (小計 first), its 初核 then its 複核.
STATISTIC_ROWS = [
    (category, stage)
    for category in LightStatistic.Category
    for stage in LightStatistic.Stage
]  # fmt: skip
NUMERALS = "一二三四五六七八九十"
REASON = "公告時依指標資料產生"


def cycle_write_derived_tables(*, actor: AbstractBaseUser, cycle: Cycle) -> None:
    """Replace `cycle`'s 未達目標項目檢討, 各關鍵績效指標燈號 and its own year's 績效燈號統計
    with what `derived` computes from the KPI data, in the shapes an imported report has.

    Earlier years of the statistics stay as carried over from the previous report; a year the
    table shows but nobody printed (the previous cycle had no statistics) is derived as well.
    """
    with transaction.atomic():
        _mark_agency_assessed(actor, cycle)
        _write_shortfalls(cycle)
        _write_light_table(cycle)
        years = _statistics_years(cycle)
        _write_statistics(cycle, years)
        _write_headers(actor, cycle, years)


def _mark_agency_assessed(actor: AbstractBaseUser, cycle: Cycle) -> None:
    """A 部會管 KPI has no 複核: its cell says `---`, in its own table as in the light table."""
    years = KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, year=cycle.year, tier=KpiYear.Tier.AGENCY, review_light=""
    )
    for year in years:
        if not year.review_light_text.strip():
            year.review_light_text = AGENCY_ASSESSED
            reason = f"部會評估指標，複核欄列「{AGENCY_ASSESSED}」（{REASON}）"
            recorded_save(year, actor=actor, reason=reason, update_fields=["review_light_text"])


def numeral(number: int) -> str:
    """１→一, 10→十, 12→十二, 20→二十 (goal headings count in Chinese numerals)."""
    tens, ones = divmod(number, 10)
    text = (NUMERALS[tens - 1] if tens > 1 else "") + ("十" if tens else "")
    return text + (NUMERALS[ones - 1] if ones else "")


def _figure(value: Decimal | None, text: str) -> str:
    """A target or actual as 未達目標項目檢討 prints it: the number alone (`90`, not `90%`)."""
    return decimal_text(value) or text


def _write_shortfalls(cycle: Cycle) -> None:
    cycle.shortfalls.all().delete()
    goals: list[int] = []
    for position, row in enumerate(derived.shortfalls(cycle), start=1):
        year, goal = row.kpi_year, row.kpi_year.cycle_kpi.goal
        heading = ""
        if goal.pk not in goals:
            goals.append(goal.pk)
            heading = f"（{numeral(len(goals))}）關鍵策略目標：{goal.name}"
        Shortfall.objects.create(
            cycle=cycle,
            kpi_year=year,
            position=position,
            goal_heading=heading,
            kpi_name=year.cycle_kpi.kpi.name,
            standard=year.measurement_standard,
            target_text=_figure(year.target_value, year.target_text),
            actual_text=_figure(year.actual_value, year.actual_text),
            gap_text=decimal_text(row.gap) or "",
            gap_value=row.gap,
        )


def _goal_name(goal: Goal) -> str:
    return goal.name.strip().rstrip("。")


def _write_light_table(cycle: Cycle) -> None:
    """One row per KPI: the goal's number and name on its first row only, as printed."""
    cycle.light_rows.all().delete()
    rows, goal_id, item = [], None, 0
    for position, year in enumerate(derived.light_table(cycle), start=1):
        goal = year.cycle_kpi.goal
        first = goal.pk != goal_id
        goal_id, item = goal.pk, 1 if first else item + 1
        rows.append(
            LightTableRow(
                cycle=cycle,
                cycle_kpi=year.cycle_kpi,
                position=position,
                goal_number=str(goal.position) if first else "",
                goal_name=_goal_name(goal) if first else "",
                item=f"({item})",
                kpi_name=year.cycle_kpi.kpi.name,
                initial_light_text=year.initial_light_text.strip(),
                review_light_text=year.review_light_text.strip(),
            )
        )
    LightTableRow.objects.bulk_create(rows)


def _header_years(cycle: Cycle) -> list[int]:
    header = cycle.table_headers.get("light_statistics") or [[]]
    return [int(text) for text in header[0][2:] if str(text).isdigit()]


def _statistics_years(cycle: Cycle) -> list[int]:
    """The table's years: its header's, else the KPI columns', always with the cycle's own."""
    years = _header_years(cycle) or [
        year for year, _ in derived.statistics(cycle) if year > cycle.year - 4
    ]
    return sorted({*years, cycle.year})


def _write_statistics(cycle: Cycle, years: list[int]) -> None:
    """The cycle's year, and any year of the table that has no printed row, from the data."""
    stored = set(cycle.light_statistics.values_list("year", flat=True))
    wanted = [year for year in years if year == cycle.year or year not in stored]
    cycle.light_statistics.filter(year__in=wanted).delete()
    computed = derived.statistics(cycle)
    LightStatistic.objects.bulk_create(
        _statistic(cycle, year, position, category, stage, computed.get((year, stage)))
        for year in wanted
        for position, (category, stage) in enumerate(STATISTIC_ROWS, start=1)
    )


def _statistic(
    cycle: Cycle,
    year: int,
    position: int,
    category: LightStatistic.Category,
    stage: LightStatistic.Stage,
    stats: LightStatistics | None,
) -> LightStatistic:
    stats = stats or LightStatistics()
    if category == LightStatistic.Category.TOTAL:
        count, percent = stats.total, stats.total_percent()
    else:
        light = Light(category.value)
        count, percent = stats.count(light), stats.percent(light)
    return LightStatistic(
        cycle=cycle,
        position=position,
        year=year,
        category=category,
        stage=stage,
        light_text=category.label if stage == LightStatistic.Stage.INITIAL else "",
        stage_text=stage.label,
        count_text=str(count),
        count_value=Decimal(count),
        percent_text=f"{percent:.2f}",
        percent_value=percent,
    )


def _write_headers(actor: AbstractBaseUser, cycle: Cycle, years: list[int]) -> None:
    """The light table's and statistics' headers, when the cycle has none that fit."""
    headers = dict(cycle.table_headers)
    headers.setdefault("light_table", LIGHT_TABLE_HEADER)
    if _header_years(cycle) != years:
        first, second, pair = STATISTICS_HEADER
        headers["light_statistics"] = [
            [*first, *(str(year) for year in years)],
            [*second, *(pair * len(years))],
        ]
    if headers != cycle.table_headers:
        cycle.table_headers = headers
        reason = f"燈號表及績效燈號統計表頭（{REASON}）"
        recorded_save(cycle, actor=actor, reason=reason, update_fields=["table_headers"])
