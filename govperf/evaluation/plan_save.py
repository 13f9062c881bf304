"""The plan's writes: a goal added, a KPI set up or changed with its targets, for every door.

Each asks the policy table (Area.PLAN: the planning office, while the year is in draft) and
records who and why through `records.write`; a refused save writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from govperf.domain.achievement import Kind
from govperf.domain.policy import Area
from govperf.domain.text import TextError, clean_text
from govperf.domain.values import Measure, decimal_text
from govperf.evaluation.derived_write import numeral
from govperf.evaluation.models import Cycle, CycleKpi, Goal, Kpi, KpiYear, PlanTarget, SubMeasure
from govperf.evaluation.plan import (
    NAME_MAX_LENGTH,
    Accepted,
    KpiSetup,
    as_validation_error,
    formula_inputs,
    plan_check,
)
from govperf.evaluation.policy import change_check
from govperf.records.write import recorded_delete, recorded_save

DEFAULT_ROW_LABELS = ["項目", "衡量標準", "原訂目標值", "實際值", "達成度", "初核結果", "複核結果"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
PLAN_REASON = "設定年度計畫"


def plan_goal_add(*, actor: AbstractBaseUser, cycle: Cycle, name: str, reason: str = "") -> Goal:
    """A key strategic goal (關鍵策略目標) added after the cycle's last, numbered （N）."""
    change_check(user=actor, area=Area.PLAN, cycle=cycle)
    try:
        text = clean_text(name, field=gettext("目標名稱"), max_length=NAME_MAX_LENGTH)
    except TextError as error:
        raise ValidationError({"name": [error.text(gettext)]}) from error
    if not text:
        raise ValidationError({"name": [gettext("請填寫目標名稱。")]})
    with transaction.atomic():
        last = cycle.goals.aggregate(last=Max("position"))["last"] or 0
        goal = Goal(cycle=cycle, position=last + 1, label=f"（{numeral(last + 1)}）", name=text)
        return recorded_save(goal, actor=actor, reason=reason.strip() or PLAN_REASON)


def plan_kpi_save(
    *, actor: AbstractBaseUser, cycle: Cycle, setup: KpiSetup, cycle_kpi_id: int | None = None
) -> CycleKpi:
    """Set up a new KPI in `cycle` (no `cycle_kpi_id`) or change one: its goal, unit, rule,
    tier, measurement standard, its target of the cycle's year and of the coming years.

    Raises ChangeRefused when `actor` may not change the plan now, ValidationError by field for
    bad input, a bad formula or a soft target (偏低目標值) given without a reason."""
    change_check(user=actor, area=Area.PLAN, cycle=cycle)
    with transaction.atomic():
        cycle_kpi = None
        if cycle_kpi_id is not None:
            cycle_kpi = (
                CycleKpi.objects.select_for_update().filter(cycle=cycle).get(pk=cycle_kpi_id)
            )
        accepted, errors, _soft = plan_check(cycle=cycle, setup=setup, cycle_kpi=cycle_kpi)
        if accepted is None:
            raise as_validation_error(errors)
        reason = accepted.reason or PLAN_REASON
        if cycle_kpi is None:
            cycle_kpi = _cycle_kpi_new(cycle, accepted)
        else:
            _cycle_kpi_move(cycle_kpi, accepted)
        year = _own_year_write(actor, cycle_kpi, accepted, reason)
        _sub_measures_write(actor, year, accepted, reason)
        _plan_targets_write(actor, cycle_kpi.kpi, cycle.year, accepted, reason)
    return cycle_kpi


def _cycle_kpi_new(cycle: Cycle, accepted: Accepted) -> CycleKpi:
    """The KPI's identity (reused when the agency had a KPI of that name) and its place, last
    under its goal; identities and places are written plainly, as the import writes them."""
    kpi, _created = Kpi.objects.get_or_create(agency=cycle.agency, name=accepted.name)
    last = accepted.goal.cycle_kpis.aggregate(last=Max("position"))["last"] or 0
    sibling = cycle.cycle_kpis.exclude(row_labels=[]).first()
    return CycleKpi.objects.create(
        cycle=cycle,
        goal=accepted.goal,
        kpi=kpi,
        unit=accepted.unit,
        position=last + 1,
        label=str(last + 1).translate(FULL_WIDTH),
        row_labels=sibling.row_labels if sibling else DEFAULT_ROW_LABELS,
    )


