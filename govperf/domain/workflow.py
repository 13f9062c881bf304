"""The workflows as tables (state, action) → (who may, next state), and who may do what besides."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Who a user acts as; a user may hold several roles."""

    UNIT_STAFF = "unit_staff"
    UNIT_HEAD = "unit_head"
    ACCOUNTING = "accounting"
    PERSONNEL = "personnel"
    PLANNING = "planning"
    AGENCY_HEAD = "agency_head"
    REVIEWER = "reviewer"
    ADMINISTRATOR = "administrator"
    PUBLIC = "public"  # anyone not signed in: takes part in no workflow, reads what is published

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS_ZH[self]


ROLE_LABELS_ZH = {
    Role.UNIT_STAFF: "業務單位承辦人",
    Role.UNIT_HEAD: "單位主管",
    Role.ACCOUNTING: "會計單位",
    Role.PERSONNEL: "人事單位",
    Role.PLANNING: "研考單位",
    Role.AGENCY_HEAD: "機關首長",
    Role.REVIEWER: "行政院/國發會",
    Role.ADMINISTRATOR: "系統管理者",
    Role.PUBLIC: "一般民眾",
}


class CycleState(StrEnum):
    """Where an agency's yearly self-assessment stands."""

    DRAFT = "draft"
    OPEN = "open"
    INITIAL_REVIEW = "initial_review"
    UNIT_RESPONSE = "unit_response"
    REVISION = "revision"
    APPROVAL = "approval"
    APPROVED = "approved"  # 核定 and 公告 are separate steps: 公告日期 is its own fact
    PUBLISHED = "published"
    CORRECTION = "correction"  # a published cycle being corrected; publishing it adds a version

    @property
    def label_zh(self) -> str:
        return CYCLE_STATE_LABELS_ZH[self]


CYCLE_STATE_LABELS_ZH = {
    CycleState.DRAFT: "籌備中",
    CycleState.OPEN: "填報中",
    CycleState.INITIAL_REVIEW: "初核中",
    CycleState.UNIT_RESPONSE: "單位回應中",
    CycleState.REVISION: "研考修正中",
    CycleState.APPROVAL: "陳核中",
    CycleState.APPROVED: "已核定",
    CycleState.PUBLISHED: "已公告",
    CycleState.CORRECTION: "更正中",
}


class CycleAction(StrEnum):
    """What moves the yearly cycle on."""

    OPEN_YEAR = "open_year"
    CLOSE_ENTRY = "close_entry"
    SEND_INITIAL_LIGHTS = "send_initial_lights"
    CLOSE_RESPONSES = "close_responses"
    SUBMIT_FOR_APPROVAL = "submit_for_approval"
    APPROVE = "approve"
    RETURN_FOR_REVISION = "return_for_revision"
    PUBLISH = "publish"  # the service records 公告日期
    START_CORRECTION = "start_correction"  # unlocks a published cycle; the reason is kept
    PUBLISH_CORRECTION = "publish_correction"  # the service stores a new published version

    @property
    def label_zh(self) -> str:
        return CYCLE_ACTION_LABELS_ZH[self]


CYCLE_ACTION_LABELS_ZH = {
    CycleAction.OPEN_YEAR: "開始填報",
    CycleAction.CLOSE_ENTRY: "截止填報",
    CycleAction.SEND_INITIAL_LIGHTS: "送出初評燈號",
    CycleAction.CLOSE_RESPONSES: "截止單位回應",
    CycleAction.SUBMIT_FOR_APPROVAL: "簽報核定",
    CycleAction.APPROVE: "核定",
    CycleAction.RETURN_FOR_REVISION: "退回修正",
    CycleAction.PUBLISH: "公告",
    CycleAction.START_CORRECTION: "啟動更正",
    CycleAction.PUBLISH_CORRECTION: "公告更正版",
}


