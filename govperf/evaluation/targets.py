"""Target revisions (目標值修正) once a cycle is open: requested by the unit or planning,
decided by the planning office; an approval writes the KPI-year's revised target and recomputes
its achievement (達成度) against the revised target, the original target kept beside it."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext

from govperf.domain.policy import Area
from govperf.domain.values import ValueParseError, parse_measure
from govperf.evaluation.entry import kpi_year_change_check, kpi_year_refusal, recompute
from govperf.evaluation.models import KpiYear, TargetRevision
from govperf.records.write import recorded_save

# Sent inside the decision's transaction with `actor` and `revision` when a revision is
# rejected: the workflow (a layer above) tells the unit why (`workflow.notices`).
revision_rejected = Signal()


def revision_request_refusal(
    user: AbstractBaseUser | AnonymousUser, kpi_year: KpiYear
) -> str | None:
    """Why `user` may not request a target revision for `kpi_year` now, or None."""
    return kpi_year_refusal(user, kpi_year, Area.REVISION_REQUESTS)


def target_revision_request(
    *, actor: AbstractBaseUser, kpi_year: KpiYear, revised_text: str, reason: str
) -> TargetRevision:
    """Record a request to revise the target; the reason is required."""
    kpi_year_change_check(actor, kpi_year, Area.REVISION_REQUESTS)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = gettext("申請修正目標值須填寫理由。")
    try:
        measure = parse_measure(revised_text.strip())
        if measure.value is None:
            errors["revised_text"] = gettext("修正目標值須為數值，如 85%、1,500次。")
    except ValueParseError as error:
        errors["revised_text"] = error.text(gettext)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        revision = TargetRevision(
            kpi_year=kpi_year, original_text=kpi_year.target_text, revised_text=measure.text,
            revised_value=measure.value, revised_unit=measure.unit, reason=reason.strip(),
            requested_by=actor,  # type: ignore[misc]
        )  # fmt: skip
        recorded_save(revision, actor=actor, reason=reason.strip())
    return revision


def target_revision_decide(
    *, actor: AbstractBaseUser, revision: TargetRevision, approve: bool, note: str = ""
) -> TargetRevision:
    """The planning office approves or rejects a requested revision; approval applies it."""
    kpi_year_change_check(actor, revision.kpi_year, Area.REVISION_DECISIONS)
    if revision.state != TargetRevision.State.REQUESTED:
        raise ValidationError(
            gettext("此修正申請已是『%(state)s』，不能再核定。")
            % {"state": revision.get_state_display()}
        )
    if not approve and not note.strip():
        raise ValidationError({"note": gettext("駁回修正申請須填寫意見。")})
    with transaction.atomic():
        revision.state = TargetRevision.State.APPROVED if approve else TargetRevision.State.REJECTED
        revision.decided_by = actor  # type: ignore[assignment]
        revision.decided_at = timezone.now()
        revision.decision_note = note.strip()
        recorded_save(revision, actor=actor, reason=note.strip() or revision.get_state_display())
        if approve:
            _apply(actor, revision)
        else:
            revision_rejected.send(sender=TargetRevision, actor=actor, revision=revision)
    return revision


def _apply(actor: AbstractBaseUser, revision: TargetRevision) -> None:
    kpi_year = KpiYear.objects.select_for_update(of=("self",)).get(pk=revision.kpi_year_id)
    kpi_year.revised_target_text = revision.revised_text
    kpi_year.revised_target_value = revision.revised_value
    kpi_year.revised_target_unit = revision.revised_unit
    for name, value in recompute(kpi_year).items():
        setattr(kpi_year, name, value)
    kpi_year.version += 1
    recorded_save(kpi_year, actor=actor, reason=f"核定目標值修正：{revision.reason}")
