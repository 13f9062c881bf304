"""Helpers of the workflow web tests: a signed-in client, posting an action, the notices."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def notices(response: Any) -> list[str]:
    """The notices a redirect leads to; reading them uses them up, as a browser would."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def post(client: Client, url: str, data: dict[str, Any]) -> list[str]:
    """Post, follow the redirect, and return the notices the next page shows."""
    response = client.post(url, data, follow=True)
    assert response.redirect_chain, response.status_code
    return [str(message) for message in response.context["messages"]]


def act(client: Client, cycle: Any, action: str, **data: str) -> list[str]:
    """Post a cycle action and return the notices shown after the redirect."""
    url = reverse("workflow:cycle_action", args=[cycle.pk])
    return post(client, url, {"action": action, **data})


def act_on_submission(client: Client, submission: Any, action: str, **data: str) -> list[str]:
    url = reverse("workflow:submission_action", args=[submission.pk])
    return post(client, url, {"action": action, **data})


def year_due(*, weeks: int = 2) -> dict[str, Any]:
    """A deadline for each step of the year, `weeks` apart from today on."""
    from datetime import timedelta

    from django.utils import timezone

    from govperf.workflow.models import DEADLINE_STEPS

    today = timezone.localdate()
    return {
        step.value: today + timedelta(weeks=weeks * number)
        for number, step in enumerate(DEADLINE_STEPS, start=1)
    }


def open_year(planner: Any, cycle: Any) -> Any:
    """Open `cycle` for entry as `planner` does, with a deadline for every step."""
    from govperf.domain.workflow import CycleAction
    from govperf.workflow.actions import cycle_act

    return cycle_act(actor=planner, cycle=cycle, action=CycleAction.OPEN_YEAR, due=year_due()).cycle


def own_years(cycle: Any) -> Any:
    """The KPI-years of the cycle's own year, in a stable order."""
    from govperf.evaluation.models import KpiYear

    return KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).order_by("pk")


def in_review(people: dict[str, Any], cycle: Any) -> Any:
    """Opened (so every unit has its submission), then in 初核 with no light given yet."""
    from govperf.evaluation.models import Cycle

    cycle = open_year(people["planning"], cycle)
    own_years(cycle).update(initial_light="", initial_light_text="", light_reason="")
    Cycle.objects.filter(pk=cycle.pk).update(state="initial_review")
    cycle.refresh_from_db()
    return cycle
