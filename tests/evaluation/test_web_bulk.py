"""Bulk entry on the web: the unit's form to download, an upload applied whole or not at all."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from govperf.agencies.models import Unit
from govperf.evaluation.bulk_form import MAIN_SHEET
from govperf.evaluation.models import Cycle, KpiYear
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_cycle(people, draft_cycle) -> Cycle:  # type: ignore[no-untyped-def]
    return open_year(people["planning"], draft_cycle)


def unit(cycle: Cycle, name: str) -> Unit:
    return Unit.objects.get(agency=cycle.agency, name=name)


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password="pw")
    return client


def snapshot(cycle: Cycle) -> list[tuple[Any, ...]]:
    years = KpiYear.objects.filter(cycle_kpi__cycle=cycle).order_by("pk")
    return list(years.values_list("actual_text", "analysis", "missed_reason", "version"))


def filled(data: bytes, cells: dict[str, Any]) -> SimpleUploadedFile:
    workbook = load_workbook(BytesIO(data))
    for coordinate, value in cells.items():
        workbook[MAIN_SHEET][coordinate] = value
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("form.xlsx", buffer.getvalue())


def test_an_upload_with_one_bad_cell_changes_nothing_and_names_the_cell(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    asia = unit(open_cycle, "亞太司")
    staff = signed_in("staff-asia")
    form = staff.get(f"/cycles/{open_cycle.pk}/units/{asia.pk}/form.xlsx")
    assert form.status_code == 200 and form["Content-Type"].startswith("application/vnd.openxml")
    before = snapshot(open_cycle)
    upload = filled(form.content, {"F2": "120人次", "F3": "很多項"})
    page = staff.post(f"/cycles/{open_cycle.pk}/units/{asia.pk}/bulk/", {"file": upload})
    text = page.content.decode()
    assert page.status_code == 400
    assert "第 3 列 F 欄（實際值）" in text and "很多項" in text and "所有資料皆未寫入" in text
    assert snapshot(open_cycle) == before


def test_a_good_upload_is_applied_with_history_and_a_new_version(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    asia = unit(open_cycle, "亞太司")
    staff = signed_in("staff-asia")
    form = staff.get(f"/cycles/{open_cycle.pk}/units/{asia.pk}/form.xlsx").content
    response = staff.post(
        f"/cycles/{open_cycle.pk}/units/{asia.pk}/bulk/", {"file": filled(form, {"F2": "120人次"})}
    )
    assert response.status_code == 302
    year = KpiYear.objects.get(
        cycle_kpi__cycle=open_cycle, year=open_cycle.year, actual_text="120人次"
    )
    assert year.version == 1 and year.achievement_text == "100%"
    assert year.history.first().history_user == people["staff-asia"]


def test_another_units_bulk_page_and_form_are_not_found(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    io = unit(open_cycle, "國際組織司")
    staff = signed_in("staff-asia")
    assert staff.get(f"/cycles/{open_cycle.pk}/units/{io.pk}/bulk/").status_code == 404
    assert staff.get(f"/cycles/{open_cycle.pk}/units/{io.pk}/form.xlsx").status_code == 404
    before = snapshot(open_cycle)
    file = SimpleUploadedFile("form.xlsx", b"not a workbook")
    assert (
        staff.post(f"/cycles/{open_cycle.pk}/units/{io.pk}/bulk/", {"file": file}).status_code
        == 404
    )
    assert snapshot(open_cycle) == before


def test_a_form_row_of_another_unit_is_refused(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    asia, io = unit(open_cycle, "亞太司"), unit(open_cycle, "國際組織司")
    io_form = signed_in("staff-io").get(f"/cycles/{open_cycle.pk}/units/{io.pk}/form.xlsx").content
    before = snapshot(open_cycle)
    page = signed_in("staff-asia").post(
        f"/cycles/{open_cycle.pk}/units/{asia.pk}/bulk/", {"file": filled(io_form, {"F2": "1次"})}
    )
    assert page.status_code == 400 and "不能藉由修改編號填報其他單位的指標" in page.content.decode()
    assert snapshot(open_cycle) == before


def test_bulk_upload_after_publication_is_refused(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    asia = unit(draft_cycle, "亞太司")
    staff = signed_in("staff-asia")
    form = staff.get(f"/cycles/{draft_cycle.pk}/units/{asia.pk}/form.xlsx").content
    before = snapshot(draft_cycle)
    page = staff.post(
        f"/cycles/{draft_cycle.pk}/units/{asia.pk}/bulk/", {"file": filled(form, {"F2": "1人次"})}
    )
    assert page.status_code == 403 and "已公告" in page.content.decode()
    assert snapshot(draft_cycle) == before
