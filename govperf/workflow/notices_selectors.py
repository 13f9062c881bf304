"""The reads of what needs a person: their notices, and the reasons a unit's or a year's
overview shows beside its state (from history, so a reason is shown even to no recipient)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from govperf.domain.workflow import CycleState, SubmissionState
from govperf.evaluation.models import Cycle
from govperf.records.read import person
from govperf.workflow.models import ReviewComment, UnitSubmission
from govperf.workflow.notices_models import Notice

User = AbstractBaseUser | AnonymousUser
Stance = ReviewComment.Stance

# The states a step with a required reason leads to: the state it must come from (None: any,
# when only that step leads there), and what an overview calls its reason.
SUBMISSION_REASONS = {
    SubmissionState.DRAFT: (SubmissionState.SUBMITTED, gettext_noop("單位主管退回理由")),
    SubmissionState.DISPUTED: (None, gettext_noop("對初評燈號的異議理由")),
}
CYCLE_REASONS = {CycleState.REVISION: (CycleState.APPROVAL, gettext_noop("機關首長退回修正的理由"))}
Steps = dict[Any, tuple[Any, str]]


@dataclass(frozen=True)
class StatedReason:
    """The reason the last step gave: what it is called, its text, who gave it and when."""

    label: str
    text: str
    who: str
    when: Any


def notices_for_user(*, user: User, unread: bool = False) -> QuerySet[Notice]:
    """The person's own notices, newest first; nobody else's, nothing for the public."""
    if not user.is_authenticated:
        return Notice.objects.none()
    found = Notice.objects.filter(recipient_id=user.pk)
    if unread:
        found = found.filter(read_at=None)
    related = ("cycle__agency", "kpi_year__cycle_kpi__kpi", "unit", "actor")
    return found.select_related(*related)


def notices_mark_read(*, user: AbstractBaseUser, notice_id: int | None = None) -> int:
    """Mark the person's notice (or all of theirs) read; returns how many were unread."""
    with transaction.atomic():
        found = Notice.objects.filter(recipient_id=user.pk, read_at=None)
        if notice_id is not None:
            found = found.filter(pk=notice_id)
        return found.update(read_at=timezone.now())


def _last_step_reason(records: Any, steps: Steps) -> StatedReason | None:
    """The reason of the latest step (a change of state), when it was one that needs a reason."""
    ordered = records.order_by("-history_date", "-history_id").select_related("history_user")
    newer = None
    for record in ordered.iterator():
        if newer is not None and record.state != newer.state:
            source, label = steps.get(newer.state, ("", ""))
            text = str(newer.history_change_reason or "").strip()
            if not label or source not in (None, record.state) or not text:
                return None
            return StatedReason(label, text, person(newer.history_user), newer.history_date)
        newer = record
    return None


def submission_reason(submission: UnitSubmission) -> StatedReason | None:
    """Why the unit's submission stands where it does: the head's return, or the dispute."""
    return _last_step_reason(submission.history.all(), SUBMISSION_REASONS)


def cycle_reason(cycle: Cycle) -> StatedReason | None:
    """Why the year is back with the planning office: the agency head's return."""
    return _last_step_reason(cycle.history.all(), CYCLE_REASONS)


def cycle_disputes(*, cycle: Cycle) -> QuerySet[ReviewComment]:
    """The units' disputes of the year's initial lights, by KPI order, each with its reason."""
    found = ReviewComment.objects.filter(
        kpi_year__cycle_kpi__cycle=cycle, kpi_year__year=cycle.year, stance=Stance.DISPUTE
    )
    related = ("kpi_year__cycle_kpi__kpi", "kpi_year__cycle_kpi__goal", "kpi_year__cycle_kpi__unit")
    order = ("kpi_year__cycle_kpi__goal__position", "kpi_year__cycle_kpi__position", "created_at")
    return found.select_related(*related, "author").order_by(*order)


def latest_disputes(*, cycle: Cycle) -> dict[int, str]:
    """Each disputed KPI-year's latest reason: what the lights page marks its row with."""
    return {key: texts[-1] for key, texts in disputes_by_kpi_year(cycle=cycle).items()}


def disputes_by_kpi_year(*, cycle: Cycle) -> dict[int, list[str]]:
    """Each disputed KPI-year's reasons, in one query: what the lights page marks."""
    found: dict[int, list[str]] = {}
    for kpi_year_id, text in cycle_disputes(cycle=cycle).values_list("kpi_year_id", "text"):
        found.setdefault(kpi_year_id, []).append(text)
    return found


def submission_disputes(*, cycle: Cycle) -> dict[int, str]:
    """Per unit whose submission stands disputed, the reason it gave, in one query (only the
    dispute leads to that state, so the state's record carries the reason)."""
    standing = UnitSubmission.objects.filter(cycle=cycle, state=SubmissionState.DISPUTED)
    records = UnitSubmission.history.filter(
        id__in=standing.values("pk"), state=SubmissionState.DISPUTED
    )
    found: dict[int, str] = {}
    for unit_id, text in records.order_by("history_date", "history_id").values_list(
        "unit_id", "history_change_reason"
    ):
        found[unit_id] = str(text or "")
    return found
