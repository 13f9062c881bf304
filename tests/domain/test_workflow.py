"""The yearly cycle and a unit's submission: who may move them where, and what is refused."""

from __future__ import annotations

from collections import deque

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govperf.domain.workflow import (
    ALL_UNITS_SIGNED_OFF,
    CHAPTERS_WRITTEN,
    CONFIRMABLE_GUARDS,
    CYCLE,
    CYCLE_IN_UNIT_RESPONSE,
    CYCLE_OPEN,
    CYCLE_START,
    ENTRIES_COMPLETE,
    GUARD_LABELS_EN,
    GUARD_LABELS_ZH,
    LACK_LABELS_EN,
    LACK_LABELS_ZH,
    LACKS_ACTUAL,
    LACKS_ANALYSIS,
    LACKS_MISSED_REASON,
    LIGHTS_ASSIGNED,
    PERMISSION_LABELS_ZH,
    PERMISSIONS,
    SUBMISSION,
    SUBMISSION_START,
    CycleAction,
    CycleState,
    Role,
    State,
    SubmissionAction,
    SubmissionState,
    Transition,
    WorkflowError,
    allowed_actions,
    apply,
    entry_lacks,
    find_transition,
    may,
    states,
)

TABLES: dict[str, tuple[tuple[Transition, ...], State]] = {
    "cycle": (CYCLE, CYCLE_START),
    "submission": (SUBMISSION, SUBMISSION_START),
}
ROWS = [(name, row) for name, (table, _) in TABLES.items() for row in table]
REFUSALS = [
    pytest.param(table, row, role, id=f"{name}-{row.action}-{role}")
    for name, row in ROWS
    for table in [TABLES[name][0]]
    for role in Role
    if role not in row.roles
]
REASON = "依單位意見修正"


def walk(table: tuple[Transition, ...], state: State, *steps: tuple[str, Role]) -> State:
    for action, role in steps:
        state = apply(table, state, action, {role}, reason=REASON)
    return state


def reachable(table: tuple[Transition, ...], start: State) -> set[State]:
    seen, queue = {start}, deque([start])
    while queue:
        state = queue.popleft()
        for row in table:
            if row.source == state and row.target not in seen:
                seen.add(row.target)
                queue.append(row.target)
    return seen


def test_the_whole_cycle_with_the_right_roles() -> None:
    a, p, h = CycleAction, Role.PLANNING, Role.AGENCY_HEAD
    state = walk(
        CYCLE,
        CYCLE_START,
        (a.OPEN_YEAR, p),
        (a.CLOSE_ENTRY, p),
        (a.SEND_INITIAL_LIGHTS, p),
        (a.CLOSE_RESPONSES, p),
        (a.SUBMIT_FOR_APPROVAL, p),
        (a.RETURN_FOR_REVISION, h),
        (a.SUBMIT_FOR_APPROVAL, p),
        (a.APPROVE, h),
        (a.PUBLISH, Role.ADMINISTRATOR),
        (a.START_CORRECTION, p),
        (a.PUBLISH_CORRECTION, p),
    )
    assert state is CycleState.PUBLISHED


def test_a_unit_submits_is_returned_resubmits_and_disputes() -> None:
    a, staff, head = SubmissionAction, Role.UNIT_STAFF, Role.UNIT_HEAD
    state = walk(SUBMISSION, SUBMISSION_START, (a.SUBMIT, staff), (a.RETURN, head))
    assert state is SubmissionState.DRAFT
    state = walk(SUBMISSION, state, (a.SUBMIT, staff), (a.SIGN_OFF, head))
    assert state is SubmissionState.SIGNED_OFF
    assert walk(SUBMISSION, state, (a.DISPUTE, staff)) is SubmissionState.DISPUTED
    assert walk(SUBMISSION, state, (a.AGREE, head)) is SubmissionState.AGREED


def test_a_refusal_in_the_wrong_state_says_where_and_by_whom() -> None:
    with pytest.raises(WorkflowError) as error:
        apply(CYCLE, "open", "approve", {Role.AGENCY_HEAD})
    assert str(error.value) == (
        "目前狀態『填報中』不能執行『核定』；此動作只能在『陳核中』由『機關首長』執行"
    )


def test_a_refusal_to_the_wrong_role_names_who_may() -> None:
    with pytest.raises(WorkflowError) as error:
        apply(CYCLE, "approved", "publish", {Role.UNIT_STAFF, Role.UNIT_HEAD})
    assert str(error.value) == (
        "『業務單位承辦人』或『單位主管』不能執行『公告』；此動作只能由『研考單位』或『系統管理者』執行"
    )


