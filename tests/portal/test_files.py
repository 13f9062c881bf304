"""The portal's downloads: every published version in every format, byte for byte, what a
correction changed, and the open data of one agency-year or of all, with its dictionary."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bench.national_data import Size, national_data_generate
from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.domain.workflow import CycleAction
from govperf.evaluation.models import Cycle, KpiYear
from govperf.narrative.models import Block
from govperf.opendata.models import AllDataFile
from govperf.opendata.published import documents_json
from govperf.opendata.tables import TABLES
from govperf.published_files import published_bytes, published_storage
from govperf.workflow.actions import cycle_act
from govperf.workflow.models import PublicYear, PublishedDataFile, PublishedFile
from govperf.workflow.published_state import published_stamp_read
from govperf.workflow.publishing import CONTENT_TYPES
from tests.web.test_english_pages import chinese_left

pytestmark = pytest.mark.django_db
KPI = "深化與友邦高層政要之情誼"
REASON = "更正實際值與前言文字"
SUFFIXES = {"json": "json", "csv": "csv.zip", "xlsx": "xlsx"}


def where(cycle: Cycle) -> list[int]:
    return [cycle.agency_id, cycle.year]


def get(url: str, **headers: Any) -> Any:
    return Client().get(url, **headers)


@pytest.fixture
def old_sentence(imported_cycle: Cycle) -> str:
    """The first sentence of the report's first paragraph, which the correction rewrites."""
    block = Block.objects.filter(chapter__cycle=imported_cycle, kind="paragraph").first()
    assert block is not None and "。" in block.text
    return block.text.split("。")[0] + "。"


@pytest.fixture
def corrected(imported_cycle: Cycle, old_sentence: str) -> Cycle:
    """The imported 107 corrected: one actual and one sentence changed, published as v2."""
    cycle_assign_units(cycle=imported_cycle)
    planning = people_ensure(agency=imported_cycle.agency, password="pw")["planning"]
    cycle = cycle_act(
        actor=planning, cycle=imported_cycle, action=CycleAction.START_CORRECTION, reason=REASON
    ).cycle
    KpiYear.objects.filter(cycle_kpi__kpi__name=KPI, year=107).update(actual_text="999人次")
    block = Block.objects.filter(chapter__cycle=cycle, kind="paragraph").first()
    assert block is not None
    Block.objects.filter(pk=block.pk).update(
        text=block.text.replace(old_sentence, "本段已於更正版改寫。")
    )
    cycle_act(actor=planning, cycle=cycle, action=CycleAction.PUBLISH_CORRECTION, reason=REASON)
    return cycle


def test_every_report_format_downloads_as_stored(imported_cycle: Cycle) -> None:
    files = PublishedFile.objects.filter(version__cycle=imported_cycle, version__number=1)
    assert {file.format for file in files} == set(CONTENT_TYPES)
    for file in files:
        url = reverse("portal:report_file", args=[*where(imported_cycle), 1, file.format])
        response = get(url)
        assert response.status_code == 200
        assert response.getvalue() == published_bytes(file)
        assert response["Content-Type"] == CONTENT_TYPES[file.format]
        assert response["ETag"] == f'"{file.sha256}"'
        assert response["Content-Length"] == str(file.size)
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment; filename*=utf-8''")
        assert disposition.endswith(f"-107-%E6%96%BD%E6%94%BF%E7%B8%BE%E6%95%88%E5%A0%B1%E5%91%8A-v1.{file.format}")  # fmt: skip
        assert "immutable" in response["Cache-Control"]
        assert "max-age=31536000" in response["Cache-Control"]
        assert not response.cookies


def test_every_open_data_format_downloads_as_stored(imported_cycle: Cycle) -> None:
    files = PublishedDataFile.objects.filter(version__cycle=imported_cycle)
    assert {file.format for file in files} == set(SUFFIXES)
    for file in files:
        suffix = SUFFIXES[file.format]
        for url in (
            reverse("portal:data_file", args=[*where(imported_cycle), 1, suffix]),
            reverse("portal:latest_data_file", args=[*where(imported_cycle), suffix]),
        ):
            response = get(url)
            assert response.status_code == 200, url
            assert response.getvalue() == published_bytes(file)
            assert response["ETag"] == f'"{file.sha256}"'
            assert response["Content-Disposition"].endswith(f"-v1.{suffix}")
    csv_zip = get(reverse("portal:data_file", args=[*where(imported_cycle), 1, "csv.zip"]))
    assert csv_zip["Content-Type"] == "application/zip"