class SubmissionState(StrEnum):
    """Where one unit's submission of its KPI-years stands within a cycle."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    SIGNED_OFF = "signed_off"
    AGREED = "agreed"
    DISPUTED = "disputed"

    @property
    def label_zh(self) -> str:
        return SUBMISSION_STATE_LABELS_ZH[self]


SUBMISSION_STATE_LABELS_ZH = {
    SubmissionState.DRAFT: "草稿",
    SubmissionState.SUBMITTED: "待主管簽核",
    SubmissionState.SIGNED_OFF: "主管已簽核",
    SubmissionState.AGREED: "已同意初評",
    SubmissionState.DISPUTED: "對初評有異議",
}


class SubmissionAction(StrEnum):
    """What a unit does with its submission."""

    SUBMIT = "submit"
    SIGN_OFF = "sign_off"
    RETURN = "return"
    AGREE = "agree"
    DISPUTE = "dispute"

    @property
    def label_zh(self) -> str:
        return SUBMISSION_ACTION_LABELS_ZH[self]


SUBMISSION_ACTION_LABELS_ZH = {
    SubmissionAction.SUBMIT: "送出",
    SubmissionAction.SIGN_OFF: "主管簽核",
    SubmissionAction.RETURN: "退回承辦人",
    SubmissionAction.AGREE: "同意初評",
    SubmissionAction.DISPUTE: "提出異議",
}

# The same labels in English, as the interface's catalogs have them (a test keeps them equal).
CYCLE_STATE_LABELS_EN = {
    CycleState.DRAFT: "In preparation",
    CycleState.OPEN: "Units reporting",
    CycleState.INITIAL_REVIEW: "Initial review",
    CycleState.UNIT_RESPONSE: "Units responding",
    CycleState.REVISION: "Planning revision",
    CycleState.APPROVAL: "Awaiting approval",
    CycleState.APPROVED: "Approved",
    CycleState.PUBLISHED: "Published",
    CycleState.CORRECTION: "Being corrected",
}
# Apart from the cycle's: both enums have a "draft", which one dict would hold only once.
SUBMISSION_STATE_LABELS_EN = {
    SubmissionState.DRAFT: "Draft",
    SubmissionState.SUBMITTED: "Awaiting unit head",
    SubmissionState.SIGNED_OFF: "Signed off",
    SubmissionState.AGREED: "Agreed with initial lights",
    SubmissionState.DISPUTED: "Disputed initial lights",
}
ROLE_LABELS_EN = {
    Role.UNIT_STAFF: "Unit staff",
    Role.UNIT_HEAD: "Unit head",
    Role.ACCOUNTING: "Accounting office",
    Role.PERSONNEL: "Personnel office",
    Role.PLANNING: "Planning office",
    Role.AGENCY_HEAD: "Agency head",
    Role.REVIEWER: "Executive Yuan / NDC reviewer",
    Role.ADMINISTRATOR: "Administrator",
    Role.PUBLIC: "Public",
}
ACTION_LABELS_EN = {
    CycleAction.OPEN_YEAR: "Open the year",
    CycleAction.CLOSE_ENTRY: "Close reporting",
    CycleAction.SEND_INITIAL_LIGHTS: "Send initial lights",
    CycleAction.CLOSE_RESPONSES: "Close unit responses",
    CycleAction.SUBMIT_FOR_APPROVAL: "Submit for approval",
    CycleAction.APPROVE: "Approve",
    CycleAction.RETURN_FOR_REVISION: "Return for revision",
    CycleAction.PUBLISH: "Publish",
    CycleAction.START_CORRECTION: "Start a correction",
    CycleAction.PUBLISH_CORRECTION: "Publish the corrected version",
    SubmissionAction.SUBMIT: "Submit",
    SubmissionAction.SIGN_OFF: "Sign off",
    SubmissionAction.RETURN: "Return to staff",
    SubmissionAction.AGREE: "Agree",
    SubmissionAction.DISPUTE: "Dispute",
}

State = CycleState | SubmissionState
Action = CycleAction | SubmissionAction

# Guards are facts outside one state that the service checks before applying a transition.
ALL_UNITS_SIGNED_OFF = "all_units_signed_off"
CYCLE_OPEN = "cycle_open"
CYCLE_IN_UNIT_RESPONSE = "cycle_in_unit_response"
# Completeness (the service names what is missing): the unit's own-year KPI-years entered,
# every own-year KPI-year given an initial light, the layout's required chapters written.
ENTRIES_COMPLETE = "entries_complete"
LIGHTS_ASSIGNED = "lights_assigned"
CHAPTERS_WRITTEN = "chapters_written"
# A guard the actor may pass by confirming they go on with what is missing.
CONFIRMABLE_GUARDS = frozenset({ENTRIES_COMPLETE})
GUARD_LABELS_ZH = {
    ALL_UNITS_SIGNED_OFF: "尚有單位的填報未經主管簽核",
    CYCLE_OPEN: "本年度不在填報期間",
    CYCLE_IN_UNIT_RESPONSE: "本年度不在單位回應期間",
    ENTRIES_COMPLETE: "尚有指標未填報完整",
    LIGHTS_ASSIGNED: "尚有指標未核予初評燈號",
    CHAPTERS_WRITTEN: "尚有必要章節未撰寫",
}
GUARD_LABELS_EN = {
    ALL_UNITS_SIGNED_OFF: "Some units' submissions are not signed off by their head yet",
    CYCLE_OPEN: "This year is not open for reporting",
    CYCLE_IN_UNIT_RESPONSE: "This year is not in the unit response step",
    ENTRIES_COMPLETE: "Some KPIs are not fully entered",
    LIGHTS_ASSIGNED: "Some KPIs have no initial light",
    CHAPTERS_WRITTEN: "Some required chapters are not written",
}

# What a KPI-year of the cycle's own year may lack when its unit submits.
LACKS_ACTUAL = "actual"
LACKS_ANALYSIS = "analysis"
LACKS_MISSED_REASON = "missed_reason"
LACK_LABELS_ZH = {
    LACKS_ACTUAL: "實際值",
    LACKS_ANALYSIS: "績效衡量暨達成情形分析",
    LACKS_MISSED_REASON: "未達成原因分析暨因應策略",
}
LACK_LABELS_EN = {
    LACKS_ACTUAL: "actual value",
    LACKS_ANALYSIS: "performance analysis",
    LACKS_MISSED_REASON: "reason for missing the target and response",
}


def entry_lacks(
    *, actual_text: str, has_actual_value: bool, analysis: str, missed: bool, missed_reason: str
) -> tuple[str, ...]:
    """What a KPI-year's entry lacks: no actual (typed or parsed), no analysis written, or a
    missed target (達成度 below 100 %) without its reason. Blank text counts as not written."""
    lacks = []
    if not has_actual_value and not actual_text.strip():
        lacks.append(LACKS_ACTUAL)
    if not analysis.strip():
        lacks.append(LACKS_ANALYSIS)
    if missed and not missed_reason.strip():
        lacks.append(LACKS_MISSED_REASON)
    return tuple(lacks)


@dataclass(frozen=True)
class Transition:
    """One row of a workflow table: `action` takes `source` to `target` for any of `roles`."""

    action: Action
    source: State
    target: State
    roles: frozenset[Role]
    requires_reason: bool = False
    guards: tuple[str, ...] = ()


def _row(
    action: Action,
    source: State,
    target: State,
    *roles: Role,
    reason: bool = False,
    guards: tuple[str, ...] = (),
) -> Transition:
    return Transition(action, source, target, frozenset(roles), reason, guards)


_C, _CA, _S, _SA, _R = CycleState, CycleAction, SubmissionState, SubmissionAction, Role

CYCLE: tuple[Transition, ...] = (
    _row(_CA.OPEN_YEAR, _C.DRAFT, _C.OPEN, _R.PLANNING),
    _row(_CA.CLOSE_ENTRY, _C.OPEN, _C.INITIAL_REVIEW, _R.PLANNING, guards=(ALL_UNITS_SIGNED_OFF,)),
    _row(
        _CA.SEND_INITIAL_LIGHTS,
        _C.INITIAL_REVIEW,
        _C.UNIT_RESPONSE,
        _R.PLANNING,
        guards=(LIGHTS_ASSIGNED,),
    ),
    _row(_CA.CLOSE_RESPONSES, _C.UNIT_RESPONSE, _C.REVISION, _R.PLANNING),
    _row(
        _CA.SUBMIT_FOR_APPROVAL, _C.REVISION, _C.APPROVAL, _R.PLANNING, guards=(CHAPTERS_WRITTEN,)
    ),
    _row(_CA.APPROVE, _C.APPROVAL, _C.APPROVED, _R.AGENCY_HEAD),
    _row(_CA.RETURN_FOR_REVISION, _C.APPROVAL, _C.REVISION, _R.AGENCY_HEAD, reason=True),
    _row(
        _CA.PUBLISH,
        _C.APPROVED,
        _C.PUBLISHED,
        _R.PLANNING,
        _R.ADMINISTRATOR,
        guards=(CHAPTERS_WRITTEN,),
    ),
    _row(_CA.START_CORRECTION, _C.PUBLISHED, _C.CORRECTION, _R.PLANNING, reason=True),
    _row(
        _CA.PUBLISH_CORRECTION,
        _C.CORRECTION,
        _C.PUBLISHED,
        _R.PLANNING,
        reason=True,
        guards=(CHAPTERS_WRITTEN,),
    ),
)
CYCLE_START = CycleState.DRAFT

_UNIT = (_R.UNIT_STAFF, _R.UNIT_HEAD)
SUBMISSION: tuple[Transition, ...] = (
    _row(_SA.SUBMIT, _S.DRAFT, _S.SUBMITTED, _R.UNIT_STAFF, guards=(CYCLE_OPEN, ENTRIES_COMPLETE)),
    _row(_SA.SIGN_OFF, _S.SUBMITTED, _S.SIGNED_OFF, _R.UNIT_HEAD, guards=(CYCLE_OPEN,)),
    _row(_SA.RETURN, _S.SUBMITTED, _S.DRAFT, _R.UNIT_HEAD, reason=True, guards=(CYCLE_OPEN,)),
    _row(_SA.AGREE, _S.SIGNED_OFF, _S.AGREED, *_UNIT, guards=(CYCLE_IN_UNIT_RESPONSE,)),
    _row(
        _SA.DISPUTE,
        _S.SIGNED_OFF,
        _S.DISPUTED,
        *_UNIT,
        reason=True,
        guards=(CYCLE_IN_UNIT_RESPONSE,),
    ),
)
SUBMISSION_START = SubmissionState.DRAFT


def state_label_en(state: State) -> str:
    """A cycle's or a submission's state in English."""
    if isinstance(state, SubmissionState):
        return SUBMISSION_STATE_LABELS_EN[state]
    return CYCLE_STATE_LABELS_EN[state]


class WorkflowError(ValueError):
    """An action refused: wrong state, a role that may not, or a reason left out; in both of
    the interface's languages (`str()` is the Chinese)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en

    def text(self, language: str | None) -> str:
        return self.en if (language or "").lower().startswith("en") else self.zh


