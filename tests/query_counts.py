"""What a page or an API answer costs in SQL at two sizes of the generated national data set.

One harness for every query-count test (pages, portal, API): each URL is asked twice on a data
set of each size (bench/national_data.py), the answer cache emptied between, so what is counted
is the answer being made. The data set is rolled back afterwards. A URL is asked as the public,
or as the person `users` names for it (signed in with `force_login`); `person_ensure` makes a
person of a role in the generated agencies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.national_data import Size, national_data_generate
from govperf.domain.workflow import Role

SMALL = Size(agencies=1, years=2, kpis=5)
LARGE = Size(agencies=5, years=4, kpis=20)
Urls = Mapping[str, Callable[[Any], str]]
# Who asks a URL, by its name: a function of what `subjects()` gave; the public when not named.
Users = Mapping[str, Callable[[Any], Any]]


@dataclass(frozen=True)
class Measured:
    """One answer: its status, how many queries it ran and their SQL, and what it said (empty
    for a streamed file), so a test can tell that the page showed what it was measured on."""

    status: int
    count: int
    sql: list[str]
    content: str = ""


def person_ensure(*, username: str, role: Role, agencies: Iterable[Any], unit: str = "") -> Any:
    """A person holding `role` in each of `agencies`, for its unit named `unit` where given
    (as the demo's people are given theirs, `govperf.demo.people.people_ensure`)."""
    from django.contrib.auth import get_user_model

    from govperf.accounts.models import Membership
    from govperf.agencies.models import Unit

    user = get_user_model().objects.get_or_create(username=username)[0]
    for agency in agencies:
        where = Unit.objects.get(agency=agency, name=unit) if unit else None
        Membership.objects.get_or_create(user=user, agency=agency, unit=where, role=role)
    return user


def _client(user: Any) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    return client


def measure(
    size: Size, urls: Urls, subjects: Callable[[], Any], users: Users | None = None
) -> dict[str, Measured]:
    """Each URL's cost on a data set of `size`; `subjects()` gives what the URLs name (and may
    put the data in the state the pages are measured in), `users` who asks each URL."""
    measured: dict[str, Measured] = {}
    with transaction.atomic():
        national_data_generate(size=size, seed=3, files="small")
        found = subjects()
        for name, url in urls.items():
            who = (users or {}).get(name)
            client = _client(who(found) if who else None)
            client.get(url(found))  # the first request fills process-wide caches
            cache.clear()  # and the answer cache
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url(found))
            content = "" if response.streaming else response.content.decode(errors="replace")
            sql = [q["sql"] for q in queries]
            measured[name] = Measured(response.status_code, len(queries), sql, content)
        transaction.set_rollback(True)
    return measured


def measure_both(
    django_db_blocker: Any, urls: Urls, subjects: Callable[[], Any], users: Users | None = None
) -> dict[Size, dict[str, Measured]]:
    """`measure` at SMALL and at LARGE (for a module-scoped fixture)."""
    with django_db_blocker.unblock():
        return {size: measure(size, urls, subjects, users) for size in (SMALL, LARGE)}


def assert_same_count(measured: dict[Size, dict[str, Measured]], name: str) -> None:
    """The answer is 200 at both sizes and runs as many queries at one agency as at five."""
    small, large = measured[SMALL][name], measured[LARGE][name]
    assert (small.status, large.status) == (200, 200), name
    assert small.count == large.count, (
        f"{name}: {small.count} queries at 1 agency, {large.count} at 5:\n" + "\n".join(large.sql)
    )
