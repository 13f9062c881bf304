"""The plan's services: KPIs set up with every kind, targets of coming years, soft targets
needing a reason, bad formulas refused, other roles refused, carry-over taking the plan."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from govperf.domain.achievement import Direction, Kind
from govperf.evaluation.models import Cycle, CycleKpi, KpiYear, PlanTarget
from govperf.evaluation.plan import KpiSetup, setup_of
from govperf.evaluation.plan_save import plan_goal_add, plan_kpi_save
from govperf.evaluation.policy import RoleRefused, StateRefused
from govperf.workflow.carryover import cycle_create_next
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

AGREEMENTS = "推動與他國簽訂雙邊協議"  # 106 actual 62件; 107 target 59件: a soft target
CAPITAL = "機關年度資本門預算執行率"
FORMULA = "（本年度資本門實支數＋資本門應付未付數＋資本門賸餘數）÷（資本門預算數）×100％"


def cycle_kpi_named(cycle: Cycle, name: str) -> CycleKpi:
    return cycle.cycle_kpis.select_related("kpi", "cycle").get(kpi__name__startswith=name)


def new_setup(cycle: Cycle, **changes: object) -> KpiSetup:
    goal = cycle.goals.order_by("-position").first()
    unit = cycle.cycle_kpis.exclude(unit=None).first().unit  # type: ignore[union-attr]
    setup = KpiSetup(
        goal_id=goal.pk,  # type: ignore[union-attr]
        name="駐外館處電子化服務比率",
        unit_id=unit.pk,  # type: ignore[union-attr]
        kind=Kind.FORMULA,
        direction=Direction.HIGHER,
        tier=KpiYear.Tier.EXECUTIVE,
        measurement_standard="（線上申辦件數）÷（總申辦件數）×100％",
        formula="（線上申辦件數）÷（總申辦件數）×100％",
        targets={cycle.year + n: f"{60 + 5 * n}%" for n in range(5)},
    )
    return replace(setup, **changes)  # type: ignore[arg-type]


def refused_fields(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_a_new_formula_kpi_with_targets_for_the_coming_years(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    cycle_kpi = plan_kpi_save(
        actor=people["planning"], cycle=draft_cycle, setup=new_setup(draft_cycle)
    )
    column = cycle_kpi.years.get(year=draft_cycle.year)
    assert (column.kind, column.tier, column.target_text) == (Kind.FORMULA, "executive", "60%")
    assert column.inputs == {"總申辦件數": "", "線上申辦件數": ""}  # what the unit will enter
    planned = {t.year: t.target_text for t in PlanTarget.objects.filter(kpi=cycle_kpi.kpi)}
    assert planned == {108: "65%", 109: "70%", 110: "75%", 111: "80%"}
    assert cycle_kpi.label == "４" and cycle_kpi.goal.position == 7  # last under its goal
    record = column.history.first()
    assert record.history_user == people["planning"]  # type: ignore[union-attr]
    assert setup_of(cycle_kpi).targets[109] == "70%"


def test_a_bad_formula_is_refused_beside_the_field_and_nothing_is_written(
    people, draft_cycle
) -> None:  # type: ignore[no-untyped-def]
    setup = new_setup(draft_cycle, formula="（線上申辦件數）÷（")
    with pytest.raises(ValidationError) as refused:
        plan_kpi_save(actor=people["planning"], cycle=draft_cycle, setup=setup)
    assert "公式無法使用" in refused_fields(refused)["formula"][0]
    assert not CycleKpi.objects.filter(kpi__name="駐外館處電子化服務比率").exists()


@pytest.mark.parametrize(
    ("kind", "changes", "check"),
    [
        (Kind.COUNT, {"targets": {107: "1,500次"}}, lambda y: y.target_value == 1500),
        (Kind.RATIO, {"direction": Direction.LOWER}, lambda y: y.direction == "lower"),
        (Kind.GROWTH, {}, lambda y: y.kind == "growth"),
        (Kind.CUMULATIVE, {}, lambda y: y.kind == "cumulative"),
        (Kind.CRITERIA_MET, {"criteria_count": "3", "targets": {107: "3達到項數"}},
         lambda y: y.criteria_count == 3),
        (Kind.SUB_MEASURES, {"targets": {}, "sub_measures": "會議：135次\n計畫：13次\n互訪：10次"},
         lambda y: (y.target_text, y.sub_measures.count()) == ("158次", 3)),
    ],
)  # fmt: skip
def test_every_kind_is_set_up(people, draft_cycle, kind, changes, check) -> None:  # type: ignore[no-untyped-def]
    setup = new_setup(draft_cycle, kind=kind, formula="", **changes)
    cycle_kpi = plan_kpi_save(actor=people["planning"], cycle=draft_cycle, setup=setup)
    assert check(cycle_kpi.years.get(year=draft_cycle.year))


def test_a_target_below_last_years_actual_needs_a_reason(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    cycle_kpi = cycle_kpi_named(draft_cycle, AGREEMENTS)
    setup = setup_of(cycle_kpi)
    plan_kpi_save(  # the imported 59件, below 106's 62件, kept as it stood: no question
        actor=people["planning"], cycle=draft_cycle, setup=setup, cycle_kpi_id=cycle_kpi.pk
    )
    setup.targets[107] = "60件"  # changed, and still below 62件
    with pytest.raises(ValidationError) as refused:
        plan_kpi_save(
            actor=people["planning"], cycle=draft_cycle, setup=setup, cycle_kpi_id=cycle_kpi.pk
        )
    assert "須填寫理由" in refused_fields(refused)["reason"][0]
    setup = replace(setup, reason="新南向國家換約期")
    plan_kpi_save(
        actor=people["planning"], cycle=draft_cycle, setup=setup, cycle_kpi_id=cycle_kpi.pk
    )
    assert cycle_kpi.years.get(year=107).history.first().history_change_reason == "新南向國家換約期"  # type: ignore[union-attr]


def test_a_lower_is_better_target_above_the_actual_is_soft(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    cycle_kpi = cycle_kpi_named(draft_cycle, "機關於中程歲出概算")  # 107 actual 9.38%, lower
    setup = setup_of(cycle_kpi)
    setup.targets = {107: "5%", 108: "12%"}  # 5% is no softer than 11.96%; 12% is
    with pytest.raises(ValidationError) as refused:
        plan_kpi_save(
            actor=people["planning"], cycle=draft_cycle, setup=setup, cycle_kpi_id=cycle_kpi.pk
        )
    assert list(refused_fields(refused)) == ["reason"]
    setup.targets = {107: "5%", 108: "5%"}
    plan_kpi_save(
        actor=people["planning"], cycle=draft_cycle, setup=setup, cycle_kpi_id=cycle_kpi.pk
    )
    assert PlanTarget.objects.get(kpi=cycle_kpi.kpi, year=108).target_value == Decimal(5)


@pytest.mark.parametrize(
    "username", ["staff-asia", "head-asia", "minister", "reviewer", "accounting"]
)
def test_other_roles_are_refused(people, draft_cycle, username) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RoleRefused):
        plan_kpi_save(actor=people[username], cycle=draft_cycle, setup=new_setup(draft_cycle))
    with pytest.raises(RoleRefused):
        plan_goal_add(actor=people[username], cycle=draft_cycle, name="新目標")


def test_an_open_year_refuses_changes_to_its_plan(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    open_year(people["planning"], draft_cycle)
    with pytest.raises(StateRefused):
        plan_kpi_save(actor=people["planning"], cycle=draft_cycle, setup=new_setup(draft_cycle))


def test_a_goal_is_added_after_the_last(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    goal = plan_goal_add(actor=people["planning"], cycle=draft_cycle, name="強化數位外交")
    assert (goal.position, goal.label) == (8, "（八）")
    with pytest.raises(ValidationError):
        plan_goal_add(actor=people["planning"], cycle=draft_cycle, name="  ")


def test_the_next_year_takes_its_targets_from_the_plan(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    planning = people["planning"]
    planned = cycle_kpi_named(draft_cycle, CAPITAL)
    setup = setup_of(planned)
    setup.targets |= {108: "92%", 109: "93%"}
    plan_kpi_save(actor=planning, cycle=draft_cycle, setup=setup, cycle_kpi_id=planned.pk)
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    draft_cycle.refresh_from_db()
    following = cycle_create_next(actor=planning, previous=draft_cycle, year=108)
    columns = KpiYear.objects.filter(cycle_kpi__cycle=following, year=108)
    assert columns.get(cycle_kpi__kpi=planned.kpi).target_text == "92%"  # the plan's
    other = columns.get(cycle_kpi__kpi__name__startswith=AGREEMENTS)
    assert other.target_text == "59件"  # no plan: carried over as before
    assert setup_of(following.cycle_kpis.get(kpi=planned.kpi)).targets[109] == "93%"


def test_the_entry_form_door_asks_the_same_reason_for_a_soft_target(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    from govperf.evaluation.entry_save import Entry, kpi_year_enter

    year = cycle_kpi_named(draft_cycle, AGREEMENTS).years.get(year=107)
    typed = Entry(version=year.version, actual_text=year.actual_text, target_text="60件")
    typed.missed_reason = "x"
    with pytest.raises(ValidationError) as refused:
        kpi_year_enter(actor=people["planning"], kpi_year_id=year.pk, entry=typed)
    assert "低於106年度實際值 62件" in refused_fields(refused)["reason"][0]
    kpi_year_enter(actor=people["planning"], kpi_year_id=year.pk, entry=typed, reason="換約期")
    year.refresh_from_db()
    assert year.target_text == "60件"


def test_the_command_door_sets_a_plan_year_through_the_same_service(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import CommandError, call_command

    name = cycle_kpi_named(draft_cycle, AGREEMENTS).kpi.name
    args = ["plan-target".replace("-", "_"), "--agency", "外交部", "--cycle", "107"]
    args += ["--kpi", name, "--year", "109", "--target", "61件", "--user", "planning"]
    with pytest.raises(CommandError, match="須填寫理由"):  # below 107's actual 63件
        call_command(*args)
    call_command(*args, "--reason", "換約期")
    assert PlanTarget.objects.get(kpi__name=name, year=109).target_text == "61件"
    with pytest.raises(CommandError, match="只能由"):
        call_command(*args[:-1], "staff-asia", "--reason", "x")
