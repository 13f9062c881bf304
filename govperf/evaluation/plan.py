"""The plan (中程計畫) as planning types it: a KPI's set-up read and checked, soft targets found.

`plan_save.py` writes what this module accepts; the preview asks `plan_check` for the same
answer the save will give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from govperf.agencies.models import Unit
from govperf.domain.achievement import AchievementError, Direction, Kind, Rule
from govperf.domain.formula import formula_names, parse_formula
from govperf.domain.statistics import soft_target_against
from govperf.domain.text import REASON_MAX_LENGTH, TextError, clean_text
from govperf.domain.values import Measure, ValueParseError, parse_measure
from govperf.evaluation.models import Cycle, CycleKpi, Goal, KpiYear

PLAN_YEARS = 4  # a mid-term plan (中程計畫) sets targets for the four years after the cycle's
NAME_MAX_LENGTH = 300
_SUB_LINE = re.compile(r"^(?P<name>.+?)\s*[：:]\s*(?P<target>[^：:]+)$")


def plan_years(cycle: Cycle) -> list[int]:
    """The years a plan page sets targets for: the cycle's own and the four after it."""
    return list(range(cycle.year, cycle.year + PLAN_YEARS + 1))


@dataclass
class KpiSetup:
    """What planning typed for a KPI, as typed; `targets` by ROC year (the cycle's own too)."""

    goal_id: int | None
    name: str
    unit_id: int | None
    kind: str
    direction: str
    tier: str
    measurement_standard: str = ""
    formula: str = ""
    criteria_count: str = ""
    sub_measures: str = ""  # one a line: 名稱：目標值
    targets: dict[int, str] = field(default_factory=dict)
    reason: str = ""


@dataclass(frozen=True)
class SubTarget:
    """A sub-measure (分項) as the plan sets it: its name and its target for the cycle's year."""

    name: str
    target: Measure


@dataclass(frozen=True)
class Accepted:
    """A set-up that passed every check, parsed: what `plan_save` writes."""

    goal: Goal
    name: str
    unit: Unit | None
    rule: Rule
    tier: str
    measurement_standard: str
    targets: dict[int, Measure]
    sub_measures: list[SubTarget]
    reason: str


@dataclass(frozen=True)
class SoftTarget:
    """A planned target easier than the latest actual before it (偏低目標值)."""

    year: int
    target_text: str
    previous_year: int
    previous_text: str

    @property
    def message(self) -> str:
        return gettext(
            "%(year)s年度目標值 %(target)s 低於%(previous)s年度實際值 %(actual)s，目標可能偏低。"
        ) % {
            "year": self.year,
            "target": self.target_text,
            "previous": self.previous_year,
            "actual": self.previous_text,
        }


def _text(value: str, field_name: str, label: str, errors: dict[str, str], limit: int) -> str:
    try:
        return clean_text(value, field=label, max_length=limit)
    except TextError as error:
        errors[field_name] = error.text(gettext)
        return ""


def _rule(setup: KpiSetup, errors: dict[str, str]) -> Rule | None:
    """The rule the kind, direction, formula and criteria make, or the reason beside its field."""
    if setup.kind not in set(Kind) or setup.direction not in set(Direction):
        errors["kind"] = gettext("請選擇指標類型與方向。")
        return None
    count: int | None = None
    if setup.criteria_count.strip():
        if not setup.criteria_count.strip().isascii() or not setup.criteria_count.isdigit():
            errors["criteria_count"] = gettext("達到項數的項目總數須為正整數。")
            return None
        count = int(setup.criteria_count)
    formula = setup.formula.strip() if setup.kind == Kind.FORMULA else ""
    try:
        return Rule(Kind(setup.kind), Direction(setup.direction), formula, count)
    except AchievementError as error:
        if setup.kind == Kind.FORMULA:
            errors["formula"] = gettext("公式無法使用：%(problem)s") % {"problem": error}
        else:
            errors["criteria_count"] = str(error)
        return None


