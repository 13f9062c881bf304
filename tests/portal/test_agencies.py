"""The portal's list of agencies: each with its latest published year, for anyone."""

from __future__ import annotations

import pytest
from django.test import Client

from govperf.evaluation.models import Cycle

pytestmark = pytest.mark.django_db


def test_the_public_sees_each_agency_with_its_latest_published_year(
    imported_cycle: Cycle,
) -> None:
    response = Client().get("/agencies/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "外交部" in page and "107" in page
