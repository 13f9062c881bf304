"""Who may change what, and when: one table of area × cycle state × role, with its refusals.

Every write service asks `decide` before it writes, whatever the door (web form, XLSX upload,
API, command, admin). The cycle's and submissions' own states move only through the workflow
tables of `workflow.py`; this table covers every record those states govern.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from govperf.domain.workflow import (
    CYCLE,
    CYCLE_IN_UNIT_RESPONSE,
    CYCLE_OPEN,
    ROLE_LABELS_EN,
    SUBMISSION,
    CycleState,
    Role,
    SubmissionState,
    Transition,
    allowed_actions,
    state_label_en,
)


class Area(StrEnum):
    """A kind of record whose changes the cycle's state governs."""

    KPI_VALUES = "kpi_values"  # the cycle's own year: actuals, sub-measures, inputs, narrative
    EARLIER_COLUMNS = "earlier_columns"  # earlier years' columns, as an earlier report printed
    TARGETS = "targets"  # targets and light bands: the plan of the year
    PLAN = "plan"  # goals, KPIs and their rules, targets of the coming years (中程計畫)
    REVISION_REQUESTS = "revision_requests"  # 目標值修正 asked for
    REVISION_DECISIONS = "revision_decisions"  # 目標值修正 approved or rejected
    LIGHTS = "lights"  # 初評燈號 and the planning office's comments
    RE_REVIEW = "re_review"  # 複核 of executive-tier (院管) KPIs
    RESPONSES = "responses"  # a unit's agreement or dispute on a KPI's initial light
    BUDGET = "budget"
    HEADCOUNT = "headcount"
    PROGRAM_COSTS = "program_costs"
    CHAPTERS = "chapters"  # the report's narrative text
    CHAPTER_OWNERS = "chapter_owners"
    RECOMMENDATIONS = "recommendations"  # answers to last year's recommendations
    RECOMMENDATION_UNITS = "recommendation_units"
    EVIDENCE = "evidence"
    DEADLINES = "deadlines"
    CYCLE_STATE = "cycle_state"  # moved only by the workflow table CYCLE
    SUBMISSION_STATE = "submission_state"  # moved only by the workflow table SUBMISSION

    @property
    def label_zh(self) -> str:
        return AREA_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return AREA_LABELS[self][1]


AREA_LABELS: dict[Area, tuple[str, str]] = {
    Area.KPI_VALUES: ("本年度指標的實際值與說明", "this year's KPI values and narrative"),
    Area.EARLIER_COLUMNS: ("以前年度的欄位", "earlier years' columns"),
    Area.TARGETS: ("目標值與燈號標準", "targets and light bands"),
    Area.PLAN: (
        "年度目標、指標設定與以後年度目標值",
        "the goals, KPI set-up and coming years' targets",
    ),
    Area.REVISION_REQUESTS: ("目標值修正申請", "target revision requests"),
    Area.REVISION_DECISIONS: ("目標值修正的核定", "decisions on target revisions"),
    Area.LIGHTS: ("初評燈號與評語", "initial lights and comments"),
    Area.RE_REVIEW: ("複核燈號", "re-review lights"),
    Area.RESPONSES: ("對初評燈號的回應", "responses to initial lights"),
    Area.BUDGET: ("預算與決算表", "the budget and final accounts"),
    Area.HEADCOUNT: ("員額表", "the headcount table"),
    Area.PROGRAM_COSTS: ("計畫成本表", "the program costs"),
    Area.CHAPTERS: ("報告章節內容", "the report's chapters"),
    Area.CHAPTER_OWNERS: ("章節負責單位", "chapter owners"),
    Area.RECOMMENDATIONS: ("審查意見辦理情形", "answers to recommendations"),
    Area.RECOMMENDATION_UNITS: ("審查意見辦理單位", "units answering recommendations"),
    Area.EVIDENCE: ("佐證資料", "evidence files"),
    Area.DEADLINES: ("各階段期限", "deadlines"),
    Area.CYCLE_STATE: ("年度流程狀態", "the year's workflow state"),
    Area.SUBMISSION_STATE: ("單位填報狀態", "a unit's submission state"),
}


@dataclass(frozen=True)
class Grant:
    """`roles` may change the area in `states`; `while_unit_draft`: only while the unit's own
    submission is still a draft (submitted work changes after the unit head returns it)."""

    roles: frozenset[Role]
    states: frozenset[CycleState]
    while_unit_draft: bool = False


