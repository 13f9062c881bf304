"""The one entry point for a cycle's actions, whatever the door: web, API or command."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from govperf.domain.workflow import CycleAction
from govperf.evaluation.models import Cycle
from govperf.workflow.deadlines import cycle_open
from govperf.workflow.models import PublishedVersion
from govperf.workflow.publishing import cycle_publish
from govperf.workflow.services import cycle_apply

PUBLISHING = frozenset({CycleAction.PUBLISH, CycleAction.PUBLISH_CORRECTION})


@dataclass(frozen=True)
class CycleActed:
    """What an action did: the cycle as it now stands, and the version a publication stored."""

    cycle: Cycle
    version: PublishedVersion | None = None


def cycle_act(
    *,
    actor: AbstractBaseUser,
    cycle: Cycle,
    action: CycleAction,
    reason: str = "",
    due: Mapping[str, date | None] | None = None,
) -> CycleActed:
    """Take `action` on `cycle` with its work: opening sets every deadline (`due`, by step),
    publishing and publishing a correction render and store every format as a new version.
    A refusal (ValidationError) changes nothing."""
    if due is not None and action != CycleAction.OPEN_YEAR:
        raise ValidationError({"due": [gettext("只有「開始填報」會設定期限。")]})
    if action == CycleAction.OPEN_YEAR:
        opened = cycle_open(actor=actor, cycle=cycle, due=due or {}, reason=reason)
        return CycleActed(cycle=opened)
    if action in PUBLISHING:
        version = cycle_publish(actor=actor, cycle=cycle, reason=reason, action=action)
        return CycleActed(cycle=version.cycle, version=version)
    return CycleActed(cycle=cycle_apply(actor=actor, cycle=cycle, action=action, reason=reason))
