"""The API's lists at national scale: pages, filters, the official light only, published data only,
and as many queries for one agency as for many (bench/national_data.py's data set)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.national_data import Size, national_data_generate
from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.models import PublicKpiYear, PublicYear, PublishedFile
from tests.query_counts import Measured, assert_same_count, measure_both

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(db: None) -> None:
    national_data_generate(size=Size(agencies=3, years=3, kpis=4), seed=3, files="small")


def get(path: str, **headers: Any) -> Any:
    return Client(HTTP_HOST="127.0.0.1").get(f"/api/v1{path}", **headers)


def test_cycles_come_in_pages_with_links_in_a_stable_order(national: None) -> None:
    first = get("/cycles?page_size=4").json()
    assert first["count"] == 9 and len(first["items"]) == 4
    assert first["previous"] is None
    assert first["next"] == "http://127.0.0.1/api/v1/cycles?page_size=4&page=2"
    second = get("/cycles?page_size=4&page=2").json()
    last = get("/cycles?page_size=4&page=3").json()
    assert last["next"] is None and len(last["items"]) == 1
    assert last["previous"] == "http://127.0.0.1/api/v1/cycles?page_size=4&page=2"
    walked = [c["id"] for page in (first, second, last) for c in page["items"]]
    everything = [c["id"] for c in get("/cycles?page_size=100").json()["items"]]
    assert walked == everything and len(set(walked)) == 9
    agencies_years = [(c["agency"], -c["year"]) for c in get("/cycles").json()["items"]]
    assert agencies_years == sorted(agencies_years)


def test_a_page_past_the_last_is_empty_and_points_back(national: None) -> None:
    page = get("/cycles?page=9&page_size=5").json()
    assert page["items"] == [] and page["next"] is None
    assert page["previous"] == "http://127.0.0.1/api/v1/cycles?page=2&page_size=5"


def test_twenty_rows_a_page_unless_asked_and_never_over_a_hundred(national: None) -> None:
    default = get("/kpi-years").json()
    assert default["count"] == 36 and len(default["items"]) == 20  # 3 agencies x 3 years x 4 KPIs
    assert len(get("/kpi-years?page_size=100").json()["items"]) == 36
    cycle = Cycle.objects.order_by("pk").first()
    assert cycle is not None
    rows = get(f"/cycles/{cycle.pk}/kpi-years?page_size=10").json()
    assert rows["count"] == 16 and len(rows["items"]) == 10  # 4 KPIs x the report's 4 years
    too_many = get("/cycles?page_size=101")
    assert too_many.status_code == 422
    assert "page_size" in too_many.json()["errors"]


def test_cycles_filter_by_agency_name_or_id_and_year(national: None) -> None:
    cycle = Cycle.objects.select_related("agency").order_by("pk").first()
    assert cycle is not None
    by_name = get(f"/cycles?agency={cycle.agency.name}").json()["items"]
    assert {c["agency"] for c in by_name} == {cycle.agency.name} and len(by_name) == 3
    by_id = get(f"/cycles?agency={cycle.agency_id}").json()["items"]
    assert by_id == by_name
    one = get(f"/cycles?agency={cycle.agency_id}&year={cycle.year}").json()["items"]
    assert [c["id"] for c in one] == [cycle.pk]
    assert get("/cycles?agency=沒有這個機關").json() == {
        "count": 0, "next": None, "previous": None, "items": []
    }  # fmt: skip


def test_a_cycles_light_filter_is_the_official_light_never_the_initial_one(
    national: None,
) -> None:
    cycle = Cycle.objects.order_by("pk").first()
    own = KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year).order_by("pk")  # type: ignore[union-attr]
    changed, red = own[0], own[1]
    KpiYear.objects.filter(pk=changed.pk).update(initial_light="red", review_light="green")
    KpiYear.objects.filter(pk=red.pk).update(initial_light="green", review_light="red")
    greens = get(f"/cycles/{cycle.pk}/kpi-years?light=green&page_size=100").json()["items"]  # type: ignore[union-attr]
    assert changed.pk in {row["id"] for row in greens} and red.pk not in {r["id"] for r in greens}
    assert {row["review_light"] for row in greens} == {"green"}
    unknown = get("/kpi-years?light=purple")
    assert unknown.status_code == 422 and "light" in unknown.json()["errors"]


def _published(**filters: Any) -> list[tuple[str, int, str]]:
    """The latest published KPI-years as (agency, year, KPI) that match `filters`, in the API's order."""
    rows = PublicKpiYear.objects.filter(is_latest=True, **filters)
    rows = rows.order_by("agency__name", "-year", "position", "pk")
    return list(rows.values_list("agency__name", "year", "kpi_name"))


