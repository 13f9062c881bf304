"""An XLSX upload out of bounds (a zip bomb, too many parts or rows, a bad id) is refused whole."""

from __future__ import annotations

import tracemalloc
import zipfile
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from govperf.agencies.models import Unit
from govperf.evaluation.bulk_check import BulkUploadError, kpi_form_check
from govperf.evaluation.bulk_form import MAIN_SHEET
from govperf.evaluation.models import Cycle, KpiYear
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def open_cycle(people, draft_cycle) -> Cycle:  # type: ignore[no-untyped-def]
    return open_year(people["planning"], draft_cycle)


@pytest.fixture
def asia(open_cycle: Cycle) -> Unit:
    return Unit.objects.get(agency=open_cycle.agency, name="亞太司")


@pytest.fixture
def staff(people) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(people["staff-asia"])
    return client


@pytest.fixture
def form(staff: Client, open_cycle: Cycle, asia: Unit) -> bytes:
    response = staff.get(f"/cycles/{open_cycle.pk}/units/{asia.pk}/form.xlsx")
    assert response.status_code == 200
    return response.content


def snapshot(cycle: Cycle) -> list[tuple[Any, ...]]:
    years = KpiYear.objects.filter(cycle_kpi__cycle=cycle).order_by("pk")
    return list(years.values_list("actual_text", "analysis", "missed_reason", "version"))


def upload(staff: Client, cycle: Cycle, unit: Unit, data: bytes) -> tuple[int, str]:
    page = staff.post(
        f"/cycles/{cycle.pk}/units/{unit.pk}/bulk/", {"file": SimpleUploadedFile("f.xlsx", data)}
    )
    return page.status_code, page.content.decode()


def rezipped(data: bytes, padding_mb: int = 0, extra_parts: int = 0) -> bytes:
    """The same workbook with `padding_mb` MB of blanks inside its first sheet's XML."""
    source = zipfile.ZipFile(BytesIO(data))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            content = source.read(part)
            if part.filename != SHEET or not padding_mb:
                target.writestr(part.filename, content)
                continue
            head, tail = content.split(b"<sheetData>", 1)
            with target.open(part.filename, "w") as sheet:
                sheet.write(head + b"<sheetData>")
                blanks = b" " * MB
                for _ in range(padding_mb):
                    sheet.write(blanks)
                sheet.write(tail)
        for number in range(extra_parts):
            target.writestr(f"customXml/item{number}.xml", b"<a/>")
    return buffer.getvalue()


def with_cells(data: bytes, cells: dict[str, Any]) -> bytes:
    workbook = load_workbook(BytesIO(data))
    for coordinate, value in cells.items():
        workbook[MAIN_SHEET][coordinate] = value
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_unread_and_nothing_is_saved(staff, open_cycle, asia, form) -> None:  # type: ignore[no-untyped-def]
    bomb = rezipped(with_cells(form, {"F2": "120人次"}), padding_mb=300)
    assert len(bomb) < 2 * MB  # 300 MB of sheet XML packed small
    before = snapshot(open_cycle)
    status, text = upload(staff, open_cycle, asia, bomb)
    assert status == 400
    assert "超過 20.0 MB 上限（可能是壓縮炸彈）；已拒收" in text
    assert "所有資料皆未寫入" in text
    assert snapshot(open_cycle) == before


def test_a_zip_bomb_is_refused_with_little_memory(form) -> None:  # type: ignore[no-untyped-def]
    bomb = rezipped(form, padding_mb=300)
    tracemalloc.start()
    try:
        with pytest.raises(BulkUploadError) as refused:
            kpi_form_check(allowed={}, data=bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "壓縮炸彈" in str(refused.value.problems[0])
    assert peak < 20 * MB  # the bomb unpacks to 300 MB; none of it was unpacked


def test_a_zip_bomb_is_refused_in_english_for_an_english_visitor(
    staff, open_cycle, asia, form
) -> None:  # type: ignore[no-untyped-def]
    staff.cookies["django_language"] = "en"
    status, text = upload(staff, open_cycle, asia, rezipped(form, padding_mb=30))
    assert status == 400
    assert "over the 20.0 MB limit (possibly a zip bomb)" in text


def test_a_part_that_unpacks_far_more_than_a_spreadsheet_does_is_refused(form) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BulkUploadError) as refused:
        kpi_form_check(allowed={}, data=rezipped(form, padding_mb=5))
    assert f"「{SHEET}」解壓縮後是壓縮時的" in str(refused.value.problems[0])


def test_a_file_with_too_many_parts_is_refused(form) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BulkUploadError) as refused:
        kpi_form_check(allowed={}, data=rezipped(form, extra_parts=200))
    assert "超過 100 個上限" in str(refused.value.problems[0])


def test_a_sheet_with_thousands_of_rows_is_refused_by_name(staff, open_cycle, asia, form) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(open_cycle)
    status, text = upload(
        staff, open_cycle, asia, with_cells(form, {"F2": "120人次", "A5000": "1"})
    )
    assert status == 400
    assert f"工作表『{MAIN_SHEET}』：本工作表超過 2000 列" in text
    assert snapshot(open_cycle) == before


def test_a_row_past_the_sheets_declared_dimension_is_still_read(
    staff, open_cycle, asia, form
) -> None:  # type: ignore[no-untyped-def]
    filled = with_cells(form, {"F3": "很多項"})
    source = zipfile.ZipFile(BytesIO(filled))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            content = source.read(part)
            if part.filename == SHEET:
                start = content.index(b'<dimension ref="')
                end = content.index(b'"/>', start)
                content = content[:start] + b'<dimension ref="A1:H2' + content[end:]
            target.writestr(part.filename, content)
    status, text = upload(staff, open_cycle, asia, buffer.getvalue())
    assert status == 400
    assert "第 3 列 F 欄（實際值）" in text and "很多項" in text


@pytest.mark.parametrize("given", ["²", "１２", "-1", "1.5", "9" * 5000])
def test_an_id_cell_that_is_not_plain_digits_names_its_cell(
    staff, open_cycle, asia, form, given
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(open_cycle)
    status, text = upload(staff, open_cycle, asia, with_cells(form, {"A2": given}))
    assert status == 400
    assert "第 2 列 A 欄（編號）" in text
    assert "不是有效的編號；請勿修改 A 欄（編號）" in text
    assert snapshot(open_cycle) == before


def test_a_bomb_whose_directory_understates_its_size_is_unreadable_not_unpacked(
    staff, open_cycle, asia, form
) -> None:  # type: ignore[no-untyped-def]
    bomb = bytearray(rezipped(form, padding_mb=300))
    entry = bomb.index(b"PK\x01\x02")  # the central directory's first entry
    while not bomb[entry + 46 :].startswith(SHEET.encode()):
        entry = bomb.index(b"PK\x01\x02", entry + 4)
    bomb[entry + 24 : entry + 28] = (4096).to_bytes(4, "little")  # "unpacks to 4 KB"
    before = snapshot(open_cycle)
    status, text = upload(staff, open_cycle, asia, bytes(bomb))
    assert status == 400
    assert "無法讀取上傳的檔案" in text and "所有資料皆未寫入" in text
    assert snapshot(open_cycle) == before
