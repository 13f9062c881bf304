"""The API's JSON shapes of the plan (中程計畫): its KPIs as the plan page shows them, a set-up."""

# No `from __future__ import annotations`: ninja reads these schemas' annotations at runtime.

from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from govperf.api.schemas import FieldErrors, LongText, Printed, Reason, Storable
from govperf.domain.achievement import Direction, Kind
from govperf.evaluation.plan import NAME_MAX_LENGTH

Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
Name = Annotated[Storable, Field(max_length=NAME_MAX_LENGTH)]
TierChoice = Literal["executive", "agency"]  # 院管, 部會管


class PlanTargetOut(Schema):
    year: int  # ROC year: the cycle's own, then the four coming years
    target: str  # as typed, e.g. `65%`; "" where none is set


class PlanKpiOut(Schema):
    id: int  # the cycle KPI's id: the address of its set-up
    label: str
    name: str
    unit_id: int | None
    unit: str | None
    kind: str
    kind_label: str
    direction: str
    direction_label: str
    tier: str  # executive (院管), agency (部會管), or "" before it is set up
    tier_label: str
    measurement_standard: str
    formula: str
    criteria_count: int | None
    sub_measures: list[str]  # 名稱：目標值, as the set-up form lists them
    targets: list[PlanTargetOut]


class PlanGoalOut(Schema):
    id: int
    label: str
    name: str
    kpis: list[PlanKpiOut]


class PlanOut(Schema):
    """A cycle's plan: its goals and KPIs, the plan years, and whether the caller may change it
    now (`lock_notice`: why not, when their role may in another state)."""

    cycle_id: int
    years: list[int]
    editable: bool
    lock_notice: str
    goals: list[PlanGoalOut]


class SubMeasureIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Name
    target: Printed  # the cycle's year's target, e.g. `120人`


class PlanKpiIn(Schema):
    """A KPI's set-up as the plan page's form takes it. For a change, a field left out keeps
    what is stored; `targets` by ROC year, "" clears a coming year's target."""

    model_config = ConfigDict(extra="forbid")

    goal_id: Id | None = None
    name: Name | None = None  # a new KPI's only: a KPI keeps its name across the years
    unit_id: Id | None = None
    kind: Kind | None = None
    direction: Direction | None = None
    tier: TierChoice | None = None
    measurement_standard: LongText | None = None
    formula: LongText | None = None  # a formula KPI's, e.g. （甲＋乙）÷（丙）×100％
    criteria_count: Annotated[int, Field(ge=1, le=9999)] | None = None  # criteria_met KPIs'
    sub_measures: list[SubMeasureIn] | None = None  # sub_measures KPIs'
    targets: dict[int, Printed] = {}
    reason: Reason = ""  # required when a changed target is below the actual before it


class PlanErrors(FieldErrors):
    """A refused set-up: the problems by field, and any target below the actual before it."""

    soft_targets: list[str] = []  # absent when the body itself is off its schema
