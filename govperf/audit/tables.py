"""Audit checks on derived tables: every published total, rate and count against the data."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from govperf.audit.chapters import ASSESSMENT, BUDGET, GOALS
from govperf.domain.findings import Finding, Phrase, Place, Severity
from govperf.domain.lights import Light
from govperf.domain.statistics import LightStatistics
from govperf.domain.values import decimal_text
from govperf.evaluation import derived
from govperf.evaluation.models import Cycle, LightStatistic
from govperf.finance import derived as finance_derived
from govperf.finance.models import BudgetFigure, ProgramCost


def _differs(place: Place, what: str, published: str, computed: Decimal) -> Finding:
    return Finding(
        "derived-value-differs",
        Severity.ERROR,
        place,
        Phrase(
            "%(what)s報告列為 %(published)s，依表內數字計算應為 %(computed)s。",
            {"what": Phrase(what), "published": published, "computed": decimal_text(computed)},
        ),
        {"published": published, "computed": str(decimal_text(computed))},
    )


def written_at_publication(cycle: Cycle) -> bool:
    """Whether the cycle's shortfalls, light table and statistics are yet to be derived: a year
    run in govperf writes them when it is published, so before that there is nothing to check."""
    return not cycle.source_sha256 and cycle.state != Cycle.State.PUBLISHED


def _stated(text: str) -> bool:
    """Whether a cell states anything; a blank cell of a year in progress is not yet entered."""
    return bool(text.strip())


def budget_findings(cycle: Cycle) -> Iterator[Finding]:
    rates = finance_derived.execution_rates(cycle)
    for figure in cycle.budget_figures.filter(measure=BudgetFigure.Measure.EXECUTION_RATE):
        computed = rates.get((figure.fund, figure.year))
        if computed is not None and _stated(figure.text) and figure.value != computed:
            place = Place(BUDGET, "預決算表", figure.fund, f"{figure.year} 執行率(%)")
            yield _differs(place, "執行率（決算÷預算）", figure.text, computed)


def headcount_findings(cycle: Cycle) -> Iterator[Finding]:
    ratios, totals = (
        finance_derived.personnel_ratios(cycle),
        finance_derived.headcount_totals(cycle),
    )
    for figure in cycle.headcount_figures.all():
        if figure.label.startswith(finance_derived.PERSONNEL_RATIO_PREFIX):
            computed, what = ratios.get(figure.year), "人事費占決算比例"
        elif figure.label == finance_derived.HEADCOUNT_TOTAL:
            computed, what = totals.get(figure.year), "員額合計"
        else:
            continue
        if computed is not None and _stated(figure.text) and figure.value != computed:
            place = Place(BUDGET, "機關實際員額", figure.label, f"{figure.year}")
            yield _differs(place, what, figure.text, computed)


def program_cost_findings(cycle: Cycle) -> Iterator[Finding]:
    sums = finance_derived.program_cost_sums(cycle)
    costs = ProgramCost.objects.filter(cycle=cycle).exclude(kind=ProgramCost.Kind.PROGRAM)
    for cost in costs.prefetch_related("years"):
        for item in cost.years.all():
            computed = sums.get((cost.position, item.year), Decimal(0))
            if _stated(item.budget_text) and item.budget_value != computed:
                row = cost.goal_text if cost.kind == ProgramCost.Kind.SUBTOTAL else "合計"
                place = Place(
                    GOALS, "關鍵績效指標相關計畫活動之成本", row, f"{item.year}年度預算數"
                )
                yield _differs(
                    place, f"{cost.get_kind_display()}預算數", item.budget_text, computed
                )


def shortfall_findings(cycle: Cycle) -> Iterator[Finding]:
    """The published 未達目標項目檢討 against every KPI below 100%."""
    if written_at_publication(cycle):
        return
    expected = {row.kpi_year.pk: row for row in derived.shortfalls(cycle)}
    published = {entry.kpi_year_id: entry for entry in cycle.shortfalls.all()}
    for pk, row in expected.items():
        name = row.kpi_year.cycle_kpi.kpi.name
        place = Place(GOALS, "未達目標項目檢討", name, "達成度差異值")
        entry = published.get(pk)
        if entry is None:
            yield Finding(
                "shortfall-missing",
                Severity.ERROR,
                place,
                Phrase(
                    "「%(kpi)s」達成度 %(achievement)s 未達目標，卻未列入未達目標項目檢討。",
                    {"kpi": name, "achievement": row.kpi_year.achievement_text},
                ),
            )
        elif entry.gap_value != row.gap:
            yield _differs(place, "達成度差異值（100−達成度）", entry.gap_text, row.gap)
    for pk, entry in published.items():
        if pk not in expected:
            yield Finding(
                "shortfall-not-missed",
                Severity.ERROR,
                Place(GOALS, "未達目標項目檢討", entry.kpi_name),
                Phrase(
                    "「%(kpi)s」列於未達目標項目檢討，但其達成度已達 100%%。",
                    {"kpi": entry.kpi_name},
                ),
            )


def light_table_findings(cycle: Cycle) -> Iterator[Finding]:
    """Each published light-table row against the KPI's own lights of the cycle's year."""
    if written_at_publication(cycle):
        return
    rows = {row.cycle_kpi_id: row for row in cycle.light_rows.all()}
    for year in derived.light_table(cycle):
        row = rows.get(year.cycle_kpi_id)
        name = year.cycle_kpi.kpi.name
        place = Place(ASSESSMENT, "各關鍵績效指標燈號", name)
        if row is None:
            missing = Phrase("燈號表缺少「%(kpi)s」。", {"kpi": name})
            yield Finding("light-table-missing", Severity.ERROR, place, missing)
            continue
        for printed, own, stage in (
            (row.initial_light_text, year.initial_light_text, "初核"),
            (row.review_light_text, year.review_light_text, "複核"),
        ):
            if printed.strip() != own.strip():
                yield Finding(
                    "light-table-differs",
                    Severity.ERROR,
                    place,
                    Phrase(
                        "燈號表%(stage)s為「%(printed)s」，指標表格為「%(own)s」。",
                        {"stage": Phrase(stage), "printed": printed, "own": own},
                    ),
                    {"light_table": printed, "kpi_table": own},
                )


def statistics_findings(cycle: Cycle) -> Iterator[Finding]:
    """Published 績效燈號統計 against counts of the KPI-years, from 106 (院管 only)."""
    if written_at_publication(cycle):
        return
    computed = derived.statistics(cycle)
    for item in cycle.light_statistics.all():
        stats = computed.get((item.year, item.stage))
        if stats is None:
            continue
        if item.year < derived.EXECUTIVE_ONLY_FROM:
            yield from _underived_statistics(item, stats)
            continue
        if item.category == LightStatistic.Category.TOTAL:
            count, percent = Decimal(stats.total), stats.total_percent()
        else:
            light = Light(item.category)
            count, percent = Decimal(stats.count(light)), stats.percent(light)
        place = Place(
            ASSESSMENT,
            "績效燈號統計",
            f"{item.get_category_display()}{item.get_stage_display()}",
            f"{item.year}年度",
        )
        if item.count_value != count:
            yield _differs(place, "項數", item.count_text, count)
        if item.percent_value != percent:
            yield _differs(place, "比例(%)", item.percent_text, percent)


def _underived_statistics(item: LightStatistic, stats: LightStatistics) -> Iterator[Finding]:
    """Before 106 the statistics count the agency's whole KPI set, which the report only samples."""
    if item.category != LightStatistic.Category.TOTAL or item.stage != "initial":
        return
    if item.count_value != stats.total:
        yield Finding(
            "statistics-not-derivable",
            Severity.INFO,
            Place(ASSESSMENT, "績效燈號統計", "小計", f"{item.year}年度"),
            Phrase(
                "%(year)s年度統計列 %(published)s 項指標，本報告僅含該年度 %(in_report)s 項，"
                "無法由資料重算，照錄公告值。",
                {"year": item.year, "published": item.count_text, "in_report": stats.total},
            ),
            {"published": item.count_text, "in_report": str(stats.total)},
        )