_C, _R = CycleState, Role
# Before the head's approval, and in a correction: what is signed does not move.
BEFORE_APPROVAL = frozenset(
    {_C.DRAFT, _C.OPEN, _C.INITIAL_REVIEW, _C.UNIT_RESPONSE, _C.REVISION, _C.CORRECTION}
)
_AFTER_OPENING = BEFORE_APPROVAL - {_C.DRAFT}
_LIGHT_STATES = frozenset({_C.INITIAL_REVIEW, _C.REVISION, _C.CORRECTION})


def _grant(states: Iterable[CycleState], *roles: Role, while_unit_draft: bool = False) -> Grant:
    return Grant(frozenset(roles), frozenset(states), while_unit_draft)


_UNIT_ENTRY = _grant({_C.OPEN}, _R.UNIT_STAFF, while_unit_draft=True)
_PLANNING = _grant(BEFORE_APPROVAL, _R.PLANNING)

POLICY: dict[Area, tuple[Grant, ...]] = {
    Area.KPI_VALUES: (_PLANNING, _UNIT_ENTRY),
    Area.EARLIER_COLUMNS: (),
    Area.TARGETS: (_grant({_C.DRAFT}, _R.PLANNING),),
    Area.PLAN: (_grant({_C.DRAFT}, _R.PLANNING),),
    Area.REVISION_REQUESTS: (_grant(_AFTER_OPENING, _R.PLANNING, _R.UNIT_STAFF),),
    Area.REVISION_DECISIONS: (_grant(_AFTER_OPENING, _R.PLANNING),),
    Area.LIGHTS: (_grant(_LIGHT_STATES, _R.PLANNING),),
    Area.RE_REVIEW: (_grant({_C.REVISION, _C.CORRECTION}, _R.REVIEWER),),
    Area.RESPONSES: (_grant({_C.UNIT_RESPONSE}, _R.UNIT_STAFF, _R.UNIT_HEAD),),
    Area.BUDGET: (_grant(BEFORE_APPROVAL, _R.ACCOUNTING),),
    Area.HEADCOUNT: (_grant(BEFORE_APPROVAL, _R.PERSONNEL),),
    Area.PROGRAM_COSTS: (_grant(BEFORE_APPROVAL, _R.ACCOUNTING),),
    Area.CHAPTERS: (_grant(BEFORE_APPROVAL, _R.PLANNING, _R.UNIT_STAFF, _R.UNIT_HEAD),),
    Area.CHAPTER_OWNERS: (_PLANNING,),
    Area.RECOMMENDATIONS: (_grant(BEFORE_APPROVAL, _R.PLANNING, _R.UNIT_STAFF),),
    Area.RECOMMENDATION_UNITS: (_PLANNING,),
    Area.EVIDENCE: (_PLANNING, _UNIT_ENTRY),
    Area.DEADLINES: (_grant(BEFORE_APPROVAL - {_C.CORRECTION}, _R.PLANNING),),
}
WORKFLOW_AREAS: dict[Area, tuple[Transition, ...]] = {
    Area.CYCLE_STATE: CYCLE,
    Area.SUBMISSION_STATE: SUBMISSION,
}


@dataclass(frozen=True)
class Refusal:
    """Why a change is refused, in both of the interface's languages."""

    zh: str
    en: str

    def text(self, language: str | None) -> str:
        return self.en if (language or "").lower().startswith("en") else self.zh


PUBLISHED = Refusal(
    "本年度已公告，資料已鎖定；如需更正，請由研考單位啟動更正。",
    "This year is published and locked; to change it, the planning office starts a correction.",
)
SIGNED = Refusal(
    "本年度已陳報機關首長核定，內容不再變動；須經首長退回修正或啟動更正後才能修改。",
    "This year is with the agency head for approval or approved; nothing changes until the"
    " head returns it or a correction starts.",
)
EARLIER = Refusal(
    "以前年度的欄位依前一年度報告所公告，在本年度唯讀。",
    "Earlier years' columns are as the earlier report published them; they are read-only here.",
)
SIGN_IN = Refusal("請先登入。", "Please sign in first.")