def test_submission_states_are_named_as_the_submission_names_them() -> None:
    with pytest.raises(WorkflowError, match="目前狀態『草稿』不能執行『同意初評』"):
        apply(SUBMISSION, "draft", "agree", {Role.UNIT_STAFF})


def test_an_unknown_action_is_quoted() -> None:
    with pytest.raises(WorkflowError, match="沒有「delete」這個動作"):
        apply(CYCLE, "draft", "delete", {Role.ADMINISTRATOR})


@pytest.mark.parametrize(("table", "row", "role"), REFUSALS)
def test_every_action_is_refused_to_every_role_not_listed(
    table: tuple[Transition, ...], row: Transition, role: Role
) -> None:
    with pytest.raises(WorkflowError) as error:
        apply(table, row.source, row.action, {role}, reason=REASON)
    assert f"『{row.action.label_zh}』" in str(error.value)
    assert f"『{role.label_zh}』不能執行" in str(error.value)


@pytest.mark.parametrize(("name", "row"), ROWS, ids=[f"{n}-{r.action}" for n, r in ROWS])
def test_every_listed_role_may_take_its_action(name: str, row: Transition) -> None:
    table = TABLES[name][0]
    for role in row.roles:
        assert apply(table, row.source, row.action, {role}, reason=REASON) is row.target
        assert row in allowed_actions(table, row.source, {role})


@pytest.mark.parametrize(
    ("table", "action"),
    [
        (CYCLE, CycleAction.RETURN_FOR_REVISION),
        (CYCLE, CycleAction.START_CORRECTION),
        (CYCLE, CycleAction.PUBLISH_CORRECTION),
        (SUBMISSION, SubmissionAction.RETURN),
        (SUBMISSION, SubmissionAction.DISPUTE),
    ],
)
@pytest.mark.parametrize("reason", [None, "", " \u3000\n"])
def test_a_reason_is_required_where_flagged(
    table: tuple[Transition, ...], action: str, reason: str | None
) -> None:
    row = next(row for row in table if row.action == action)
    assert row.requires_reason
    role = min(row.roles)
    with pytest.raises(WorkflowError) as error:
        apply(table, row.source, action, {role}, reason=reason)
    assert str(error.value) == f"執行『{row.action.label_zh}』必須填寫理由"


def test_only_the_flagged_actions_require_a_reason() -> None:
    flagged = {row.action for row in CYCLE + SUBMISSION if row.requires_reason}
    assert flagged == {
        CycleAction.RETURN_FOR_REVISION,
        CycleAction.START_CORRECTION,
        CycleAction.PUBLISH_CORRECTION,
        SubmissionAction.RETURN,
        SubmissionAction.DISPUTE,
    }


def test_guards_are_exposed_not_evaluated() -> None:
    row = find_transition(CYCLE, "open", "close_entry", {Role.PLANNING})
    assert row.guards == (ALL_UNITS_SIGNED_OFF,)
    assert apply(CYCLE, "open", "close_entry", {Role.PLANNING}) is CycleState.INITIAL_REVIEW
    agree = find_transition(SUBMISSION, "signed_off", "agree", {Role.UNIT_HEAD})
    assert agree.guards == (CYCLE_IN_UNIT_RESPONSE,)
    used = {guard for row in CYCLE + SUBMISSION for guard in row.guards}
    assert used == set(GUARD_LABELS_ZH) == set(GUARD_LABELS_EN)
    assert {ALL_UNITS_SIGNED_OFF, CYCLE_OPEN, CYCLE_IN_UNIT_RESPONSE} < used


def test_completeness_guards_sit_on_the_steps_that_need_them() -> None:
    submit = find_transition(SUBMISSION, "draft", "submit", {Role.UNIT_STAFF})
    assert submit.guards == (CYCLE_OPEN, ENTRIES_COMPLETE)
    lights = find_transition(CYCLE, "initial_review", "send_initial_lights", {Role.PLANNING})
    assert lights.guards == (LIGHTS_ASSIGNED,)
    for state, action, reason in (
        ("revision", "submit_for_approval", None),
        ("approved", "publish", None),
        ("correction", "publish_correction", "更正"),
    ):
        row = find_transition(CYCLE, state, action, {Role.PLANNING}, reason)
        assert CHAPTERS_WRITTEN in row.guards
    assert {ENTRIES_COMPLETE} == CONFIRMABLE_GUARDS  # only a unit's submit may go on with gaps


