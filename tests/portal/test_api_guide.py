"""The portal's page on reading the published data by program, linked from every portal page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from govperf.workflow.models import PublicKpiYear

pytestmark = pytest.mark.django_db


def test_the_api_guide_is_linked_and_every_address_it_gives_answers(imported_cycle) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="127.0.0.1")
    home = client.get("/").content.decode()
    assert 'href="/data/api/"' in home
    guide = client.get("/data/api/")
    assert guide.status_code == 200 and not guide.cookies
    links = re.findall(r'href="(/api/v1/[^"]*)"', guide.content.decode())
    assert {"/api/v1/published-years", "/api/v1/kpi-years", "/api/v1/openapi.json"} <= set(links)
    for link in links:
        answer = client.get(link.replace("&amp;", "&"))
        assert answer.status_code == 200, link
    every = client.get("/api/v1/kpi-years?page_size=100").json()
    assert every["count"] == PublicKpiYear.objects.filter(is_latest=True).count() > 0
    assert {row["agency"] for row in every["items"]} == {imported_cycle.agency.name}


def test_the_api_guide_reads_in_english() -> None:
    client = Client(HTTP_HOST="127.0.0.1", headers={"cookie": "django_language=en"})
    page = client.get("/data/api/").content.decode()
    assert "Reading by program: the API" in page
    main = page[page.index("<main") : page.index("</main>")]
    assert not re.search(r"[\u4e00-\u9fff]", main)
