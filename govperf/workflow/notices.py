"""Every reason reaches the person it concerns: the notices written by the step that gives a
reason, in that step's transaction, and the e-mail of each (through the reminders' mail path).

Who a reason concerns: a unit head's return, the unit's staff; the agency head's return and a
unit's dispute, the planning office; a rejected target revision and the planning office's comment
on a light, the KPI's unit (and who asked for the revision); a reviewer's comment or 複核 light,
the agency's planning office and head. The person who gave the reason is never told of it."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from govperf.accounts.models import Membership
from govperf.accounts.selectors import UNIT_ROLES, user_roles
from govperf.agencies.models import Unit
from govperf.domain.workflow import Role
from govperf.evaluation.models import Cycle, KpiYear, TargetRevision
from govperf.workflow.mail import mail_on_commit
from govperf.workflow.models import ReviewComment, UnitSubmission
from govperf.workflow.notices_models import Notice

Kind = Notice.Kind
MAIL_LANGUAGE = "zh-hant"  # accounts keep no language of their own: the site's first language


def recipients(
    *, cycle: Cycle, roles: Iterable[Role], unit: Unit | None = None
) -> list[AbstractBaseUser]:
    """The active people holding `roles` in the cycle's agency; unit roles only in `unit`."""
    wanted = set(roles)
    agency_roles = wanted - set(UNIT_ROLES)
    found = Q(role__in=agency_roles)
    if unit is not None:
        found |= Q(role__in=wanted & set(UNIT_ROLES), unit=unit)
    memberships = Membership.objects.filter(found, agency_id=cycle.agency_id)
    users = get_user_model().objects.filter(pk__in=memberships.values("user_id"), is_active=True)
    return list(users.order_by("pk"))


def notices_send(
    *,
    actor: AbstractBaseUser | None,
    cycle: Cycle,
    kind: str,
    text: str,
    link: str,
    to: Iterable[AbstractBaseUser],
    unit: Unit | None = None,
    kpi_year: KpiYear | None = None,
) -> list[Notice]:
    """One notice for each person of `to` but the actor, each mailed once the step commits."""
    actor_pk = actor.pk if actor is not None else None
    people = {person.pk: person for person in to if person.pk != actor_pk}
    notices = [
        Notice(
            recipient_id=pk,
            cycle=cycle,
            unit=unit,
            kpi_year=kpi_year,
            actor_id=actor_pk,
            kind=kind,
            text=text.strip(),
            link=link,
        )
        for pk in people
    ]
    Notice.objects.bulk_create(notices)
    for notice in notices:
        _mail(notice, people[notice.recipient_id], kpi_year)
    return notices


def _mail(notice: Notice, person: AbstractBaseUser, kpi_year: KpiYear | None) -> None:
    """The notice by mail: what happened, the reason, the page's address; nothing else."""
    address = getattr(person, "email", "")
    if not address:
        return  # no address: the notice waits on the person's own pages
    with translation.override(MAIL_LANGUAGE):
        label = Kind(notice.kind).label
        subject = f"[govperf] {notice.cycle}：{label}"
        lines = [f"{notice.cycle}：{label}"]
        if kpi_year is not None:
            lines.append(f"指標：{kpi_year.cycle_kpi.kpi.name}")
        lines += [f"理由：{notice.text}", "", f"請登入 govperf 查看：{_absolute(notice.link)}", ""]
    mail_on_commit(address=address, subject=subject, body="\n".join(lines))


