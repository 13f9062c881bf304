"""Reminder e-mails before and after each deadline, to the people responsible, once each."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation

from govperf.accounts.models import Membership
from govperf.accounts.selectors import UNIT_ROLES
from govperf.domain.workflow import CycleState, Role
from govperf.web.templatetags.govperf import roc_date_text
from govperf.workflow.board import UNIT_DONE
from govperf.workflow.mail import mail_on_commit
from govperf.workflow.models import Deadline, ReminderSent

Kind = ReminderSent.Kind
STEP_ROLES = {CycleState.REVISION: Role.PLANNING, CycleState.APPROVAL: Role.AGENCY_HEAD}


def responsible_users(deadline: Deadline) -> QuerySet[AbstractBaseUser]:
    """Who has still to act for the step: unit staff and heads not done, or planning / head."""
    cycle = deadline.cycle
    memberships = Membership.objects.filter(agency=cycle.agency)
    if deadline.step in UNIT_DONE:
        pending = cycle.submissions.exclude(state__in=UNIT_DONE[CycleState(deadline.step)])
        memberships = memberships.filter(role__in=UNIT_ROLES, unit_id__in=pending.values("unit_id"))
    else:
        memberships = memberships.filter(role=STEP_ROLES[CycleState(deadline.step)])
    users = get_user_model().objects.filter(pk__in=memberships.values("user_id"), is_active=True)
    return users.order_by("pk")


def reminder_kind(deadline: Deadline, today: date, days_before: int) -> str | None:
    """`before` within `days_before` days of the due date, `after` once it has passed."""
    if deadline.cycle.state != deadline.step:
        return None  # the step is not under way: nothing to remind of
    if today > deadline.due_on:
        return Kind.AFTER
    if deadline.due_on - today <= timedelta(days=days_before):
        return Kind.BEFORE
    return None


def _message(deadline: Deadline, kind: str) -> tuple[str, str]:
    step = CycleState(deadline.step).label_zh
    when = "即將截止" if kind == Kind.BEFORE else "已逾期"
    with translation.override("zh-hant"):  # the reminder is written in Chinese
        due = roc_date_text(deadline.due_on)
    subject = f"[govperf] {deadline.cycle}「{step}」{when}（{due}）"
    body = (
        f"{deadline.cycle}的「{step}」階段期限為 {due}，{when}。\n"
        "請登入 govperf 完成您負責的部分。\n"
    )
    return subject, body


def reminders_send(*, today: date, days_before: int = 3) -> list[ReminderSent]:
    """Mail every reminder due today that has not been sent; returns the ones recorded now."""
    sent = []
    deadlines = Deadline.objects.select_related("cycle", "cycle__agency")
    with transaction.atomic():
        for deadline in deadlines:
            kind = reminder_kind(deadline, today, days_before)
            if kind is None:
                continue
            for user in responsible_users(deadline):
                sent.extend(_remind(deadline, user, kind))
    return sent


def _remind(deadline: Deadline, user: AbstractBaseUser, kind: str) -> list[ReminderSent]:
    address = getattr(user, "email", "")
    if not address:
        return []  # nobody to mail; sent later once the account has an address
    record, created = ReminderSent.objects.get_or_create(
        deadline=deadline, user_id=user.pk, kind=kind
    )
    if not created:
        return []
    subject, body = _message(deadline, kind)
    mail_on_commit(address=address, subject=subject, body=body)
    return [record]