def _cycle_kpi_move(cycle_kpi: CycleKpi, accepted: Accepted) -> None:
    """A changed unit or goal; a KPI moved to another goal goes last under it."""
    if cycle_kpi.goal_id != accepted.goal.pk:
        last = accepted.goal.cycle_kpis.aggregate(last=Max("position"))["last"] or 0
        cycle_kpi.goal, cycle_kpi.position = accepted.goal, last + 1
        cycle_kpi.label = str(last + 1).translate(FULL_WIDTH)
    cycle_kpi.unit = accepted.unit
    cycle_kpi.save()


def _own_year_write(
    actor: AbstractBaseUser, cycle_kpi: CycleKpi, accepted: Accepted, reason: str
) -> KpiYear:
    """The cycle's own column: rule, tier, standard and target; a formula's inputs named."""
    year = cycle_kpi.cycle.year
    column = (
        KpiYear.objects.select_for_update(of=("self",))
        .filter(cycle_kpi=cycle_kpi, year=year)
        .first()
    ) or KpiYear(cycle_kpi=cycle_kpi, year=year, header_text=f"{year}年度")
    rule, target = accepted.rule, accepted.targets.get(year)
    column.kind, column.direction, column.formula = rule.kind, rule.direction, rule.formula
    column.criteria_count = rule.criteria_count
    column.tier, column.measurement_standard = accepted.tier, accepted.measurement_standard
    stored = dict(column.inputs or {})
    column.inputs = {name: stored.get(name, "") for name in formula_inputs(rule)}
    if rule.kind == Kind.SUB_MEASURES:
        target = _sub_total(accepted)
    column.target_text = target.text if target else ""
    column.target_value = target.value if target else None
    column.target_unit = target.unit if target else ""
    column.version += 1
    return recorded_save(column, actor=actor, reason=reason)


def _sub_measures_write(
    actor: AbstractBaseUser, year: KpiYear, accepted: Accepted, reason: str
) -> None:
    """The sub-measures by position: names and targets set, extra ones removed."""
    existing = {sub.position: sub for sub in year.sub_measures.all()}
    for position, planned in enumerate(accepted.sub_measures, start=1):
        sub = existing.pop(position, None) or SubMeasure(kpi_year=year, position=position)
        target = planned.target
        sub.name, sub.target_text = planned.name, target.text
        sub.target_value, sub.target_unit = target.value, target.unit
        recorded_save(sub, actor=actor, reason=reason)
    for sub in existing.values():
        recorded_delete(sub, actor=actor, reason=reason)


def _sub_total(accepted: Accepted) -> Measure | None:
    """A sub-measure KPI's target: the sum of its sub-measures' (158 of 135 + 13 + 10)."""
    if not accepted.sub_measures:
        return None
    total = sum(
        (planned.target.value or Decimal(0) for planned in accepted.sub_measures), Decimal(0)
    )
    unit = accepted.sub_measures[0].target.unit
    return Measure(f"{decimal_text(total)}{unit}", total, unit)


def _plan_targets_write(
    actor: AbstractBaseUser, kpi: Kpi, cycle_year: int, accepted: Accepted, reason: str
) -> None:
    """The coming years' targets: set where typed, changed where different, removed where
    cleared; the cycle's own year is its column's."""
    stored = {target.year: target for target in kpi.plan_targets.filter(year__gt=cycle_year)}
    for year, measure in accepted.targets.items():
        if year <= cycle_year:
            continue
        target = stored.pop(year, None) or PlanTarget(kpi=kpi, year=year)
        if target.pk is not None and target.target_text == measure.text:
            continue
        target.target_text, target.target_value = measure.text, measure.value
        target.target_unit, target.reason = measure.unit, accepted.reason
        recorded_save(target, actor=actor, reason=reason)
    for target in stored.values():
        recorded_delete(target, actor=actor, reason=reason)