def _listed(path: str) -> list[tuple[str, int, str]]:
    return [(r["agency"], r["year"], r["kpi"]) for r in get(path).json()["items"]]


def test_published_kpi_years_are_the_published_record_filtered_by_the_official_light(
    national: None,
) -> None:
    for light in ("green", "yellow", "red", "white"):
        assert _listed(f"/kpi-years?light={light}&page_size=100") == _published(light=light)
    assert _listed("/kpi-years?page_size=100") == _published()
    row = get("/kpi-years?page_size=1").json()["items"][0]
    assert set(row) >= {"agency_id", "version", "kpi_id", "light", "page", "target", "actual"}
    assert "initial_light" not in row and "review_light" not in row  # the official light only
    assert Client().get(row["page"]).status_code == 200  # the KPI's history on the portal


def test_published_kpi_years_are_each_years_own_filtered_by_agency_and_year(
    national: None,
) -> None:
    cycle = Cycle.objects.select_related("agency").order_by("pk").first()
    assert cycle is not None
    rows = get(f"/kpi-years?agency={cycle.agency.name}&year={cycle.year}").json()["items"]
    assert len(rows) == 4
    assert {(r["agency"], r["agency_id"], r["year"]) for r in rows} == {
        (cycle.agency.name, cycle.agency_id, cycle.year)
    }
    by_id = get(f"/kpi-years?agency={cycle.agency_id}&year={cycle.year}").json()["items"]
    assert by_id == rows


def test_a_year_being_corrected_is_read_as_last_published_and_live_edits_never_show(
    national: None,
) -> None:
    corrected = Cycle.objects.select_related("agency").order_by("pk")[0]
    before = get("/kpi-years?page_size=100").json()
    years_before = get("/published-years?page_size=100").json()
    Cycle.objects.filter(pk=corrected.pk).update(state=Cycle.State.CORRECTION)  # 啟動更正
    KpiYear.objects.filter(cycle_kpi__cycle=corrected).update(
        actual_text="更正中的草稿", review_light="red"
    )
    listed = {c["id"] for c in get("/cycles?page_size=100").json()["items"]}
    assert corrected.pk not in listed  # the work in progress is the agency's own
    assert get("/kpi-years?page_size=100").json() == before  # the public record is unchanged
    assert get("/published-years?page_size=100").json() == years_before
    assert get(f"/cycles/{corrected.pk}/kpi-years").status_code == 404


