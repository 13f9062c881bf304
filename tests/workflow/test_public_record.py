"""What a published version says is written when it is published, and never changes after."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.domain.workflow import CycleAction
from govperf.evaluation.models import Cycle, KpiYear
from govperf.published_files import published_bytes
from govperf.workflow.actions import cycle_act
from govperf.workflow.models import (
    PublicKpiYear,
    PublicSnapshot,
    PublicText,
    PublicYear,
    PublishedDataFile,
    PublishedVersion,
)

pytestmark = pytest.mark.django_db
KPI = "深化與友邦高層政要之情誼"
# Keys that would carry internal material: none may appear anywhere in a public snapshot.
INTERNAL_KEYS = {
    "state", "suggested", "suggested_light", "evidence", "history", "light_reason", "formula",
    "review_light_reason", "inputs", "uploaded_by", "published_by", "author", "comments",
    "version_counter",
}  # fmt: skip


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in _keys(value)}
    if isinstance(node, list):
        return {k for value in node for k in _keys(value)}
    return set()


def _row(version: PublishedVersion, name: str = KPI) -> PublicKpiYear:
    return PublicKpiYear.objects.get(version=version, kpi_name=name)


@pytest.fixture
def planning(imported_cycle: Cycle) -> Any:
    cycle_assign_units(cycle=imported_cycle)
    return people_ensure(agency=imported_cycle.agency, password="pw")["planning"]


def _correct(cycle: Cycle, planning: Any, change: dict[str, Any], name: str = KPI) -> Any:
    """Start a correction, change the KPI's 107 column, publish the correction."""
    cycle = cycle_act(
        actor=planning, cycle=cycle, action=CycleAction.START_CORRECTION, reason="更正實際值"
    ).cycle
    KpiYear.objects.filter(cycle_kpi__kpi__name=name, year=107).update(**change)
    acted = cycle_act(
        actor=planning, cycle=cycle, action=CycleAction.PUBLISH_CORRECTION, reason="更正實際值"
    )
    assert acted.version is not None
    return acted.version


def test_the_imports_version_1_has_its_record(imported_cycle: Cycle) -> None:
    version = imported_cycle.versions.get()
    snapshot = version.snapshot.document
    assert (snapshot["agency"], snapshot["year"]) == ("外交部", 107)
    assert snapshot["version"]["number"] == 1
    year = PublicYear.objects.get(version=version)
    assert year.is_latest and (year.year, year.number) == (107, 1)
    assert year.kpi_count == PublicKpiYear.objects.filter(version=version).count() > 0
    assert year.green + year.yellow + year.red + year.white == year.kpi_count
    row = _row(version)
    assert (row.actual_text, row.year, row.kpi_id) == ("108人次", 107, row.kpi.pk)
    assert row.light in ("green", "yellow", "red", "white")
    kinds = set(PublicText.objects.filter(version=version).values_list("kind", flat=True))
    assert kinds == {"kpi", "goal", "paragraph"}


def test_the_open_data_files_hold_the_snapshot_and_every_table(imported_cycle: Cycle) -> None:
    version = imported_cycle.versions.get()
    files = {
        f.format: published_bytes(f) for f in PublishedDataFile.objects.filter(version=version)
    }
    assert set(files) == {"json", "csv", "xlsx"}
    assert json.loads(files["json"])["cycles"] == [version.snapshot.document]
    with zipfile.ZipFile(io.BytesIO(files["csv"])) as archive:
        names = set(archive.namelist())
        kpis = archive.read("kpi_years.csv").decode("utf-8-sig")
    assert {"kpi_years.csv", "budget.csv", "data-dictionary.csv"} <= names
    assert KPI in kpis and "108人次" in kpis
    workbook = load_workbook(io.BytesIO(files["xlsx"]), read_only=True)
    assert "資料說明" in workbook.sheetnames and "關鍵績效指標" in workbook.sheetnames


def test_a_correction_writes_a_new_record_and_the_first_stays_as_published(
    imported_cycle: Cycle, planning: Any
) -> None:
    first = imported_cycle.versions.get()
    first_bytes = {f.format: f.sha256 for f in first.data_files.all()}
    second = _correct(imported_cycle, planning, {"actual_text": "999人次"})
    assert second.number == 2
    first.refresh_from_db()
    assert _row(first).actual_text == "108人次"
    assert "999人次" not in json.dumps(first.snapshot.document, ensure_ascii=False)
    assert {f.format: f.sha256 for f in first.data_files.all()} == first_bytes
    assert _row(second).actual_text == "999人次"
    assert "999人次" in json.dumps(second.snapshot.document, ensure_ascii=False)
    latest = PublicYear.objects.filter(agency=imported_cycle.agency, year=107, is_latest=True)
    assert [year.number for year in latest] == [2]
    for model in (PublicKpiYear, PublicText):
        assert not model.objects.filter(version=first, is_latest=True).exists()
        assert model.objects.filter(version=second, is_latest=True).exists()


def test_the_public_record_shows_the_official_light_never_the_suggested_one(
    imported_cycle: Cycle, planning: Any
) -> None:
    # 10% achieved would suggest 紅燈; the reviewer's official light is 綠燈.
    change = {
        "achievement_text": "10%", "achievement_value": 10, "initial_light": "green",
        "initial_light_text": "★", "review_light": "green", "review_light_text": "★",
        "light_reason": "內部說明：不公開", "review_light_reason": "內部說明：複核不公開",
    }  # fmt: skip
    first = imported_cycle.versions.get()
    greens_before = first.public_year.green - (_row(first).light == "green")
    second = _correct(imported_cycle, planning, change)
    row = _row(second)
    assert (row.achievement_text, row.light, row.light_text) == ("10%", "green", "★")
    assert PublicYear.objects.get(version=second).green == greens_before + 1
    for snapshot in PublicSnapshot.objects.all():
        assert not _keys(snapshot.document) & INTERNAL_KEYS
        assert "內部說明" not in json.dumps(snapshot.document, ensure_ascii=False)
    fields = {f.name for model in (PublicYear, PublicKpiYear) for f in model._meta.fields}
    assert not {name for name in fields if "suggest" in name}


def test_versions_stored_before_the_record_existed_get_theirs(imported_cycle: Cycle) -> None:
    version = imported_cycle.versions.get()
    for model in (PublicSnapshot, PublishedDataFile, PublicYear, PublicKpiYear, PublicText):
        model.objects.filter(version=version).delete()
    out = io.StringIO()
    call_command("public_record", stdout=out)
    assert "寫入 1 個版本" in out.getvalue()
    assert PublicYear.objects.get(version=version).is_latest
    again = io.StringIO()
    call_command("public_record", stdout=again)
    assert "寫入 0 個版本" in again.getvalue()


def test_a_version_whose_data_is_being_corrected_is_not_backfilled(
    imported_cycle: Cycle, planning: Any
) -> None:
    version = imported_cycle.versions.get()
    PublicSnapshot.objects.filter(version=version).delete()
    cycle_act(
        actor=planning, cycle=imported_cycle, action=CycleAction.START_CORRECTION, reason="更正"
    )
    out = io.StringIO()
    call_command("public_record", stdout=out)
    assert "略過" in out.getvalue() and "寫入 0 個版本" in out.getvalue()
    assert not PublicSnapshot.objects.filter(version=version).exists()