def _targets(
    setup: KpiSetup, years: list[int], kind: str, errors: dict[str, str]
) -> dict[int, Measure]:
    """Each typed target parsed; a sub-measure KPI's targets are its sub-measures' sum."""
    parsed: dict[int, Measure] = {}
    for year in years:
        typed = setup.targets.get(year, "").strip()
        if not typed:
            continue
        if kind == Kind.SUB_MEASURES:
            errors[f"target_{year}"] = gettext(
                "分項加總類指標的目標值由分項目標值加總而來，請在分項欄填寫。"
            )
            continue
        try:
            measure = parse_measure(typed)
        except ValueParseError as error:
            errors[f"target_{year}"] = error.text(gettext)
            continue
        if measure.value is None:
            errors[f"target_{year}"] = gettext("目標值須為數值，如 85%、1,500次。")
            continue
        parsed[year] = measure
    return parsed


def _sub_measures(setup: KpiSetup, kind: str, errors: dict[str, str]) -> list[SubTarget]:
    lines = [line.strip() for line in setup.sub_measures.splitlines() if line.strip()]
    if kind != Kind.SUB_MEASURES:
        if lines:
            errors["sub_measures"] = gettext("只有分項加總類指標可設定分項。")
        return []
    if not lines:
        errors["sub_measures"] = gettext("分項加總類指標須列出分項，每行一項：名稱：目標值。")
        return []
    found = []
    for number, line in enumerate(lines, start=1):
        match = _SUB_LINE.match(line)
        try:
            measure = parse_measure(match["target"].strip()) if match else None
        except ValueParseError:
            measure = None
        if match is None or measure is None or measure.value is None:
            errors["sub_measures"] = gettext(
                "第 %(line)s 行「%(text)s」須寫成「名稱：目標值」，如「培訓人數：120人」。"
            ) % {"line": number, "text": line}
            return []
        found.append(SubTarget(match["name"].strip()[:NAME_MAX_LENGTH], measure))
    return found


def _goal(cycle: Cycle, goal_id: int | None, errors: dict[str, str]) -> Goal | None:
    goal = cycle.goals.filter(pk=goal_id).first() if goal_id else None
    if goal is None:
        errors["goal"] = gettext("請選擇本年度的關鍵策略目標。")
    return goal


def _unit(cycle: Cycle, unit_id: int | None, errors: dict[str, str]) -> Unit | None:
    if unit_id is None:
        return None
    unit = Unit.objects.filter(pk=unit_id, agency=cycle.agency).first()
    if unit is None:
        errors["unit"] = gettext("負責單位須為本機關的單位。")
    return unit


def _name(cycle: Cycle, setup: KpiSetup, cycle_kpi: CycleKpi | None, errors: dict[str, str]) -> str:
    if cycle_kpi is not None:  # a KPI keeps its name: it is its identity across the years
        return cycle_kpi.kpi.name
    name = _text(setup.name, "name", gettext("指標名稱"), errors, NAME_MAX_LENGTH)
    if not name and "name" not in errors:
        errors["name"] = gettext("請填寫指標名稱。")
    elif cycle.cycle_kpis.filter(kpi__name=name).exists():
        errors["name"] = gettext("本年度已有名為「%(name)s」的指標。") % {"name": name}
    return name


def setup_read(
    *, cycle: Cycle, setup: KpiSetup, cycle_kpi: CycleKpi | None = None
) -> tuple[Accepted | None, dict[str, str]]:
    """The set-up parsed, or None with every problem by field (name, formula, target_109 …)."""
    errors: dict[str, str] = {}
    goal = _goal(cycle, setup.goal_id, errors)
    name = _name(cycle, setup, cycle_kpi, errors)
    unit = _unit(cycle, setup.unit_id, errors)
    rule = _rule(setup, errors)
    kind = rule.kind if rule else setup.kind
    targets = _targets(setup, plan_years(cycle), kind, errors)
    subs = _sub_measures(setup, kind, errors)
    standard = _text(
        setup.measurement_standard, "measurement_standard", gettext("衡量標準"), errors, 20_000
    )
    reason = _text(setup.reason, "reason", gettext("理由"), errors, REASON_MAX_LENGTH)
    if setup.tier not in {KpiYear.Tier.EXECUTIVE, KpiYear.Tier.AGENCY}:
        errors["tier"] = gettext("請選擇評估層級（院管或部會管）。")
    if errors or goal is None or rule is None:
        return None, errors
    accepted = Accepted(goal, name, unit, rule, setup.tier, standard, targets, subs, reason)
    return accepted, {}