def test_published_years_come_in_pages_with_their_files_addresses(national: None) -> None:
    first = get("/published-years?page_size=4").json()
    assert first["count"] == 9 and len(first["items"]) == 4
    assert first["next"] == "http://127.0.0.1/api/v1/published-years?page_size=4&page=2"
    everything = get("/published-years?page_size=100").json()["items"]
    expected = PublicYear.objects.filter(is_latest=True).order_by("agency__name", "-year", "pk")
    assert [(y["agency"], y["year"], y["version"]) for y in everything] == list(
        expected.values_list("agency__name", "year", "number")
    )
    year = everything[0]
    summary = expected[0]
    assert year["lights"] == {
        "green": summary.green, "yellow": summary.yellow, "red": summary.red, "white": summary.white
    }  # fmt: skip
    assert year["kpi_count"] == summary.kpi_count and year["published_on"] == str(
        summary.published_on
    )
    assert set(year["reports"]) and set(year["data"]) == {"json", "csv", "xlsx"}
    stored = PublishedFile.objects.get(
        version_id=summary.version_id, format=next(iter(year["reports"]))
    )
    download = Client().get(year["reports"][stored.format])
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download)).hexdigest() == stored.sha256
    assert Client().get(year["page"]).status_code == 200
    one = get(f"/published-years?agency={summary.agency_id}&year={summary.year}").json()
    assert [(y["agency_id"], y["year"]) for y in one["items"]] == [
        (summary.agency_id, summary.year)
    ]
    assert get("/published-years?year=0").status_code == 422


LISTS = {
    "cycles": lambda cycle: "/cycles",
    "cycles of an agency": lambda cycle: f"/cycles?agency={cycle.agency.name}&page_size=100",
    "a cycle's KPI-years": lambda cycle: f"/cycles/{cycle.pk}/kpi-years?page_size=100",
    "red KPI-years of a year": lambda cycle: (
        f"/cycles/{cycle.pk}/kpi-years?light=red&year={cycle.year}"
    ),
    "published years": lambda cycle: "/published-years?page_size=100",
    "published years of an agency": lambda cycle: f"/published-years?agency={cycle.agency_id}",
    "published KPI-years": lambda cycle: "/kpi-years?page_size=100",
    "filtered KPI-years": lambda cycle: f"/kpi-years?agency={cycle.agency_id}&light=green",
}


def _first_cycle() -> Cycle:
    return Cycle.objects.select_related("agency").order_by("agency__name", "-year")[0]


@pytest.fixture(scope="module")
def measured(django_db_setup: None, django_db_blocker: Any) -> dict[Size, dict[str, Measured]]:
    urls = {
        name: (lambda cycle, path=path: f"/api/v1{path(cycle)}") for name, path in LISTS.items()
    }
    return measure_both(django_db_blocker, urls, _first_cycle)


@pytest.mark.parametrize("listed", list(LISTS))
def test_a_list_runs_the_same_queries_whatever_the_data_size(
    measured: dict[Size, dict[str, Measured]], listed: str
) -> None:
    assert_same_count(measured, listed)


def test_the_publics_answers_are_kept_until_a_publication_changes_them(national: None) -> None:
    from govperf.workflow.models import PublishedVersion

    first = get("/cycles?page_size=100").json()
    with CaptureQueriesContext(connection) as queries:
        assert get("/cycles?page_size=100").json() == first
    assert len(queries) == 1  # the published stamp; the answer itself from the cache
    corrected = Cycle.objects.order_by("pk").first()
    assert corrected is not None
    Cycle.objects.filter(pk=corrected.pk).update(state=Cycle.State.CORRECTION)  # 啟動更正
    during = get("/cycles?page_size=100").json()
    assert during["count"] == 8 and corrected.pk not in {c["id"] for c in during["items"]}
    Cycle.objects.filter(pk=corrected.pk).update(state=Cycle.State.PUBLISHED, title="更正後")
    PublishedVersion.objects.create(cycle=corrected, number=9, published_on="2026-12-01")
    after = get("/cycles?page_size=100").json()["items"]
    assert next(c for c in after if c["id"] == corrected.pk)["title"] == "更正後"


def test_a_token_or_a_session_is_never_answered_from_the_publics_cache(
    national: None, django_user_model: Any
) -> None:
    from govperf.accounts.tokens import api_token_create

    get("/cycles")  # kept for the public
    person = django_user_model.objects.create(username="reader")
    secret = api_token_create(actor=person, name="x")[1]
    with CaptureQueriesContext(connection) as queries:
        assert get("/cycles", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert len(queries) > 2  # the token, the roles, the page: made for this caller
