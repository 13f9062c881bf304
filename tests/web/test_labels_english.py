"""The domain's English labels are the catalog's: one English name for each state, role, step."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from govperf.domain.workflow import (
    ACTION_LABELS_EN,
    CYCLE,
    CYCLE_STATE_LABELS_EN,
    ROLE_LABELS_EN,
    SUBMISSION_STATE_LABELS_EN,
    WorkflowError,
    find_transition,
)


def test_each_english_label_is_the_catalogs_translation() -> None:
    tables = [CYCLE_STATE_LABELS_EN, SUBMISSION_STATE_LABELS_EN, ROLE_LABELS_EN, ACTION_LABELS_EN]
    with translation.override("en"):
        for labels in tables:
            translated = {item: translation.gettext(item.label_zh) for item in labels}
            assert translated == labels
    assert len(CYCLE_STATE_LABELS_EN) == 9 and len(SUBMISSION_STATE_LABELS_EN) == 5


def test_a_workflow_refusal_reads_in_english_with_no_chinese() -> None:
    with pytest.raises(WorkflowError) as caught:
        find_transition(CYCLE, "published", "approve", set())
    english = caught.value.text("en")
    assert "Approve" in english and "Awaiting approval" in english and "Agency head" in english
    assert not any("\u4e00" <= char <= "\u9fff" for char in english)
    assert caught.value.text("zh-hant") == str(caught.value)


@pytest.mark.django_db
def test_the_api_refuses_a_step_in_the_callers_language(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(people["accounting"])
    client.cookies["django_language"] = "en"
    path = f"/api/v1/cycles/{draft_cycle.pk}/actions"
    answer = client.post(path, {"action": "close_entry"}, content_type="application/json")
    assert answer.status_code == 409
    assert "cannot be taken" in answer.json()["detail"]
