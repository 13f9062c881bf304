"""Next year's cycle carried over from this one: goals, KPIs, the last columns, blank new cells."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext

from govperf.accounts.selectors import user_roles
from govperf.domain.workflow import may
from govperf.evaluation.models import (
    Cycle,
    CycleKpi,
    Goal,
    KpiYear,
    LightStatistic,
    PlanTarget,
    SubMeasure,
)
from govperf.finance.models import BudgetFigure, HeadcountFigure, ProgramCostYear
from govperf.narrative.services import cycle_create_chapters
from govperf.records.write import recorded_save

REFORM_YEAR = 108  # from 108 each ministry runs its own evaluation, with the new chapters
KPI_COLUMNS = 4  # a KPI table shows four years: the three before and the cycle's own
# The printed cells of a year column, copied as they stand; narrative belongs to its own report.
PRINTED_FIELDS = (
    "header_text", "measurement_standard", "target_text", "target_value", "target_unit",
    "actual_text", "actual_value", "actual_unit", "achievement_text", "achievement_value",
    "initial_light_text", "initial_light", "review_light_text", "review_light", "tier", "kind",
    "direction", "formula", "inputs", "criteria_count",
)  # fmt: skip
PLAN_FIELDS = (
    "measurement_standard", "target_text", "target_value", "target_unit", "tier", "kind",
    "direction", "formula", "standard_detail",
)  # fmt: skip


Saved = TypeVar("Saved", bound=models.Model)


def _save(obj: Saved, actor: AbstractBaseUser, reason: str) -> Saved:
    """Save with simple-history's who and why."""
    return recorded_save(obj, actor=actor, reason=reason)


def _shift(value: Any, previous: int, delta: int) -> Any:
    """Table headers one window later: `104`→`105`, `106年度`→`107年度` (for delta 1)."""
    if isinstance(value, list):
        return [_shift(item, previous, delta) for item in value]
    if isinstance(value, dict):
        return {key: _shift(item, previous, delta) for key, item in value.items()}
    for year in range(previous - 10, previous + 1):
        if value in (str(year), f"{year}年度"):
            return value.replace(str(year), str(year + delta))
    return value


def _window(years: set[int], year: int) -> list[int]:
    """The earlier years a table keeps when it moves on to `year`, as wide as it was."""
    return sorted(y for y in years if year - len(years) < y < year)


def cycle_create_next(*, actor: AbstractBaseUser, previous: Cycle, year: int) -> Cycle:
    """A draft cycle for ROC `year` carried over from `previous`, recorded with `actor`."""
    if not may(user_roles(user=actor, agency=previous.agency), "plan.edit"):
        raise PermissionDenied(gettext("只有研考單位可以建立新的評估年度。"))
    if year <= previous.year:
        raise ValidationError(
            gettext("新年度（%(year)s）必須晚於%(agency)s %(previous)s年度。")
            % {"year": year, "agency": previous.agency.name, "previous": previous.year}
        )
    with transaction.atomic():
        if Cycle.objects.filter(agency=previous.agency, year=year).exists():
            raise ValidationError(
                gettext("%(agency)s %(year)s年度已存在，不重複建立。")
                % {"agency": previous.agency.name, "year": year}
            )
        reason = f"由{previous.year}年度延續建立"
        cycle = _save(_cycle_new(previous, year), actor, reason)
        goals = {goal.pk: _goal_copy(goal, cycle, actor, reason) for goal in previous.goals.all()}
        for cycle_kpi in previous.cycle_kpis.select_related("goal"):
            _cycle_kpi_copy(cycle_kpi, cycle, goals[cycle_kpi.goal_id], actor)
        _figures_copy(list(previous.budget_figures.all()), cycle, actor, reason)
        _figures_copy(list(previous.headcount_figures.all()), cycle, actor, reason)
        _program_costs_copy(previous, cycle, goals, actor, reason)
        _light_statistics_copy(previous, cycle)
        cycle_create_chapters(cycle=cycle)
    return cycle


def _cycle_new(previous: Cycle, year: int) -> Cycle:
    title = previous.title.replace(str(previous.year), str(year))
    layout = Cycle.Layout.POST_REFORM if year >= REFORM_YEAR else previous.layout
    return Cycle(
        agency=previous.agency,
        year=year,
        title=title if title != previous.title else f"{year}年度施政績效報告",
        state=Cycle.State.DRAFT,
        layout=layout,
        table_headers=_shift(previous.table_headers, previous.year, year - previous.year),
        light_bands=previous.light_bands,
    )


def _goal_copy(goal: Goal, cycle: Cycle, actor: AbstractBaseUser, reason: str) -> Goal:
    new = Goal(cycle=cycle, position=goal.position, label=goal.label, name=goal.name)
    return _save(new, actor, reason)


