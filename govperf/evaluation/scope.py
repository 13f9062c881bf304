"""What a user may see and change of the evaluation: the cycles and KPI-years their roles reach."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from govperf.accounts.models import Membership
from govperf.accounts.selectors import UNIT_ROLES, user_roles
from govperf.agencies.models import Agency
from govperf.domain.workflow import may
from govperf.evaluation.models import Cycle, KpiYear

READS_EVERY_DRAFT = ("drafts.read_all", "lights.re_review")


def cycle_list_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Cycle]:
    """Published cycles for everyone; cycles in progress too for members of their agency."""
    cycles = Cycle.objects.select_related("agency").order_by("agency__name", "-year")
    if not user.is_authenticated:
        return cycles.filter(state=Cycle.State.PUBLISHED)
    agencies = Membership.objects.filter(user_id=int(user.pk)).values("agency_id")
    return cycles.filter(Q(state=Cycle.State.PUBLISHED) | Q(agency_id__in=agencies))


def cycle_get_for_user(*, user: AbstractBaseUser | AnonymousUser, cycle_id: int) -> Cycle:
    """The cycle if `user` may see it; Http404 otherwise (unknown and hidden look alike)."""
    found = cycle_list_for_user(user=user).filter(pk=cycle_id).first()
    if found is None:
        raise Http404(gettext("找不到此評估年度，或您沒有閱覽權限。"))
    return found


def cycle_record_list_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Cycle]:
    """The cycles whose page and published versions `user` may read: those whose data they
    may see, and every cycle with a published version, as during a correction (更正中)."""
    visible = cycle_list_for_user(user=user).values("pk")
    cycles = Cycle.objects.select_related("agency").order_by("agency__name", "-year")
    return cycles.filter(Q(pk__in=visible) | Q(versions__isnull=False)).distinct()


def cycle_record_get_for_user(*, user: AbstractBaseUser | AnonymousUser, cycle_id: int) -> Cycle:
    """The cycle if `user` may read its page; Http404 otherwise."""
    found = cycle_record_list_for_user(user=user).filter(pk=cycle_id).first()
    if found is None:
        raise Http404(gettext("找不到此評估年度，或您沒有閱覽權限。"))
    return found


def cycle_data_visible_to(*, user: AbstractBaseUser | AnonymousUser, cycle: Cycle) -> bool:
    """Whether `user` may see the cycle's data as it stands, not only its published versions."""
    return cycle_list_for_user(user=user).filter(pk=cycle.pk).exists()


def kpi_year_get_for_user(
    *, user: AbstractBaseUser | AnonymousUser, kpi_year_id: int, cycle: Cycle | None = None
) -> KpiYear:
    """The KPI-year if `user`'s scope reaches it (and it belongs to `cycle`, when given);
    Http404 otherwise, whether it is unknown, another unit's, or of a cycle they may not see."""
    years = KpiYear.objects.select_related(
        "cycle_kpi__cycle__agency", "cycle_kpi__goal", "cycle_kpi__kpi", "cycle_kpi__unit"
    )
    found = years.filter(pk=kpi_year_id).first()
    if (
        found is None
        or (cycle is not None and found.cycle_kpi.cycle_id != cycle.pk)
        or not _reaches(user, found)
    ):
        raise Http404(gettext("找不到此關鍵績效指標，或您沒有閱覽權限。"))
    return found


def _reaches(user: AbstractBaseUser | AnonymousUser, kpi_year: KpiYear) -> bool:
    visible = kpi_year_list_for_user(user=user, cycle=kpi_year.cycle_kpi.cycle)
    return visible.filter(pk=kpi_year.pk).exists()


def _own_unit_ids(user: AbstractBaseUser, agency: Agency) -> set[int]:
    memberships = Membership.objects.filter(
        user_id=int(user.pk), agency=agency, role__in=UNIT_ROLES, unit__isnull=False
    )
    return {unit_id for unit_id in memberships.values_list("unit_id", flat=True) if unit_id}


def kpi_year_list_for_user(
    *, user: AbstractBaseUser | AnonymousUser, cycle: Cycle
) -> QuerySet[KpiYear]:
    """Every KPI-year of a published cycle; of a cycle in progress, all of them for the
    planning office, the head and the reviewer, and only their own unit's for a unit."""
    years = KpiYear.objects.filter(cycle_kpi__cycle=cycle)
    roles = user_roles(user=user, agency=cycle.agency)
    if cycle.state == Cycle.State.PUBLISHED:
        return years
    if any(may(roles, permission) for permission in READS_EVERY_DRAFT):
        return years
    if isinstance(user, AnonymousUser):
        return years.none()
    return years.filter(cycle_kpi__unit_id__in=_own_unit_ids(user, cycle.agency))