def decide(
    area: Area,
    state: CycleState | str,
    roles: Iterable[Role],
    *,
    unit_submission: SubmissionState | str | None = None,
) -> Refusal | None:
    """None when `roles` may change `area` while the cycle is in `state`, else the refusal.

    `unit_submission` is the state of the acting unit's own submission, for grants that hold
    only while it is a draft."""
    state, held = CycleState(state), frozenset(roles)
    if area in WORKFLOW_AREAS:
        return _workflow_decide(area, state, held)
    grants = POLICY[area]
    if not grants:
        return EARLIER
    for grant in grants:
        if state in grant.states and grant.roles & held:
            if not grant.while_unit_draft or unit_submission in (None, SubmissionState.DRAFT):
                return None
            return _submitted(SubmissionState(unit_submission))
    return _refusal(area, state, held, grants)


def granted(area: Area, roles: Iterable[Role]) -> bool:
    """Whether any of `roles` may change `area` in some state (who may, whatever the state)."""
    held = frozenset(roles)
    if area in WORKFLOW_AREAS:
        return any(row.roles & held for row in WORKFLOW_AREAS[area])
    return any(grant.roles & held for grant in POLICY[area])


def held_to_unit_draft(area: Area) -> bool:
    """Whether some grant of `area` holds only while the unit's own submission is a draft."""
    return any(grant.while_unit_draft for grant in POLICY.get(area, ()))


def _refusal(
    area: Area, state: CycleState, held: frozenset[Role], grants: tuple[Grant, ...]
) -> Refusal:
    mine = [grant for grant in grants if grant.roles & held]
    if not mine:
        roles = {role for grant in grants for role in grant.roles}
        return Refusal(
            f"{area.label_zh}只能由{_roles_zh(roles)}修改。",
            f"Only the {_roles_en(roles)} may change {area.label_en}.",
        )
    if state == _C.PUBLISHED:
        return PUBLISHED
    if state in (_C.APPROVAL, _C.APPROVED):
        return SIGNED
    states = [s for s in CycleState if any(s in grant.states for grant in mine)]
    return Refusal(
        f"本年度目前為『{state.label_zh}』，不能修改{area.label_zh}；"
        f"可修改的階段：{'、'.join(f'『{s.label_zh}』' for s in states)}。",
        f"This year is now “{state_label_en(state)}”; {area.label_en} can be changed only"
        f" in: {', '.join(f'“{state_label_en(s)}”' for s in states)}.",
    )


def _submitted(submission: SubmissionState) -> Refusal:
    return Refusal(
        f"本單位的填報已是『{submission.label_zh}』，須經單位主管退回後才能修改。",
        f"Your unit's submission is “{state_label_en(submission)}”; it changes only"
        " after the unit head returns it.",
    )


# The cycle states in which a submission's guards hold.
GUARD_STATES = {CYCLE_OPEN: _C.OPEN, CYCLE_IN_UNIT_RESPONSE: _C.UNIT_RESPONSE}


def _workflow_decide(area: Area, state: CycleState, held: frozenset[Role]) -> Refusal | None:
    """A state changes only through its workflow table: whether any step is open to `held`."""
    table = WORKFLOW_AREAS[area]
    if area == Area.CYCLE_STATE:
        open_now = bool(allowed_actions(table, state, held))
    else:
        open_now = any(
            row.roles & held and all(GUARD_STATES.get(g, state) == state for g in row.guards)
            for row in table
        )
    if open_now:
        return None
    if state == _C.PUBLISHED and area == Area.CYCLE_STATE:
        return PUBLISHED
    return Refusal(
        f"{area.label_zh}只能依流程表的動作變更；目前沒有您可執行的動作。",
        f"{area.label_en.capitalize()} changes only by the workflow's steps; none is open to"
        " you now.",
    )


def _roles_zh(roles: Iterable[Role]) -> str:
    held = set(roles)
    return "或".join(f"『{role.label_zh}』" for role in Role if role in held)


def _roles_en(roles: Iterable[Role]) -> str:
    held = set(roles)
    return " or ".join(ROLE_LABELS_EN[role].lower() for role in Role if role in held)


def table_markdown() -> str:
    """The table as docs/policy.md prints it: one row per area, one column per state, the roles
    that may change the area in that state (workflow areas: the roles with a step open)."""
    states = list(CycleState)
    lines = [
        "| area | " + " | ".join(state.label_zh for state in states) + " |",
        "|---|" + "---|" * len(states),
    ]
    for area in Area:
        cells = []
        for state in states:
            roles = [role for role in Role if decide(area, state, {role}) is None]
            cells.append("、".join(role.label_zh for role in roles) or "—")
        lines.append(f"| {area.label_zh} (`{area.value}`) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
