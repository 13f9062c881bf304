"""Every page a person can reach by following links renders, in either language, for each role:
no link leads to a page that refuses them (403), is missing (404) or fails (5xx).

Starting from the home page, each account follows the site's own links (a few of each route),
on the published 107 sample and the 108 cycle carried over from it and opened for entry.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.demo.year import next_cycle_ensure
from govperf.evaluation.models import Cycle

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#]*)"')
PER_ROUTE = 2
ACCOUNTS = ("anonymous", "planning", "minister", "accounting", "personnel", "reviewer",
            "staff-asia", "head-io")  # fmt: skip


@pytest.fixture
def accounts(imported_cycle: Cycle) -> dict[str, Any]:
    cycle_assign_units(cycle=imported_cycle)
    people = people_ensure(agency=imported_cycle.agency, password="pw")
    next_cycle_ensure(previous=imported_cycle, planning=people["planning"])
    return people


def crawl(client: Client) -> tuple[Counter[str], list[str]]:
    """Visit linked pages breadth first; the routes seen and any page that did not render."""
    seen_routes: Counter[str] = Counter()
    queue, visited, broken = ["/"], set(), []
    while queue:
        url = queue.pop(0)
        if url in visited or url.startswith(("/static/", "/media/", "/admin/", "/api/")):
            continue
        visited.add(url)
        try:
            route = resolve(url.split("?")[0]).view_name
        except Resolver404:
            broken.append(f"{url} (no such route)")
            continue
        if seen_routes[route] >= PER_ROUTE:
            continue
        seen_routes[route] += 1
        response = client.get(url)
        if response.status_code >= 500 or response.status_code in (403, 404):
            broken.append(f"{url} ({response.status_code})")
        if response.get("Content-Type", "").startswith("text/html"):
            queue.extend(LINK.findall(response.getvalue().decode()))
    return seen_routes, broken


@pytest.mark.parametrize("language", ["zh-hant", "en"])
@pytest.mark.parametrize("account", ACCOUNTS)
def test_every_linked_page_renders(accounts: dict[str, Any], account: str, language: str) -> None:
    client = Client()
    client.cookies["django_language"] = language
    if account != "anonymous":
        client.force_login(accounts[account])
    routes, broken = crawl(client)
    assert broken == []
    if account == "anonymous":  # the public reads the published year on the portal
        assert routes["portal:year"] >= 1 and routes["workflow:cycle"] == 0
    else:
        assert routes["workflow:cycle"] == 2  # 107 published and 108 in progress
