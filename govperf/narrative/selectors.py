"""What the narrative pages show and who may change it: chapters, blocks, recommendations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404
from django.utils.translation import gettext

from govperf.accounts.models import Membership
from govperf.accounts.selectors import UNIT_ROLES, user_roles
from govperf.agencies.models import Agency, Unit
from govperf.domain.policy import Area
from govperf.domain.workflow import Role, may
from govperf.evaluation.models import Cycle
from govperf.evaluation.policy import may_ever_change, role_check
from govperf.evaluation.scope import cycle_list_for_user
from govperf.narrative.models import Block, Chapter, Recommendation
from govperf.records.read import Change, person, reason

User = AbstractBaseUser | AnonymousUser


def plans_report(*, user: User, agency: Agency) -> bool:
    """Whether `user` is the planning office of `agency` (assigns chapters and recommendations)."""
    return may(user_roles(user=user, agency=agency), "report.edit")


def _unit_ids(user: User, agency: Agency, roles: tuple[Role, ...]) -> set[int]:
    if not user.is_authenticated:
        return set()
    held = Membership.objects.filter(
        user_id=int(user.pk), agency=agency, role__in=roles, unit__isnull=False
    ).values_list("unit_id", flat=True)
    return {unit_id for unit_id in held if unit_id}


def chapter_editable_by(*, user: User, chapter: Chapter) -> bool:
    """Who the policy table lets write `chapter` (the planning office, the owner unit's staff
    and head), whatever the state: the save gives the state's refusal."""
    return may_ever_change(user=user, area=Area.CHAPTERS, cycle=chapter.cycle, unit=chapter.owner)


def recommendation_answerable_by(*, user: User, recommendation: Recommendation) -> bool:
    """Who may answer `recommendation` (the planning office, the assigned unit's staff)."""
    return may_ever_change(
        user=user,
        area=Area.RECOMMENDATIONS,
        cycle=recommendation.cycle,
        unit=recommendation.unit,
    )


def _refuse(user: User, area: Area, cycle: Cycle, unit: Unit | None) -> None:
    """Another unit's object is out of a unit's scope (404); any other role gets the policy
    table's refusal (403)."""
    own = _unit_ids(user, cycle.agency, UNIT_ROLES)
    if own and (unit is None or unit.pk not in own):
        raise Http404("找不到此項目，或它不屬於您的單位。")
    role_check(user=user, area=area, cycle=cycle, unit=unit)


def chapter_for_editor(*, user: User, chapter_id: int) -> Chapter:
    """The chapter if `user` may edit it; 404 out of scope, 403 for a role that may not."""
    visible = cycle_list_for_user(user=user)
    chapter = Chapter.objects.filter(cycle__in=visible, pk=chapter_id).first()
    if chapter is None:
        raise Http404("找不到此章節，或您沒有閱覽權限。")
    if not chapter_editable_by(user=user, chapter=chapter):
        _refuse(user, Area.CHAPTERS, chapter.cycle, chapter.owner)
    return chapter


def recommendation_for_answerer(*, user: User, recommendation_id: int) -> Recommendation:
    """The recommendation if `user` may answer it; 404 out of scope, 403 for other roles."""
    visible = cycle_list_for_user(user=user)
    found = Recommendation.objects.filter(cycle__in=visible, pk=recommendation_id).first()
    if found is None:
        raise Http404("找不到此建議，或您沒有閱覽權限。")
    if not recommendation_answerable_by(user=user, recommendation=found):
        _refuse(user, Area.RECOMMENDATIONS, found.cycle, found.unit)
    return found


def agency_units(*, agency: Agency) -> list[Unit]:
    return list(Unit.objects.filter(agency=agency).order_by("kind", "name"))


KIND_LABELS = dict(Block.Kind.choices)


def block_change(record: Any) -> Change:
    """A block's history record as a change: added, edited or moved, or removed."""
    values = {"kind": gettext(KIND_LABELS.get(record.kind, record.kind)), "at": record.position}
    previous = record.prev_record if record.history_type == "~" else None
    if record.history_type == "+":
        what, before, after = gettext("新增%(kind)s（第%(at)s段）") % values, "—", record.text
    elif record.history_type == "-":
        what = gettext("刪除%(kind)s（原第%(at)s段）") % values
        before, after = record.text, gettext("（已刪除）")
    else:
        if previous is not None and previous.position != record.position:
            values["was"] = previous.position
            what = gettext("修改%(kind)s（第%(was)s→%(at)s段）") % values
        else:
            what = gettext("修改%(kind)s（第%(at)s段）") % values
        before, after = previous.text if previous else "", record.text
    return Change(record.history_date, person(record.history_user), what, "", before, after,
                  reason(record))  # fmt: skip


def chapter_changes(*, chapter: Chapter, limit: int = 30) -> list[Change]:
    """Recorded edits of the chapter's blocks, newest first (the import's own rows left out)."""
    records = Block.history.filter(chapter_id=chapter.pk).exclude(
        history_type="+", history_user__isnull=True
    )
    records = records.select_related("history_user").order_by("-history_date", "-history_id")
    return [block_change(record) for record in records[:limit]]


def recommendation_changes(*, recommendation: Recommendation, limit: int = 20) -> list[Change]:
    """Recorded edits of a recommendation's unit and answer, newest first."""
    records = recommendation.history.filter(history_type="~").select_related("history_user")
    changes = []
    for record in records.order_by("-history_date")[:limit]:
        previous = record.prev_record
        before = previous.answer if previous else ""
        what = "辦理情形" if before != record.answer else "指派單位"
        if what == "指派單位":
            before = str(previous.unit.name) if previous and previous.unit else "—"
            after = record.unit.name if record.unit else "—"
        else:
            after = record.answer
        changes.append(
            Change(record.history_date, person(record.history_user), what, "", before, after,
                   reason(record))
        )  # fmt: skip
    return changes
