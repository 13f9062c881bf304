"""During a correction the public keeps the year as it was last published."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.domain.workflow import CycleAction
from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.actions import cycle_act

pytestmark = pytest.mark.django_db
KPI = "深化與友邦高層政要之情誼"


@pytest.fixture
def planning(imported_cycle: Cycle) -> Any:
    cycle_assign_units(cycle=imported_cycle)
    return people_ensure(agency=imported_cycle.agency, password="pw")["planning"]


@pytest.fixture
def in_correction(imported_cycle: Cycle, planning: Any) -> Cycle:
    """The imported 107 in correction, one actual already changed and not yet published."""
    cycle = cycle_act(
        actor=planning,
        cycle=imported_cycle,
        action=CycleAction.START_CORRECTION,
        reason="更正實際值",
    ).cycle
    KpiYear.objects.filter(cycle_kpi__kpi__name=KPI, year=107).update(actual_text="999人次")
    return cycle


def year_ids(cycle: Cycle) -> dict[str, int]:
    return {"agency_id": cycle.agency_id, "year": cycle.year}


def test_the_public_still_finds_the_year(in_correction: Cycle) -> None:
    public = Client()
    year = reverse("portal:year", kwargs=year_ids(in_correction))
    assert f'href="{year}"' in public.get("/").content.decode()
    assert public.get(reverse("workflow:cycle", args=[in_correction.pk]))["Location"] == year
    body = public.get(year).content.decode()
    assert "108人次" in body and "999人次" not in body
    pdf = reverse("portal:latest_report_file", kwargs={**year_ids(in_correction), "format": "pdf"})
    assert f'href="{pdf}"' in body


def test_the_public_reads_the_published_values_not_the_corrected_ones(
    in_correction: Cycle,
) -> None:
    public = Client()
    report = public.get(reverse("workflow:version_read", args=[in_correction.pk, 1]))
    assert report.status_code == 200
    html = report.content.decode()
    assert "108人次" in html and "999人次" not in html
    text = public.get(reverse("workflow:download", args=[in_correction.pk, 1, "txt"]))
    assert "108人次" in text.getvalue().decode()
    kpis = public.get(reverse("evaluation:kpi_list", args=[in_correction.pk]))
    # the values being corrected stay with the agency: the public reads the published ones
    assert kpis["Location"] == reverse("portal:year", kwargs=year_ids(in_correction)) + "#kpis"


def test_the_planning_office_sees_the_values_being_corrected(
    in_correction: Cycle, planning: Any
) -> None:
    client = Client()
    client.force_login(planning)
    page = client.get(reverse("workflow:cycle", args=[in_correction.pk])).content.decode()
    assert "本年度報告正在更正" not in page and "公告更正版" in page


def test_every_version_downloads_once_the_correction_is_out(
    in_correction: Cycle, planning: Any
) -> None:
    acted = cycle_act(
        actor=planning,
        cycle=in_correction,
        action=CycleAction.PUBLISH_CORRECTION,
        reason="更正實際值",
    )
    assert acted.version is not None and acted.version.number == 2
    public = Client()
    page = public.get(reverse("workflow:cycle", args=[in_correction.pk]), follow=True)
    assert "第 2 版" in page.content.decode() and "999人次" in page.content.decode()
    for number, value in ((1, "108人次"), (2, "999人次")):
        url = reverse("workflow:download", args=[in_correction.pk, number, "txt"])
        assert value in public.get(url).getvalue().decode()