def states(table: Iterable[Transition]) -> set[State]:
    """Every state a table names, as source or target."""
    return {state for row in table for state in (row.source, row.target)}


def allowed_actions(
    table: Iterable[Transition], state: str, roles: Iterable[Role]
) -> list[Transition]:
    """The transitions out of `state` that any of `roles` may take, in table order."""
    held = frozenset(roles)
    return [row for row in table if row.source == state and row.roles & held]


def find_transition(
    table: Iterable[Transition],
    state: str,
    action: str,
    roles: Iterable[Role],
    reason: str | None = None,
) -> Transition:
    """The row `roles` may take for `action` from `state`; the service then checks its guards."""
    table = tuple(table)
    rows = [row for row in table if row.action == action]
    if not rows:
        raise WorkflowError(f"此流程沒有「{action}」這個動作", f"This workflow has no “{action}”.")
    step = rows[0].action
    label, label_en = step.label_zh, ACTION_LABELS_EN[step]
    from_here = [row for row in rows if row.source == state]
    if not from_here:
        sources, doers = [row.source for row in rows], [r for row in rows for r in row.roles]
        here = _state_of(table, state)
        here_zh, here_en = (here.label_zh, state_label_en(here)) if here else (state, state)
        raise WorkflowError(
            f"目前狀態『{here_zh}』不能執行『{label}』；"
            f"此動作只能在{_states_zh(sources)}由{_roles_zh(doers)}執行",
            f"“{label_en}” cannot be taken in the state “{here_en}”;"
            f" only in {_states_en(sources)}, by {_roles_en(doers)}.",
        )
    held = frozenset(roles)
    permitted = [row for row in from_here if row.roles & held]
    if not permitted:
        allowed = [role for row in from_here for role in row.roles]
        raise WorkflowError(
            f"{_roles_zh(held) if held else '未具任何角色者'}不能執行『{label}』；"
            f"此動作只能由{_roles_zh(allowed)}執行",
            f"{_roles_en(held) if held else 'Someone with no role'} may not take “{label_en}”;"
            f" only {_roles_en(allowed)} may.",
        )
    row = permitted[0]
    if row.requires_reason and not (reason or "").strip():
        raise WorkflowError(f"執行『{label}』必須填寫理由", f"“{label_en}” needs a reason.")
    return row


