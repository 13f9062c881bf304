"""Writes to evaluation data: light bands, and the lights a reviewer assigns."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from govperf.domain.light_rules import LightBands, LightBandsError, override_needs_reason
from govperf.domain.lights import Light
from govperf.domain.policy import Area
from govperf.evaluation.entry import kpi_year_change_check
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.policy import change_check
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.records.write import recorded_save

# Each stage's light, its printed symbol, and its own reason: a 複核 never overwrites the
# agency's reason for its initial light.
STAGE_FIELDS = {
    "initial": ("initial_light", "initial_light_text", "light_reason"),
    "review": ("review_light", "review_light_text", "review_light_reason"),
}
STAGE_AREAS = {"initial": Area.LIGHTS, "review": Area.RE_REVIEW}


def cycle_set_light_bands(
    *, actor: AbstractBaseUser, cycle: Cycle, green_from: Decimal, yellow_from: Decimal
) -> Cycle:
    """Configure where ★ and ▲ begin for `cycle` (the plan); invalid bands change nothing."""
    change_check(user=actor, area=Area.TARGETS, cycle=cycle)
    try:
        LightBands(green_from=green_from, yellow_from=yellow_from)
    except LightBandsError as error:
        raise ValidationError(str(error)) from error
    with transaction.atomic():
        cycle.light_bands = {"green_from": str(green_from), "yellow_from": str(yellow_from)}
        recorded_save(cycle, actor=actor, reason="設定燈號級距", update_fields=["light_bands"])
    return cycle


def kpi_year_assign_light(
    *,
    actor: AbstractBaseUser,
    kpi_year: KpiYear,
    stage: str,
    light: Light,
    reason: str = "",
    why: str | None = None,
) -> KpiYear:
    """The reviewer's light for a stage (初核 or 複核); differing from the rule needs a reason.

    `why` is what the history records when it is not the light's own reason (a light taken
    over from the suggestion has no reason of its own, but was still given for one)."""
    kpi_year_change_check(actor, kpi_year, STAGE_AREAS[stage])
    problem = override_needs_reason(kpi_year_suggested_light(kpi_year), light, reason)
    if problem is not None:
        raise ValidationError({"reason": problem})  # the reason field is what is missing
    light_field, text_field, reason_field = STAGE_FIELDS[stage]
    with transaction.atomic():  # the version is bumped on the locked row, never a stale copy
        kpi_year.refresh_from_db(from_queryset=KpiYear.objects.select_for_update())
        setattr(kpi_year, light_field, light.value)
        setattr(kpi_year, text_field, light.symbol)
        setattr(kpi_year, reason_field, reason.strip())
        kpi_year.version += 1  # an entry form loaded before this light is now stale
        fields = [light_field, text_field, reason_field, "version"]
        recorded_save(kpi_year, actor=actor, reason=why or reason, update_fields=fields)
    return kpi_year