def test_the_latest_address_follows_a_correction(corrected: Cycle) -> None:
    latest = get(reverse("portal:latest_report_file", args=[*where(corrected), "txt"]))
    first = get(reverse("portal:report_file", args=[*where(corrected), 1, "txt"]))
    assert "999人次" in latest.getvalue().decode() and "999人次" not in first.getvalue().decode()
    assert latest["Content-Disposition"].endswith("-v2.txt")
    assert latest["Cache-Control"] == "public, max-age=60"
    data = get(reverse("portal:latest_data_file", args=[*where(corrected), "json"]))
    assert "999人次" in data.getvalue().decode()


@pytest.fixture
def storage_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a file of the `published` storage fails the test: no bytes may be read."""

    def refused(name: str, mode: str = "rb") -> None:
        raise AssertionError(f"{name} was read from the storage")

    monkeypatch.setattr(published_storage(), "open", refused)


def test_a_head_request_gets_the_headers_without_reading_the_bytes(
    imported_cycle: Cycle, storage_unread: None
) -> None:
    file = PublishedFile.objects.get(version__cycle=imported_cycle, format="pdf")
    url = reverse("portal:report_file", args=[*where(imported_cycle), 1, "pdf"])
    response = Client().head(url)
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Length"] == str(file.size)
    assert response["ETag"] == f'"{file.sha256}"'


def test_a_repeated_download_is_not_modified(imported_cycle: Cycle) -> None:
    url = reverse("portal:report_file", args=[*where(imported_cycle), 1, "pdf"])
    etag = get(url)["ETag"]
    assert get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(
    "name, tail",
    [
        ("report_file", [1, "exe"]),
        ("report_file", [2, "pdf"]),
        ("report_file", [0, "pdf"]),
        ("latest_report_file", ["PDF"]),
        ("data_file", [1, "csv"]),
        ("data_file", [1, "zip"]),
        ("data_file", [3, "json"]),
        ("latest_data_file", ["xls"]),
        ("changes", [1]),
        ("changes", [2]),
    ],
)
def test_an_unknown_format_or_version_is_not_found(
    imported_cycle: Cycle, name: str, tail: list[Any]
) -> None:
    assert get(reverse(f"portal:{name}", args=[*where(imported_cycle), *tail])).status_code == 404


@pytest.mark.parametrize("agency_year", [(0, 0), (9999, 107), (None, 106), (None, 99999)])
def test_an_unknown_agency_or_year_is_not_found(
    imported_cycle: Cycle, agency_year: tuple[int | None, int]
) -> None:
    agency, year = agency_year
    args = [agency if agency is not None else imported_cycle.agency_id, year]
    assert get(reverse("portal:versions", args=args)).status_code == 404
    assert get(reverse("portal:report_file", args=[*args, 1, "pdf"])).status_code == 404
    assert get(reverse("portal:latest_data_file", args=[*args, "json"])).status_code == 404


def test_an_unknown_all_data_format_is_not_found(db: None) -> None:
    for suffix in ("csv", "zip", "exe", "JSON"):
        assert get(reverse("portal:all_data", args=[suffix])).status_code == 404


def test_nothing_of_a_draft_cycle_is_downloadable(draft_cycle: Cycle) -> None:
    args = where(draft_cycle)
    for url in (
        reverse("portal:versions", args=args),
        reverse("portal:latest_report_file", args=[*args, "pdf"]),
        reverse("portal:report_file", args=[*args, 1, "pdf"]),
        reverse("portal:latest_data_file", args=[*args, "json"]),
        reverse("portal:data_file", args=[*args, 1, "xlsx"]),
    ):
        assert get(url).status_code == 404, url
    assert reverse("portal:versions", args=args) not in get(reverse("portal:data")).content.decode()
    everything = json.loads(get(reverse("portal:all_data", args=["json"])).getvalue())
    assert everything["cycles"] == []


def test_the_versions_page_lists_each_version_with_its_files(corrected: Cycle) -> None:
    response = get(reverse("portal:versions", args=where(corrected)))
    assert response.status_code == 200 and not response.cookies
    page = response.content.decode()
    assert "第 1 版" in page and "第 2 版" in page and REASON in page
    assert "108年3月19日" in page  # 公告日期 in ROC form
    for number in (1, 2):
        for format in CONTENT_TYPES:
            assert reverse("portal:report_file", args=[*where(corrected), number, format]) in page
        for suffix in SUFFIXES.values():
            assert reverse("portal:data_file", args=[*where(corrected), number, suffix]) in page
    assert reverse("portal:changes", args=[*where(corrected), 2]) in page
    assert reverse("portal:changes", args=[*where(corrected), 1]) not in page
    assert reverse("portal:latest_report_file", args=[*where(corrected), "pdf"]) in page
    assert "建議燈號" not in page and "上傳者" not in page


def test_the_changes_page_shows_what_the_correction_changed(
    corrected: Cycle, old_sentence: str
) -> None:
    response = get(reverse("portal:changes", args=[*where(corrected), 2]))
    assert response.status_code == 200 and not response.cookies
    page = response.content.decode()
    assert REASON in page and KPI in page
    assert "前一版：<del>108人次</del>" in page and "本版：<ins>999人次</ins>" in page
    assert f"刪除：<del>{old_sentence}</del>" in page
    assert "新增：<ins>本段已於更正版改寫。</ins>" in page


def test_the_changes_page_reads_in_english(corrected: Cycle) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(reverse("portal:changes", args=[*where(corrected), 2])).content.decode()
    assert "Previous version: <del>" in page and "Reason for the correction" in page
    assert "Added: <ins>" in page and "This version: <ins>" in page
    assert '<ins><span lang="zh-Hant">本段已於更正版改寫。</span></ins>' in page
    assert chinese_left(page) == []


def zipped_tables(content: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name.removesuffix(".csv"): list(
                csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")))
            )
            for name in archive.namelist()
        }


def test_the_data_dictionary_describes_the_files_columns(imported_cycle: Cycle) -> None:
    dictionary = json.loads(get(reverse("portal:data_dictionary")).content)
    columns = {t["name"]: [c["name"] for c in t["columns"]] for t in dictionary["tables"]}
    assert list(columns) == [table.name for table in TABLES]
    assert all(c["type"] and c["description"] for t in dictionary["tables"] for c in t["columns"])
    args = [*where(imported_cycle), 1]
    tables = zipped_tables(get(reverse("portal:data_file", args=[*args, "csv.zip"])).getvalue())
    described = [row[2] for row in tables.pop("data-dictionary")[1:]]
    assert {name: rows[0] for name, rows in tables.items()} == columns
    assert described == [name for names in columns.values() for name in names]
    xlsx = get(reverse("portal:data_file", args=[*args, "xlsx"])).getvalue()
    workbook = load_workbook(io.BytesIO(xlsx), read_only=True)
    sheets = {t["sheet"]: t["name"] for t in dictionary["tables"]}
    for sheet, name in sheets.items():
        header = next(workbook[sheet].iter_rows(max_row=1, values_only=True))
        assert list(header) == columns[name]
    page = get(reverse("portal:data")).content.decode()
    for table in dictionary["tables"]:
        for column in table["columns"]:
            assert f"<code>{column['name']}</code>" in page and column["description"] in page


def test_the_data_page_links_each_agency_years_latest_data(corrected: Cycle) -> None:
    page = get(reverse("portal:data")).content.decode()
    for suffix in SUFFIXES.values():
        assert reverse("portal:latest_data_file", args=[*where(corrected), suffix]) in page
        assert reverse("portal:all_data", args=[suffix]) in page
    assert reverse("portal:data_dictionary") in page and "第 2 版" in page
    for bad in ("abc", "0", "-1", "999999", "1e9"):
        assert get(reverse("portal:data") + f"?page={bad}").status_code == 200


def test_the_data_page_before_anything_is_published(db: None) -> None:
    page = get(reverse("portal:data")).content.decode()
    assert "尚無已公告的開放資料。" in page and "<code>agency</code>" in page


def test_all_data_holds_every_agency_years_latest_version(db: None) -> None:
    national_data_generate(size=Size(agencies=3, years=2, kpis=4), files="small")
    latest = PublicYear.objects.filter(is_latest=True).select_related("agency")
    expected = sorted((row.agency.name, row.year, row.number) for row in latest)
    document = json.loads(get(reverse("portal:all_data", args=["json"])).getvalue())
    found = [(c["agency"], c["year"], c["version"]["number"]) for c in document["cycles"]]
    assert sorted(found) == expected and len({name for name, _y, _n in found}) == 3
    tables = zipped_tables(get(reverse("portal:all_data", args=["csv.zip"])).getvalue())
    kpi_rows = tables["kpi_years"][1:]
    assert {(row[0], int(row[1])) for row in kpi_rows} == {(n, y) for n, y, _ in expected}
    workbook = load_workbook(io.BytesIO(get(reverse("portal:all_data", args=["xlsx"])).getvalue()))
    sheet = workbook[TABLES[0].title]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        name for name, _y, _n in expected
    }


def test_all_data_has_the_corrected_values(corrected: Cycle) -> None:
    document = json.loads(get(reverse("portal:all_data", args=["json"])).getvalue())
    (cycle,) = document["cycles"]
    assert cycle["version"]["number"] == 2
    assert "999人次" in json.dumps(cycle, ensure_ascii=False)


def test_all_data_is_built_at_publication_not_at_download(
    imported_cycle: Cycle, django_capture_on_commit_callbacks: Any
) -> None:
    first = get(reverse("portal:all_data", args=["json"]))  # not built yet: built now, kept
    assert [row.format for row in AllDataFile.objects.all()] == ["json"]
    assert get(reverse("portal:all_data", args=["json"])).getvalue() == first.getvalue()
    cycle_assign_units(cycle=imported_cycle)
    planning = people_ensure(agency=imported_cycle.agency, password="pw")["planning"]
    cycle_act(
        actor=planning, cycle=imported_cycle, action=CycleAction.START_CORRECTION, reason=REASON
    )
    with django_capture_on_commit_callbacks(execute=True):
        cycle_act(
            actor=planning,
            cycle=imported_cycle,
            action=CycleAction.PUBLISH_CORRECTION,
            reason=REASON,
        )
    stored = AllDataFile.objects.filter(stamp=published_stamp_read())
    assert {row.format for row in stored} == set(SUFFIXES)
    assert not AllDataFile.objects.exclude(stamp=published_stamp_read()).exists()  # the old state's
    assert published_bytes(stored.get(format="json")) != first.getvalue()
    with CaptureQueriesContext(connection) as queries:
        response = get(reverse("portal:all_data", args=["csv.zip"]))
    assert response.getvalue() == published_bytes(stored.get(format="csv"))
    assert not any("INSERT" in query["sql"] for query in queries.captured_queries)


def page_queries(url: str, *, head: bool = False) -> list[str]:
    cache.clear()
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.head(url) if head else client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


def the_pages() -> list[tuple[str, bool]]:
    """The download pages of an agency-year with a correction, and its file downloads."""
    year = PublicYear.objects.filter(is_latest=True, number__gte=2).order_by("pk").first()
    assert year is not None, "the generated data holds a corrected year"
    args = [year.agency_id, year.year]
    return [
        (reverse("portal:versions", args=args), False),
        (reverse("portal:changes", args=[*args, year.number]), False),
        (reverse("portal:data"), False),
        (reverse("portal:report_file", args=[*args, 1, "pdf"]), True),
        (reverse("portal:latest_data_file", args=[*args, "json"]), True),
    ]


@pytest.mark.parametrize("agencies, years", [(1, 3), (4, 4)])
def test_queries_do_not_grow_with_the_data_and_lists_read_no_bytes(
    agencies: int, years: int, storage_unread: None
) -> None:
    national_data_generate(size=Size(agencies=agencies, years=years, kpis=6), files="small")
    counts = {}
    for url, head in the_pages():
        queries = page_queries(url, head=head)
        counts[url.rstrip("/").rsplit("/", 1)[-1]] = len(queries)
    assert counts == {
        "versions": 4,
        "changes": 4,
        "data": 3,
        "report.pdf": 2,  # the published state's stamp (the answer cache's key), the file
        "data.json": 2,
    }


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_json_made_one_document_at_a_time_is_jsons_own(count: int) -> None:
    documents = [
        {"agency": "外交部", "year": 100 + n, "goals": [], "note": "一\n二"} for n in range(count)
    ]
    whole = {"format": "govperf-opendata", "version": 1, "cycles": documents}
    expected = (json.dumps(whole, ensure_ascii=False, indent=1) + "\n").encode()
    assert documents_json(iter(documents)) == expected
