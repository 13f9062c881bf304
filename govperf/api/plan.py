"""API: a cycle's plan (中程計畫) as its page shows it, and a KPI set up or changed through the
page's service (`evaluation.plan_save.plan_kpi_save`), with the same policy and checks."""

# No `from __future__ import annotations`: ninja reads the operations' annotations at runtime
# through the access wrapper, whose module globals do not hold these schemas.

from dataclasses import replace

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop
from ninja import Router, Status
from ninja.errors import HttpError

from govperf.api.access import api_access
from govperf.api.actions import signed_in
from govperf.api.cycles import REFUSALS
from govperf.api.plan_schemas import (
    PlanErrors,
    PlanGoalOut,
    PlanKpiIn,
    PlanKpiOut,
    PlanOut,
    PlanTargetOut,
)
from govperf.api.schemas import WRITE_ERRORS, Refusal
from govperf.api.scope import cycle_get
from govperf.domain.policy import Area
from govperf.evaluation.models import Cycle, CycleKpi
from govperf.evaluation.plan import KpiSetup, plan_check, plan_years, setup_of
from govperf.evaluation.plan_forms import DIRECTION_LABELS, TIER_LABELS, kind_label
from govperf.evaluation.plan_save import plan_kpi_save
from govperf.evaluation.plan_selectors import PlanRow, plan_rows
from govperf.evaluation.policy import StateRefused, lock_notice, may_change, role_check

router = Router(tags=["plan"])
PLAN_REFUSALS = {**REFUSALS, **WRITE_ERRORS, 404: Refusal, 409: Refusal, 422: PlanErrors}
# The service names fields as the plan page's form does; the API answers in its body's names.
FIELD_NAMES = {"goal": "goal_id", "unit": "unit_id"}
NOT_A_PLAN_YEAR = gettext_noop("%(year)s 不是本計畫的年度；可設定：%(years)s。")
NO_KPI = gettext_noop("找不到本年度的這個指標。")


def plan_role_check(user: AbstractBaseUser, cycle: Cycle) -> None:
    """403 unless the caller's roles may change the plan in some state, as the page asks."""
    try:
        role_check(user=user, area=Area.PLAN, cycle=cycle)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error


def plan_kpi_out(row: PlanRow) -> PlanKpiOut:
    cycle_kpi, column = row.cycle_kpi, row.column
    subs = column.sub_measures.all() if column.pk else []
    return PlanKpiOut(
        id=cycle_kpi.pk,
        label=cycle_kpi.label,
        name=cycle_kpi.kpi.name,
        unit_id=cycle_kpi.unit_id,
        unit=cycle_kpi.unit.name if cycle_kpi.unit else None,
        kind=column.kind,
        kind_label=kind_label(column.kind),
        direction=column.direction,
        direction_label=str(DIRECTION_LABELS.get(column.direction, column.direction)),  # type: ignore[call-overload]
        tier=column.tier,
        tier_label=str(TIER_LABELS.get(column.tier, "—")),  # type: ignore[call-overload]
        measurement_standard=column.measurement_standard,
        formula=column.formula,
        criteria_count=column.criteria_count,
        sub_measures=[f"{sub.name}：{sub.target_text}" for sub in subs],
        targets=[PlanTargetOut(year=year, target=text) for year, text in row.targets.items()],
    )


def plan_out(user: AbstractBaseUser, cycle: Cycle) -> PlanOut:
    rows = plan_rows(cycle=cycle)
    goals = [
        PlanGoalOut(
            id=goal.pk,
            label=goal.label,
            name=goal.name,
            kpis=[plan_kpi_out(row) for row in rows if row.cycle_kpi.goal_id == goal.pk],
        )
        for goal in cycle.goals.order_by("position")
    ]
    return PlanOut(
        cycle_id=cycle.pk,
        years=plan_years(cycle),
        editable=may_change(user=user, area=Area.PLAN, cycle=cycle),
        lock_notice=lock_notice(user=user, area=Area.PLAN, cycle=cycle),
        goals=goals,
    )


@router.get(
    "/cycles/{cycle_id}/plan",
    response={200: PlanOut, **REFUSALS},
    summary="評估年度的計畫：目標、指標設定與本年度及以後年度目標值（研考單位）",
)
@api_access("plan.edit")
def cycle_plan(request: HttpRequest, cycle_id: int) -> PlanOut:
    actor = signed_in(request)
    cycle = cycle_get(user=actor, cycle_id=cycle_id)
    plan_role_check(actor, cycle)
    return plan_out(actor, cycle)


def field_name(name: str) -> str:
    """The body's name for a field named as in the plan form: `target_109` → `targets.109`."""
    if name.startswith("target_"):
        return f"targets.{name.removeprefix('target_')}"
    return FIELD_NAMES.get(name, name)