def apply(
    table: Iterable[Transition],
    state: str,
    action: str,
    roles: Iterable[Role],
    reason: str | None = None,
) -> State:
    """The state after `roles` take `action` from `state`; guards are left to the service."""
    return find_transition(table, state, action, roles, reason).target


def _state_of(table: Iterable[Transition], state: str) -> State | None:
    return {str(s): s for s in states(table)}.get(state)


def _states_zh(found: Iterable[State]) -> str:
    return "或".join(f"『{state.label_zh}』" for state in dict.fromkeys(found))


def _states_en(found: Iterable[State]) -> str:
    return " or ".join(f"“{state_label_en(state)}”" for state in dict.fromkeys(found))


def _roles_en(found: Iterable[Role]) -> str:
    held = set(found)
    return " or ".join(ROLE_LABELS_EN[role] for role in Role if role in held)


def _roles_zh(found: Iterable[Role]) -> str:
    held = set(found)
    return "或".join(f"『{role.label_zh}』" for role in Role if role in held)


# Permissions outside the workflow. A `_own` permission is limited to the user's own unit;
# the selectors enforce that scope, this table only says whether the role has it at all.
PERMISSION_LABELS_ZH = {
    "published.read": "閱覽已公告的報告、儀表板與開放資料",
    "kpi.enter_values": "填報本單位指標的實際值、子項與未達成原因",
    "narrative.edit_own": "撰寫本單位指標的績效說明與佐證資料",
    "unit.read_own": "閱覽本單位尚未公告的填報內容",
    "budget.edit": "編修預算與決算表",
    "headcount.edit": "編修員額表",
    "plan.edit": "設定年度目標、指標、衡量標準與目標值",
    "lights.assign": "核予初評燈號並填寫評語",
    "report.edit": "綜整並編修年度報告",
    "drafts.read_all": "閱覽全機關尚未公告的填報內容",
    "lights.re_review": "複核院管指標的燈號",
    "users.manage": "管理帳號與角色",
    "report.read_draft": "閱覽尚未公告的報告草稿",
}
_EVERYONE = frozenset({"published.read"})
PERMISSIONS: Mapping[Role, frozenset[str]] = {
    Role.UNIT_STAFF: _EVERYONE | {"kpi.enter_values", "narrative.edit_own", "unit.read_own"},
    Role.UNIT_HEAD: _EVERYONE | {"unit.read_own"},
    Role.ACCOUNTING: _EVERYONE | {"budget.edit"},
    Role.PERSONNEL: _EVERYONE | {"headcount.edit"},
    Role.PLANNING: _EVERYONE
    | {"plan.edit", "lights.assign", "report.edit", "drafts.read_all", "report.read_draft"},
    Role.AGENCY_HEAD: _EVERYONE | {"drafts.read_all", "report.read_draft"},
    Role.REVIEWER: _EVERYONE | {"lights.re_review", "report.read_draft"},
    Role.ADMINISTRATOR: _EVERYONE | {"users.manage"},
    Role.PUBLIC: _EVERYONE,
}


def may(roles: Iterable[Role], permission: str) -> bool:
    """Whether any of `roles` has `permission` outside the workflow."""
    return any(permission in PERMISSIONS[role] for role in roles)
