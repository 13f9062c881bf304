"""Target revisions (目標值修正) once a cycle is open: requested by the unit or planning,
decided by the planning office; an approval writes the KPI-year's revised target and recomputes
its achievement (達成度) against the revised target, the original target kept beside it."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from govperf.accounts.selectors import user_roles, user_roles_for_unit
from govperf.domain.values import ValueParseError, parse_measure
from govperf.domain.workflow import CycleState, Role, may
from govperf.evaluation.entry import published_refusal, recompute
from govperf.evaluation.models import KpiYear, TargetRevision
from govperf.records.write import recorded_save

# Before OPEN targets are set directly; while the head approves they must not move.
REQUEST_STATES = frozenset(
    {
        CycleState.OPEN,
        CycleState.INITIAL_REVIEW,
        CycleState.UNIT_RESPONSE,
        CycleState.REVISION,
        CycleState.CORRECTION,
    }
)


def revision_request_refusal(
    user: AbstractBaseUser | AnonymousUser, kpi_year: KpiYear
) -> str | None:
    """Why `user` may not request a target revision for `kpi_year` now, or None."""
    cycle = kpi_year.cycle_kpi.cycle
    if not user.is_authenticated:
        return "請先登入。"
    if refusal := published_refusal(cycle):
        return refusal
    if cycle.state not in REQUEST_STATES:
        return f"{cycle}目前為『{CycleState(cycle.state).label_zh}』，不能申請修正目標值。"
    if may(user_roles(user=user, agency=cycle.agency), "plan.edit"):
        return None
    unit = kpi_year.cycle_kpi.unit
    if unit is not None and Role.UNIT_STAFF in user_roles_for_unit(user=user, unit=unit):
        return None
    return "只有負責單位的承辦人或研考單位可以申請修正目標值。"


def target_revision_request(
    *, actor: AbstractBaseUser, kpi_year: KpiYear, revised_text: str, reason: str
) -> TargetRevision:
    """Record a request to revise the target; the reason is required."""
    if refusal := revision_request_refusal(actor, kpi_year):
        raise PermissionDenied(refusal)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "申請修正目標值須填寫理由。"
    try:
        measure = parse_measure(revised_text.strip())
        if measure.value is None:
            errors["revised_text"] = "修正目標值須為數值，如 85%、1,500次。"
    except ValueParseError as error:
        errors["revised_text"] = str(error)
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


def may_decide(user: AbstractBaseUser | AnonymousUser, revision: TargetRevision) -> bool:
    agency = revision.kpi_year.cycle_kpi.cycle.agency
    return user.is_authenticated and may(user_roles(user=user, agency=agency), "plan.edit")


def target_revision_decide(
    *, actor: AbstractBaseUser, revision: TargetRevision, approve: bool, note: str = ""
) -> TargetRevision:
    """The planning office approves or rejects a requested revision; approval applies it."""
    if not may_decide(actor, revision):
        raise PermissionDenied("只有研考單位可以核定目標值修正。")
    if refusal := published_refusal(revision.kpi_year.cycle_kpi.cycle):
        raise ValidationError(refusal)
    if revision.state != TargetRevision.State.REQUESTED:
        raise ValidationError(f"此修正申請已是『{revision.get_state_display()}』，不能再核定。")
    if not approve and not note.strip():
        raise ValidationError("駁回修正申請須填寫意見。")
    with transaction.atomic():
        revision.state = TargetRevision.State.APPROVED if approve else TargetRevision.State.REJECTED
        revision.decided_by = actor  # type: ignore[assignment]
        revision.decided_at = timezone.now()
        revision.decision_note = note.strip()
        recorded_save(revision, actor=actor, reason=note.strip() or revision.get_state_display())
        if approve:
            _apply(actor, revision)
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