def _cycle_kpi_copy(
    cycle_kpi: CycleKpi, cycle: Cycle, goal: Goal, actor: AbstractBaseUser
) -> CycleKpi:
    """The KPI in the new cycle: same unit and table, its last columns and the new year's."""
    new = CycleKpi.objects.create(
        cycle=cycle,
        goal=goal,
        kpi_id=cycle_kpi.kpi_id,
        unit_id=cycle_kpi.unit_id,
        position=cycle_kpi.position,
        label=cycle_kpi.label,
        row_labels=cycle_kpi.row_labels,
        table_note=cycle_kpi.table_note,
    )
    years = list(cycle_kpi.years.prefetch_related("sub_measures"))
    kept = [y for y in years if cycle.year - KPI_COLUMNS < y.year < cycle.year]
    for column in kept:
        fields = {name: getattr(column, name) for name in PRINTED_FIELDS}
        copy = _save(
            KpiYear(cycle_kpi=new, year=column.year, **fields), actor, "延續前一年度報告所列數值"
        )
        _sub_measures_copy(column, copy, actor, with_actuals=True)
    if years:
        _kpi_year_new(years[-1], new, cycle.year, actor)
    return new


def _kpi_year_new(last: KpiYear, cycle_kpi: CycleKpi, year: int, actor: AbstractBaseUser) -> None:
    """The new year's column: the rule carried from the last column, no actual and no light;
    the target is the mid-term plan's for the year (PlanTarget), else the last column's."""
    fields = {name: getattr(last, name) for name in PLAN_FIELDS}
    new = KpiYear(cycle_kpi=cycle_kpi, year=year, header_text=f"{year}年度", **fields)
    planned = PlanTarget.objects.filter(kpi_id=cycle_kpi.kpi_id, year=year).first()
    if planned is not None:
        new.target_text, new.target_value = planned.target_text, planned.target_value
        new.target_unit = planned.target_unit
        reason = f"新年度欄位；目標值依中程計畫所訂{year}年度目標值"
    else:
        reason = f"新年度欄位；目標值暫以{last.year}年度目標值帶入（中程計畫未訂），待研考單位確認"
    _save(new, actor, reason)
    _sub_measures_copy(last, new, actor, with_actuals=False)


def _sub_measures_copy(
    source: KpiYear, target: KpiYear, actor: AbstractBaseUser, *, with_actuals: bool
) -> None:
    """The sub-measures of `source` under `target`; the actuals only for a copied column."""
    for sub in source.sub_measures.all():
        copy = SubMeasure(kpi_year=target, position=sub.position, name=sub.name)
        names = ["target_text", "target_value", "target_unit"]
        if with_actuals:
            names += ["actual_text", "actual_value", "actual_unit"]
        for name in names:
            setattr(copy, name, getattr(sub, name))
        _save(copy, actor, f"由{source.year}年度欄位延續")


def _figures_copy(figures: list[Any], cycle: Cycle, actor: AbstractBaseUser, reason: str) -> None:
    """A budget or headcount table moved on one window: kept years as printed, new year blank."""
    kept = _window({f.year for f in figures}, cycle.year)
    for figure in figures:
        if figure.year in kept:
            _save(_row_copy(figure, cycle, figure.year), actor, reason)
    for figure in {f.position: f for f in figures}.values():
        _save(_row_copy(figure, cycle, cycle.year, blank=True), actor, reason)


def _row_copy(
    figure: BudgetFigure | HeadcountFigure, cycle: Cycle, year: int, *, blank: bool = False
) -> BudgetFigure | HeadcountFigure:
    """A copy of a table cell for `cycle` and `year`; blank drops its text and value."""
    fields = {f.attname: getattr(figure, f.attname) for f in figure._meta.concrete_fields}
    copy = type(figure)(**(fields | {"id": None, "cycle_id": cycle.pk, "year": year}))
    if blank:
        copy.text, copy.value = "", None
    return copy


def _program_costs_copy(
    previous: Cycle, cycle: Cycle, goals: dict[int, Goal], actor: AbstractBaseUser, reason: str
) -> None:
    """The program-cost rows with their kept years as printed and the new year blank."""
    costs = list(previous.program_costs.prefetch_related("years"))
    kept = _window({y.year for cost in costs for y in cost.years.all()}, cycle.year)
    for cost in costs:
        columns = list(cost.years.all())
        cost.pk = None
        cost.cycle = cycle
        cost.goal = goals.get(cost.goal_id) if cost.goal_id else None
        cost.save()
        for column in columns:
            if column.year in kept:
                column.pk = None
                column.program_cost = cost
                _save(column, actor, reason)
        _save(ProgramCostYear(program_cost=cost, year=cycle.year), actor, reason)


def _light_statistics_copy(previous: Cycle, cycle: Cycle) -> None:
    """The earlier years of 績效燈號統計 as the previous report printed them; the new year is
    derived at publication (`derived_write`). With none printed, that derives the kept years too."""
    statistics = list(previous.light_statistics.all())
    kept = _window({item.year for item in statistics}, cycle.year)
    LightStatistic.objects.bulk_create(
        LightStatistic(
            **{f.attname: getattr(item, f.attname) for f in item._meta.concrete_fields}
            | {"id": None, "cycle_id": cycle.pk}
        )
        for item in statistics
        if item.year in kept
    )
