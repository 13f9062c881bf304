"""The light review: the planning office's lights and comments, the units' responses."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from govperf.accounts.selectors import user_roles
from govperf.domain.lights import Light
from govperf.domain.policy import Area
from govperf.domain.workflow import Role
from govperf.evaluation.entry import kpi_year_change_check
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.policy import change_check
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.evaluation.services import kpi_year_assign_light
from govperf.records.write import recorded_save
from govperf.workflow.models import ReviewComment
from govperf.workflow.notices import notify_comment, notify_re_review

Stance = ReviewComment.Stance


def _cycle(kpi_year: KpiYear) -> Cycle:
    return kpi_year.cycle_kpi.cycle


def _check_planning(actor: AbstractBaseUser, kpi_year: KpiYear) -> None:
    kpi_year_change_check(actor, kpi_year, Area.LIGHTS)


def _comment(actor: AbstractBaseUser, kpi_year: KpiYear, stance: str, text: str) -> ReviewComment:
    comment = ReviewComment(
        kpi_year=kpi_year,
        author_id=actor.pk,
        stage=_cycle(kpi_year).state,
        stance=stance,
        text=text,
    )
    saved = recorded_save(comment, actor=actor, reason=None)
    notify_comment(actor=actor, comment=saved)
    return saved


def kpi_year_review(
    *, actor: AbstractBaseUser, kpi_year: KpiYear, light: Light, reason: str = "", comment: str = ""
) -> KpiYear:
    """The planning office's initial light with an optional comment, in one transaction."""
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
    """A comment by the planning office or a reviewer, or the owning unit's agreement or
    dispute; the people it concerns are told (`notices.notify_comment`)."""
    text = text.strip()
    if stance == Stance.COMMENT:
        _check_commenter(actor, kpi_year)
        if not text:
            raise ValidationError({"text": "評語不能空白。"})
    else:
        _check_unit(actor, kpi_year)
        if stance == Stance.DISPUTE and not text:
            raise ValidationError({"text": "提出異議必須填寫理由。"})
    with transaction.atomic():
        return _comment(actor, kpi_year, stance, text)


def _check_commenter(actor: AbstractBaseUser, kpi_year: KpiYear) -> None:
    """The planning office comments on its lights; a reviewer (and no planner) on the 複核."""
    roles = user_roles(user=actor, agency=_cycle(kpi_year).agency)
    if Role.REVIEWER in roles and Role.PLANNING not in roles:
        kpi_year_change_check(actor, kpi_year, Area.RE_REVIEW)
        if kpi_year.tier != KpiYear.Tier.EXECUTIVE:
            raise ValidationError("只有院管指標辦理複核。")
    else:
        _check_planning(actor, kpi_year)


def _check_unit(actor: AbstractBaseUser, kpi_year: KpiYear) -> None:
    kpi_year_change_check(actor, kpi_year, Area.RESPONSES)


def kpi_year_re_review(
    *, actor: AbstractBaseUser, kpi_year: KpiYear, light: Light, reason: str = ""
) -> KpiYear:
    """A reviewer's 複核 light for an executive-tier (院管) KPI-year."""
    kpi_year_change_check(actor, kpi_year, Area.RE_REVIEW)
    if kpi_year.tier != KpiYear.Tier.EXECUTIVE:
        raise ValidationError("只有院管指標需要複核燈號。")
    with transaction.atomic():
        kpi_year_assign_light(
            actor=actor, kpi_year=kpi_year, stage="review", light=light, reason=reason
        )
        notify_re_review(actor=actor, kpi_year=kpi_year, reason=reason)
    return kpi_year


ACCEPT_SUGGESTED_REASON = "採用全部建議燈號"


def cycle_lights_accept_suggested(
    *, actor: AbstractBaseUser, cycle: Cycle, reason: str = ""
) -> list[KpiYear]:
    """採用全部建議燈號: every KPI-year of the cycle's own year that has no initial light yet
    gets the light its rules suggest, in one transaction, each recorded with who and why.

    Lights already given are kept: they may be a judgement that differs from the rule. The
    policy table refuses the whole step outside the states where lights are given."""
    change_check(user=actor, area=Area.LIGHTS, cycle=cycle)
    why = reason.strip() or ACCEPT_SUGGESTED_REASON
    years = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year, initial_light="")
    given = []
    with transaction.atomic():
        for year in years.select_related("cycle_kpi__cycle").order_by("pk"):
            light = kpi_year_suggested_light(year)
            kpi_year_assign_light(actor=actor, kpi_year=year, stage="initial", light=light, why=why)
            given.append(year)
    return given