def formula_inputs(rule: Rule) -> list[str]:
    """The named raw inputs a formula KPI's unit enters, in a stable order."""
    if rule.kind != Kind.FORMULA:
        return []
    return sorted(formula_names(parse_formula(rule.formula)))


def soft_targets(
    *, cycle_kpi: CycleKpi | None, targets: dict[int, Measure], direction: Direction
) -> list[SoftTarget]:
    """Planned targets easier than the latest actual before their year, by the audit's rule
    (`domain.statistics.soft_target_against`); a new KPI has no actual to compare."""
    if cycle_kpi is None:
        return []
    actuals = [
        column for column in cycle_kpi.years.order_by("year") if column.actual_value is not None
    ]
    found = []
    for year, target in sorted(targets.items()):
        earlier = [column for column in actuals if column.year < year]
        if not earlier:
            continue
        last = earlier[-1]
        if soft_target_against(
            target=target.value,
            target_unit=target.unit,
            previous_actual=last.actual_value,
            previous_unit=last.actual_unit,
            direction=direction,
        ):
            found.append(SoftTarget(year, target.text, last.year, last.actual_text))
    return found


def plan_check(
    *, cycle: Cycle, setup: KpiSetup, cycle_kpi: CycleKpi | None = None
) -> tuple[Accepted | None, dict[str, str], list[SoftTarget]]:
    """What a save would say: the parsed set-up, the problems by field, the soft targets among
    the changed ones; a soft target without a reason is a problem of the reason field."""
    accepted, errors = setup_read(cycle=cycle, setup=setup, cycle_kpi=cycle_kpi)
    if accepted is None:
        return None, errors, []
    stored = setup_of(cycle_kpi).targets if cycle_kpi is not None else {}
    changed = {
        year: target
        for year, target in accepted.targets.items()
        if stored.get(year, "").strip() != target.text
    }  # a target kept as it stood was judged when it was set
    soft = soft_targets(cycle_kpi=cycle_kpi, targets=changed, direction=accepted.rule.direction)
    if soft and not accepted.reason:
        message = gettext("目標值低於前一年度實際值，須填寫理由才能儲存。")
        return None, {"reason": message}, soft
    return accepted, {}, soft


def as_validation_error(errors: dict[str, str]) -> ValidationError:
    """The problems as one ValidationError by field, as forms show them."""
    return ValidationError({name: [message] for name, message in errors.items()})


def setup_of(cycle_kpi: CycleKpi) -> KpiSetup:
    """The set-up a KPI has now, as its form starts: its own column's rule and every target."""
    cycle = cycle_kpi.cycle
    column = cycle_kpi.years.filter(year=cycle.year).first() or KpiYear()
    targets = {
        target.year: target.target_text
        for target in cycle_kpi.kpi.plan_targets.filter(year__in=plan_years(cycle))
    }
    if column.kind != Kind.SUB_MEASURES:
        targets[cycle.year] = column.target_text
    subs = (
        "\n".join(f"{sub.name}：{sub.target_text}" for sub in column.sub_measures.all())
        if column.pk
        else ""
    )
    return KpiSetup(
        goal_id=cycle_kpi.goal_id,
        name=cycle_kpi.kpi.name,
        unit_id=cycle_kpi.unit_id,
        kind=column.kind,
        direction=column.direction,
        tier=column.tier,
        measurement_standard=column.measurement_standard,
        formula=column.formula,
        criteria_count="" if column.criteria_count is None else str(column.criteria_count),
        sub_measures=subs,
        targets=targets,
    )
