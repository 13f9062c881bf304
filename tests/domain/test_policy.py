"""The policy table: every area × state × role has an answer, in both languages."""

from __future__ import annotations

import itertools

import pytest

from govperf.domain.policy import (
    EARLIER,
    POLICY,
    PUBLISHED,
    SIGNED,
    WORKFLOW_AREAS,
    Area,
    Refusal,
    decide,
    granted,
)
from govperf.domain.workflow import CYCLE, CycleState, Role, SubmissionState, allowed_actions

ROLES = list(Role)
STATES = list(CycleState)
RECORD_AREAS = [area for area in Area if area not in WORKFLOW_AREAS]


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


@pytest.mark.parametrize("area", list(Area))
def test_every_cell_of_the_table_answers_in_both_languages(area: Area) -> None:
    for state, role in itertools.product(STATES, ROLES):
        answer = decide(area, state, {role})
        if answer is None:
            assert granted(area, {role})
            continue
        assert isinstance(answer, Refusal)
        assert has_cjk(answer.zh) and not has_cjk(answer.en), (area, state, role)
        assert answer.text("en") == answer.en and answer.text("zh-hant") == answer.zh


@pytest.mark.parametrize("area", RECORD_AREAS)
def test_what_the_head_approves_and_what_is_published_does_not_move(area: Area) -> None:
    for role in ROLES:
        assert decide(area, CycleState.APPROVAL, {role}) is not None
        assert decide(area, CycleState.APPROVED, {role}) is not None
        assert decide(area, CycleState.PUBLISHED, {role}) is not None
    if POLICY[area]:
        owner = next(iter(POLICY[area][0].roles))
        assert decide(area, CycleState.PUBLISHED, {owner}) == PUBLISHED
        assert decide(area, CycleState.APPROVED, {owner}) == SIGNED


def test_earlier_years_columns_are_read_only_for_everyone_in_every_state() -> None:
    for state, role in itertools.product(STATES, ROLES):
        assert decide(Area.EARLIER_COLUMNS, state, {role}) == EARLIER


def test_unit_staff_enter_while_open_and_their_submission_is_a_draft() -> None:
    staff = {Role.UNIT_STAFF}
    assert decide(Area.KPI_VALUES, CycleState.OPEN, staff, unit_submission="draft") is None
    refused = decide(Area.KPI_VALUES, CycleState.OPEN, staff, unit_submission="submitted")
    assert refused is not None and SubmissionState.SUBMITTED.label_zh in refused.zh
    assert decide(Area.KPI_VALUES, CycleState.INITIAL_REVIEW, staff) is not None
    # the planning office is not held to a unit's submission
    assert (
        decide(Area.KPI_VALUES, CycleState.REVISION, {Role.PLANNING}, unit_submission="submitted")
        is None
    )


def test_a_role_without_the_area_is_told_who_may() -> None:
    refused = decide(Area.BUDGET, CycleState.OPEN, {Role.UNIT_STAFF})
    assert refused is not None
    assert Role.ACCOUNTING.label_zh in refused.zh and "accounting office" in refused.en


def test_a_state_refusal_names_the_states_that_allow_it() -> None:
    refused = decide(Area.LIGHTS, CycleState.OPEN, {Role.PLANNING})
    assert refused is not None
    for state in (CycleState.INITIAL_REVIEW, CycleState.REVISION, CycleState.CORRECTION):
        assert state.label_zh in refused.zh


def test_the_cycle_state_moves_only_by_the_workflow_table() -> None:
    for state, role in itertools.product(STATES, ROLES):
        open_steps = allowed_actions(CYCLE, state, {role})
        assert (decide(Area.CYCLE_STATE, state, {role}) is None) == bool(open_steps)


def test_a_correction_reopens_the_planning_office_and_the_tables_owners() -> None:
    correction = CycleState.CORRECTION
    assert decide(Area.CHAPTERS, correction, {Role.PLANNING}) is None
    assert decide(Area.BUDGET, correction, {Role.ACCOUNTING}) is None
    assert decide(Area.HEADCOUNT, correction, {Role.PERSONNEL}) is None
    assert decide(Area.KPI_VALUES, correction, {Role.UNIT_STAFF}) is not None