def test_an_entry_lacks_what_is_blank_and_a_reason_only_when_missed() -> None:
    blank = {"actual_text": " ", "has_actual_value": False, "analysis": "\n", "missed_reason": ""}
    assert entry_lacks(**blank, missed=False) == (LACKS_ACTUAL, LACKS_ANALYSIS)
    assert entry_lacks(**blank, missed=True) == (LACKS_ACTUAL, LACKS_ANALYSIS, LACKS_MISSED_REASON)
    done = {"actual_text": "90%", "has_actual_value": True, "analysis": "已達成"}
    assert entry_lacks(**done, missed=False, missed_reason="") == ()
    assert entry_lacks(**done, missed=True, missed_reason="") == (LACKS_MISSED_REASON,)
    assert entry_lacks(**done, missed=True, missed_reason="因應策略") == ()
    assert (
        set(LACK_LABELS_ZH)
        == set(LACK_LABELS_EN)
        == {
            LACKS_ACTUAL,
            LACKS_ANALYSIS,
            LACKS_MISSED_REASON,
        }
    )


@pytest.mark.parametrize("name", TABLES)
def test_every_state_is_reachable_from_the_start(name: str) -> None:
    table, start = TABLES[name]
    assert reachable(table, start) == states(table) == set(type(start))


def test_published_is_reachable_and_only_a_correction_leaves_it() -> None:
    assert CycleState.PUBLISHED in reachable(CYCLE, CYCLE_START)
    leaving = [row for row in CYCLE if row.source is CycleState.PUBLISHED]
    assert [(row.action, row.target) for row in leaving] == [
        (CycleAction.START_CORRECTION, CycleState.CORRECTION)
    ]


def test_allowed_actions_lists_what_the_roles_may_do_here() -> None:
    head = allowed_actions(CYCLE, "approval", {Role.AGENCY_HEAD, Role.UNIT_STAFF})
    assert [row.action for row in head] == [CycleAction.APPROVE, CycleAction.RETURN_FOR_REVISION]
    assert allowed_actions(CYCLE, "approval", {Role.PLANNING}) == []
    assert allowed_actions(CYCLE, "published", {Role.PUBLIC}) == []


def test_the_public_takes_part_in_no_workflow() -> None:
    assert all(Role.PUBLIC not in row.roles for row in CYCLE + SUBMISSION)


@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(CycleAction),
            st.frozensets(st.sampled_from(Role), max_size=3),
            st.sampled_from([None, "", REASON]),
        ),
        max_size=40,
    )
)
def test_random_steps_stay_in_the_table_and_pass_approval_before_publishing(
    steps: list[tuple[CycleAction, frozenset[Role], str | None]],
) -> None:
    state: State = CYCLE_START
    seen = [state]
    for action, roles, reason in steps:
        try:
            state = apply(CYCLE, state, action, roles, reason)
        except WorkflowError:
            continue
        seen.append(state)
        assert state in states(CYCLE)
    if CycleState.PUBLISHED in seen:
        first = seen.index(CycleState.PUBLISHED)
        assert seen[first - 2 : first] == [CycleState.APPROVAL, CycleState.APPROVED]


@given(
    steps=st.lists(
        st.tuples(st.sampled_from(SubmissionAction), st.frozensets(st.sampled_from(Role))),
        max_size=20,
    )
)
def test_random_submission_steps_are_signed_off_before_any_opinion(
    steps: list[tuple[SubmissionAction, frozenset[Role]]],
) -> None:
    state: State = SUBMISSION_START
    seen = [state]
    for action, roles in steps:
        try:
            state = apply(SUBMISSION, state, action, roles, REASON)
        except WorkflowError:
            continue
        seen.append(state)
    opinions = [
        i for i, s in enumerate(seen) if s in (SubmissionState.AGREED, SubmissionState.DISPUTED)
    ]
    assert not opinions or seen[opinions[0] - 1] is SubmissionState.SIGNED_OFF


def test_every_role_reads_what_is_published() -> None:
    assert set(PERMISSIONS) == set(Role)
    assert all(may({role}, "published.read") for role in Role)
    assert PERMISSIONS[Role.PUBLIC] == {"published.read"}


@pytest.mark.parametrize(
    ("permission", "holders"),
    [
        ("kpi.enter_values", {Role.UNIT_STAFF}),
        ("narrative.edit_own", {Role.UNIT_STAFF}),
        ("budget.edit", {Role.ACCOUNTING}),
        ("headcount.edit", {Role.PERSONNEL}),
        ("lights.assign", {Role.PLANNING}),
        ("lights.re_review", {Role.REVIEWER}),
        ("users.manage", {Role.ADMINISTRATOR}),
    ],
)
def test_each_office_owns_its_tables(permission: str, holders: set[Role]) -> None:
    assert {role for role in Role if may({role}, permission)} == holders


def test_every_permission_is_described() -> None:
    granted = set().union(*PERMISSIONS.values())
    assert granted == set(PERMISSION_LABELS_ZH)
    assert not may(set(), "published.read")