def _absolute(link: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{link}"


def _cycle_link(cycle: Cycle) -> str:
    return reverse("workflow:cycle", args=[cycle.pk])


def _kpi_link(kpi_year: KpiYear) -> str:
    return reverse("workflow:kpi_review", args=[kpi_year.pk])


def notify_unit_return(*, actor: AbstractBaseUser, submission: UnitSubmission, reason: str) -> None:
    """The unit head returned the submission: its staff enter again, with the reason."""
    cycle, unit = submission.cycle, submission.unit
    notices_send(
        actor=actor,
        cycle=cycle,
        kind=Kind.UNIT_RETURN,
        text=reason,
        unit=unit,
        link=f"{_cycle_link(cycle)}#submission-{submission.pk}",
        to=recipients(cycle=cycle, roles=[Role.UNIT_STAFF], unit=unit),
    )


def notify_cycle_return(*, actor: AbstractBaseUser, cycle: Cycle, reason: str) -> None:
    """The agency head returned the report for revision: the planning office revises it."""
    notices_send(
        actor=actor,
        cycle=cycle,
        kind=Kind.CYCLE_RETURN,
        text=reason,
        link=_cycle_link(cycle),
        to=recipients(cycle=cycle, roles=[Role.PLANNING]),
    )


def notify_submission_dispute(
    *, actor: AbstractBaseUser, submission: UnitSubmission, reason: str
) -> None:
    """A unit disputes its initial lights as a whole: the planning office sees why."""
    cycle = submission.cycle
    notices_send(
        actor=actor,
        cycle=cycle,
        kind=Kind.DISPUTE,
        text=reason,
        unit=submission.unit,
        link=reverse("workflow:board", args=[cycle.pk]),
        to=recipients(cycle=cycle, roles=[Role.PLANNING]),
    )


def notify_comment(*, actor: AbstractBaseUser, comment: ReviewComment) -> None:
    """A remark on a KPI's light reaches who acts on it next: a unit's dispute the planning
    office; planning's comment the unit; a reviewer's comment the planning office and head."""
    year = comment.kpi_year
    cycle, unit = year.cycle_kpi.cycle, year.cycle_kpi.unit
    if comment.stance == ReviewComment.Stance.AGREE:
        return  # an agreement asks nothing of anyone
    if comment.stance == ReviewComment.Stance.DISPUTE:
        kind, roles = Kind.DISPUTE, [Role.PLANNING]
    elif Role.PLANNING in user_roles(user=actor, agency=cycle.agency):
        kind, roles = Kind.LIGHT_COMMENT, list(UNIT_ROLES)
    else:
        kind, roles = Kind.REVIEWER_COMMENT, [Role.PLANNING, Role.AGENCY_HEAD]
    notices_send(
        actor=actor,
        cycle=cycle,
        kind=kind,
        text=comment.text,
        unit=unit,
        kpi_year=year,
        link=_kpi_link(year),
        to=recipients(cycle=cycle, roles=roles, unit=unit),
    )


def notify_re_review(*, actor: AbstractBaseUser, kpi_year: KpiYear, reason: str) -> None:
    """A reviewer's 複核 light, with its reason, reaches the agency's planning office and head."""
    cycle = kpi_year.cycle_kpi.cycle
    notices_send(
        actor=actor,
        cycle=cycle,
        kind=Kind.REVIEWER_COMMENT,
        kpi_year=kpi_year,
        text=reason or kpi_year.get_review_light_display(),
        unit=kpi_year.cycle_kpi.unit,
        link=_kpi_link(kpi_year),
        to=recipients(cycle=cycle, roles=[Role.PLANNING, Role.AGENCY_HEAD]),
    )


def notify_revision_rejected(*, actor: AbstractBaseUser, revision: TargetRevision) -> None:
    """A rejected target revision: the KPI's unit and who asked see the planning office's note."""
    year = revision.kpi_year
    cycle, unit = year.cycle_kpi.cycle, year.cycle_kpi.unit
    to = recipients(cycle=cycle, roles=UNIT_ROLES, unit=unit)
    if revision.requested_by is not None:
        to.append(revision.requested_by)
    notices_send(
        actor=actor,
        cycle=cycle,
        kind=Kind.REVISION_REJECTED,
        text=revision.decision_note,
        unit=unit,
        kpi_year=year,
        to=to,
        link=reverse("evaluation:kpi", args=[year.pk]),  # its revisions, the note beside each
    )


def revision_rejected_received(
    sender: object, *, actor: AbstractBaseUser, revision: TargetRevision, **kwargs: object
) -> None:
    """The receiver of `evaluation.targets.revision_rejected`."""
    notify_revision_rejected(actor=actor, revision=revision)