def year_errors(cycle: Cycle, typed: PlanKpiIn) -> dict[str, list[str]]:
    """Targets typed for years the plan does not set (it sets the cycle's and the next four)."""
    years = plan_years(cycle)
    listed = "、".join(str(year) for year in years)
    message = gettext(NOT_A_PLAN_YEAR)
    return {
        f"targets.{year}": [message % {"year": year, "years": listed}]
        for year in typed.targets
        if year not in years
    }


def setup_typed(typed: PlanKpiIn, stored: KpiSetup | None) -> KpiSetup:
    """The page form's whole set-up: what the body typed over what is stored (none for new)."""
    base = stored or KpiSetup(goal_id=None, name="", unit_id=None, kind="", direction="", tier="")
    given = typed.model_dump(exclude_unset=True, exclude={"targets", "sub_measures", "reason"})
    changes: dict[str, object] = {key: value for key, value in given.items() if value is not None}
    changes = {FIELD_NAMES.get(key, key): value for key, value in changes.items()}
    if "criteria_count" in changes:
        changes["criteria_count"] = str(changes["criteria_count"])
    if typed.sub_measures is not None:
        changes["sub_measures"] = "\n".join(f"{s.name}：{s.target}" for s in typed.sub_measures)
    targets = dict(base.targets) | dict(typed.targets)
    return replace(base, **changes, targets=targets, reason=typed.reason)  # type: ignore[arg-type]


def plan_errors(error: ValidationError, soft: list[str]) -> PlanErrors:
    by_field = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    errors = {field_name(name): list(messages) for name, messages in by_field.items()}
    return PlanErrors(detail="；".join(error.messages), errors=errors, soft_targets=soft)


def plan_write(
    actor: AbstractBaseUser, cycle: Cycle, typed: PlanKpiIn, cycle_kpi: CycleKpi | None
) -> PlanKpiOut | Status[PlanErrors]:
    """Save through `plan_kpi_save`: 403 for a role that may never, 409 not in this state,
    422 with the problems by field (and the soft targets a reason must answer)."""
    refused = year_errors(cycle, typed)
    if refused:
        return Status(422, plan_errors(ValidationError(refused), []))
    setup = setup_typed(typed, setup_of(cycle_kpi) if cycle_kpi else None)
    kpi_id = cycle_kpi.pk if cycle_kpi else None
    try:
        saved = plan_kpi_save(actor=actor, cycle=cycle, setup=setup, cycle_kpi_id=kpi_id)
    except PermissionDenied as error:  # RoleRefused: the role may never change the plan
        raise HttpError(403, str(error)) from error
    except StateRefused as error:  # the role may, but not in the cycle's present state
        raise HttpError(409, error.text) from error
    except ValidationError as error:
        _accepted, _errors, soft = plan_check(cycle=cycle, setup=setup, cycle_kpi=cycle_kpi)
        return Status(422, plan_errors(error, [item.message for item in soft]))
    return next(plan_kpi_out(row) for row in plan_rows(cycle=cycle) if row.cycle_kpi == saved)


@router.post(
    "/cycles/{cycle_id}/plan/kpis",
    response={201: PlanKpiOut, **PLAN_REFUSALS},
    summary="在評估年度的計畫新增指標：類型、方向、層級、公式與各年度目標值（研考單位，籌備中）",
)
@api_access("plan.edit")
def plan_kpi_new(
    request: HttpRequest, cycle_id: int, typed: PlanKpiIn
) -> Status[PlanKpiOut] | Status[PlanErrors]:
    actor = signed_in(request)
    cycle = cycle_get(user=actor, cycle_id=cycle_id)
    answer = plan_write(actor, cycle, typed, None)
    return answer if isinstance(answer, Status) else Status(201, answer)


@router.patch(
    "/cycles/{cycle_id}/plan/kpis/{cycle_kpi_id}",
    response={200: PlanKpiOut, **PLAN_REFUSALS},
    summary="變更指標的計畫設定與以後年度目標值；未送的欄位維持原值（研考單位，籌備中）",
)
@api_access("plan.edit")
def plan_kpi_change(
    request: HttpRequest, cycle_id: int, cycle_kpi_id: int, typed: PlanKpiIn
) -> PlanKpiOut | Status[PlanErrors]:
    actor = signed_in(request)
    cycle = cycle_get(user=actor, cycle_id=cycle_id)
    cycle_kpi = cycle.cycle_kpis.select_related("kpi", "cycle").filter(pk=cycle_kpi_id).first()
    if cycle_kpi is None:
        raise HttpError(404, gettext(NO_KPI))
    return plan_write(actor, cycle, typed, cycle_kpi)
