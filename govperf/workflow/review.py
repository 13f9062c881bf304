"""The light review: the planning office's lights and comments, the units' responses."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from govperf.accounts.selectors import UNIT_ROLES, user_roles, user_roles_for_unit
from govperf.domain.lights import Light
from govperf.domain.workflow import CycleState, may
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.services import kpi_year_assign_light
from govperf.records.write import recorded_save
from govperf.workflow.models import ReviewComment

# When the planning office assigns initial lights and comments on them.
LIGHT_STATES = (CycleState.INITIAL_REVIEW, CycleState.REVISION, CycleState.CORRECTION)
# When a reviewer (行政院/國發會) may give the 複核 light of an executive-tier KPI-year.
RE_REVIEW_STATES = (CycleState.REVISION, CycleState.APPROVAL, CycleState.CORRECTION)
Stance = ReviewComment.Stance


def _cycle(kpi_year: KpiYear) -> Cycle:
    return kpi_year.cycle_kpi.cycle


def _check_planning(actor: AbstractBaseUser, cycle: Cycle) -> None:
    if not may(user_roles(user=actor, agency=cycle.agency), "lights.assign"):
        raise PermissionDenied("只有研考單位可以核予初評燈號與評語。")
    if cycle.state not in LIGHT_STATES:
        raise ValidationError(
            f"目前狀態『{CycleState(cycle.state).label_zh}』不能核予燈號或評語；"
            "只能在初核中、研考修正中或更正中進行。"
        )


def _comment(actor: AbstractBaseUser, kpi_year: KpiYear, stance: str, text: str) -> ReviewComment:
    comment = ReviewComment(
        kpi_year=kpi_year,
        author_id=actor.pk,
        stage=_cycle(kpi_year).state,
        stance=stance,
        text=text,
    )
    return recorded_save(comment, actor=actor, reason=None)


def kpi_year_review(
    *, actor: AbstractBaseUser, kpi_year: KpiYear, light: Light, reason: str = "", comment: str = ""
) -> KpiYear:
    """The planning office's initial light with an optional comment, in one transaction."""
    _check_planning(actor, _cycle(kpi_year))
    with transaction.atomic():
        kpi_year_assign_light(
            actor=actor, kpi_year=kpi_year, stage="initial", light=light, reason=reason
        )
        if comment.strip():
            _comment(actor, kpi_year, Stance.COMMENT, comment.strip())
    return kpi_year


def review_comment_add(
    *, actor: AbstractBaseUser, kpi_year: KpiYear, text: str, stance: str = Stance.COMMENT
) -> ReviewComment:
    """A comment by the planning office, or the owning unit's agreement or dispute."""
    cycle = _cycle(kpi_year)
    text = text.strip()
    if stance == Stance.COMMENT:
        _check_planning(actor, cycle)
        if not text:
            raise ValidationError("評語不能空白。")
    else:
        _check_unit(actor, kpi_year)
        if stance == Stance.DISPUTE and not text:
            raise ValidationError("提出異議必須填寫理由。")
    with transaction.atomic():
        return _comment(actor, kpi_year, stance, text)


def _check_unit(actor: AbstractBaseUser, kpi_year: KpiYear) -> None:
    unit = kpi_year.cycle_kpi.unit
    if unit is None or not set(UNIT_ROLES) & user_roles_for_unit(user=actor, unit=unit):
        raise PermissionDenied("只有負責此指標的單位可以回應初評燈號。")
    if _cycle(kpi_year).state != CycleState.UNIT_RESPONSE:
        raise ValidationError("本年度不在單位回應期間，不能回應初評燈號。")


def kpi_year_re_review(
    *, actor: AbstractBaseUser, kpi_year: KpiYear, light: Light, reason: str = ""
) -> KpiYear:
    """A reviewer's 複核 light for an executive-tier (院管) KPI-year."""
    cycle = _cycle(kpi_year)
    if not may(user_roles(user=actor, agency=cycle.agency), "lights.re_review"):
        raise PermissionDenied("只有行政院/國發會可以複核燈號。")
    if kpi_year.tier != KpiYear.Tier.EXECUTIVE:
        raise ValidationError("只有院管指標需要複核燈號。")
    if cycle.state not in RE_REVIEW_STATES:
        raise ValidationError("只能在研考修正中、陳核中或更正中複核燈號。")
    return kpi_year_assign_light(
        actor=actor, kpi_year=kpi_year, stage="review", light=light, reason=reason
    )
