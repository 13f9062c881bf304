"""What an API caller reaches: objects fetched through the selectors, 404 outside their scope."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext, gettext_noop
from ninja.errors import HttpError

from govperf.accounts.models import Membership
from govperf.accounts.selectors import UNIT_ROLES, user_roles
from govperf.domain.workflow import PERMISSION_LABELS_ZH, may
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.scope import cycle_get_for_user, kpi_year_get_for_user
from govperf.workflow.models import UnitSubmission

User = AbstractBaseUser | AnonymousUser


NOT_FOUND = {
    "cycle": gettext_noop("找不到此評估年度，或您沒有閱覽的權限。"),
    "kpi_year": gettext_noop("找不到此指標年度值，或您沒有閱覽的權限。"),
    "submission": gettext_noop("找不到此單位填報，或您沒有閱覽的權限。"),
}


def not_found(what: str) -> HttpError:
    """404: a `what` (a key of NOT_FOUND) unknown or outside the caller's scope: they look alike."""
    return HttpError(404, gettext(NOT_FOUND[what]))


def cycle_get(*, user: User, cycle_id: int) -> Cycle:
    """A cycle the user may see, or 404."""
    try:
        return cycle_get_for_user(user=user, cycle_id=cycle_id)
    except Http404 as error:
        raise not_found("cycle") from error


def kpi_year_get(*, user: User, kpi_year_id: int) -> KpiYear:
    """A KPI-year the user may see (its cycle visible, its unit theirs while in progress)."""
    try:
        return kpi_year_get_for_user(user=user, kpi_year_id=kpi_year_id)
    except Http404 as error:
        raise not_found("kpi_year") from error


def permission_require(*, user: User, cycle: Cycle, permission: str) -> None:
    """403 unless the user holds `permission` in the cycle's own agency."""
    if not may(user_roles(user=user, agency=cycle.agency), permission):
        label = gettext(PERMISSION_LABELS_ZH[permission])
        message = gettext("您在%(agency)s的角色沒有「%(permission)s」的權限。")
        raise HttpError(403, message % {"agency": cycle.agency.name, "permission": label})


def submission_list_for_user(*, user: User, cycle: Cycle) -> QuerySet[UnitSubmission]:
    """A cycle's unit submissions: all for those who read every draft, else the user's units."""
    submissions = UnitSubmission.objects.filter(cycle=cycle).select_related("unit")
    if not user.is_authenticated:
        return submissions.none()
    if may(user_roles(user=user, agency=cycle.agency), "drafts.read_all"):
        return submissions
    units = Membership.objects.filter(
        user_id=int(user.pk), agency=cycle.agency, role__in=UNIT_ROLES
    ).values("unit_id")
    return submissions.filter(unit_id__in=units)


def submission_get(*, user: User, submission_id: int) -> UnitSubmission:
    """A submission the user may see, or 404."""
    found = UnitSubmission.objects.select_related("cycle").filter(pk=submission_id).first()
    if found is None:
        raise not_found("submission")
    cycle = cycle_get(user=user, cycle_id=found.cycle_id)
    submission = submission_list_for_user(user=user, cycle=cycle).filter(pk=found.pk).first()
    if submission is None:
        raise not_found("submission")
    return submission
