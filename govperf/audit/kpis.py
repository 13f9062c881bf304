"""Audit checks on KPI-years: achievement against the rules, soft targets, missing reasons."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from govperf.audit.chapters import GOALS
from govperf.domain.achievement import (
    HUNDRED,
    AchievementError,
    Direction,
    Kind,
    Rule,
    SubMeasure,
    achievement,
)
from govperf.domain.findings import Finding, Phrase, Place, Severity
from govperf.domain.light_rules import LightBands, suggest_light
from govperf.domain.lights import Light
from govperf.domain.statistics import soft_target_against
from govperf.domain.values import ValueParseError, parse_inputs
from govperf.evaluation.models import Cycle, KpiYear


def _place(year: KpiYear, cell: str) -> Place:
    kpi = year.cycle_kpi
    return Place(GOALS, f"{kpi.goal.label}{kpi.label}、{kpi.kpi.name}", f"{year.year}年度", cell)


def kpi_years(cycle: Cycle) -> list[KpiYear]:
    return list(
        KpiYear.objects.filter(cycle_kpi__cycle=cycle)
        .select_related("cycle_kpi__goal", "cycle_kpi__kpi")
        .prefetch_related("sub_measures")
        .order_by("cycle_kpi__goal__position", "cycle_kpi__position", "year")
    )


def rule_of(year: KpiYear) -> Rule:
    return Rule(
        kind=Kind(year.kind),
        direction=Direction(year.direction),
        formula=year.formula,
        criteria_count=year.criteria_count,
    )


def computed_achievement(year: KpiYear) -> Decimal | None:
    """The achievement the KPI-year's rule gives for its recorded values."""
    rule = rule_of(year)
    stored = list(year.sub_measures.all())
    if any(s.target_value is None or s.actual_value is None for s in stored):
        raise AchievementError("分項的目標值或實際值尚未填齊")
    subs = [SubMeasure(s.target_value, s.actual_value) for s in stored]
    if rule.kind == Kind.SUB_MEASURES:
        return achievement(rule, None, None, sub_measures=subs)
    try:
        inputs = parse_inputs(year.inputs or {})
    except ValueParseError as error:
        raise AchievementError(str(error)) from error
    return achievement(rule, year.target_value, year.actual_value, inputs=inputs or None)


def achievement_findings(years: list[KpiYear]) -> Iterator[Finding]:
    """Published 達成度 against the rule's, for every KPI-year that has one."""
    for year in years:
        if year.achievement_value is None:
            continue
        try:
            computed = computed_achievement(year)
        except AchievementError as error:
            yield Finding(
                "achievement-not-computable",
                Severity.WARNING,
                _place(year, "達成度"),
                Phrase("無法依規則計算達成度：%(error)s", {"error": str(error)}),
            )
            continue
        if computed is not None and computed != year.achievement_value:
            yield Finding(
                "achievement-differs",
                Severity.ERROR,
                _place(year, "達成度"),
                Phrase(
                    "報告所列達成度 %(published)s 與依規則（%(kind)s、%(direction)s）"
                    "以目標值 %(target)s、實際值 %(actual)s 計算之 %(computed)s%% 不符。",
                    {
                        "published": year.achievement_text,
                        "kind": year.kind,
                        "direction": year.direction,
                        "target": year.target_text,
                        "actual": year.actual_text,
                        "computed": computed,
                    },
                ),
                {
                    "published": year.achievement_text,
                    "computed": str(computed),
                    "target": year.target_text,
                    "actual": year.actual_text,
                },
            )


def light_judgement_findings(years: list[KpiYear], bands: LightBands) -> Iterator[Finding]:
    """Where the reviewer's light differs from the rule's suggestion (a judgement, not an error)."""
    for year in years:
        final = year.review_light or year.initial_light
        if not final or year.achievement_value is None:
            continue
        suggested = suggest_light(year.achievement_value, bands)
        if Light(final) != suggested:
            given = Light(final)
            given_reason = year.review_light_reason if year.review_light else year.light_reason
            reason = given_reason or Phrase("（未載明理由）")
            yield Finding(
                "light-differs-from-rule",
                Severity.INFO,
                _place(year, "複核結果" if year.review_light else "初核結果"),
                Phrase(
                    "達成度 %(achievement)s 依燈號級距建議 %(suggested_symbol)s%(suggested)s，"
                    "核定為 %(given_symbol)s%(given)s；理由：%(reason)s",
                    {
                        "achievement": year.achievement_text,
                        "suggested_symbol": suggested.symbol,
                        "suggested": Phrase(suggested.label_zh),
                        "given_symbol": given.symbol,
                        "given": Phrase(given.label_zh),
                        "reason": reason,
                    },
                ),
                {
                    "achievement": year.achievement_text,
                    "suggested": suggested.value,
                    "final": given.value,
                },
            )


def soft_target_findings(years: list[KpiYear], cycle_year: int) -> Iterator[Finding]:
    """This year's target easier than last year's actual (偏低目標值)."""
    by_kpi = {(y.cycle_kpi_id, y.year): y for y in years}
    for year in years:
        previous = by_kpi.get((year.cycle_kpi_id, year.year - 1))
        if year.year != cycle_year or previous is None:
            continue
        if soft_target_against(
            target=year.target_value,
            target_unit=year.target_unit,
            previous_actual=previous.actual_value,
            previous_unit=previous.actual_unit,
            direction=Direction(year.direction),
        ):
            yield Finding(
                "soft-target",
                Severity.WARNING,
                _place(year, "原訂目標值"),
                Phrase(
                    "%(year)s年度目標值 %(target)s 低於%(previous_year)s年度實際值 "
                    "%(previous_actual)s，目標可能偏低。",
                    {
                        "year": year.year,
                        "target": year.target_text,
                        "previous_year": previous.year,
                        "previous_actual": previous.actual_text,
                    },
                ),
                {"target": year.target_text, "previous_actual": previous.actual_text},
            )


def missing_reason_findings(years: list[KpiYear], cycle_year: int) -> Iterator[Finding]:
    """A target missed this year with no 未達成原因分析暨因應策略."""
    for year in years:
        missed = year.achievement_value is not None and year.achievement_value < HUNDRED
        if year.year == cycle_year and missed and not year.missed_reason.strip():
            yield Finding(
                "missed-target-without-reason",
                Severity.ERROR,
                _place(year, "未達成原因分析暨因應策略"),
                Phrase(
                    "達成度 %(achievement)s 未達目標，卻未說明未達成原因及因應策略。",
                    {"achievement": year.achievement_text},
                ),
                {"achievement": year.achievement_text},
            )


def sub_measure_findings(years: list[KpiYear]) -> Iterator[Finding]:
    """A printed target or actual against the sum of the year's sub-measures."""
    for year in years:
        subs = list(year.sub_measures.all())
        if not subs:
            continue
        for cell, printed, text, values in (
            ("原訂目標值", year.target_value, year.target_text, [s.target_value for s in subs]),
            ("實際值", year.actual_value, year.actual_text, [s.actual_value for s in subs]),
        ):
            total = sum((value or Decimal(0) for value in values), Decimal(0))
            if text.strip() and printed != total:
                yield Finding(
                    "sub-measures-differ",
                    Severity.ERROR,
                    _place(year, cell),
                    Phrase(
                        "%(cell)s %(published)s 與分項加總 %(sum)s 不符。",
                        {"cell": Phrase(cell), "published": text, "sum": total},
                    ),
                    {"published": text, "sum": str(total)},
                )
