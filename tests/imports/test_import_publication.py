"""An imported report is published version 1 with its files; BOM and CRLF copies are the same."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from govperf.agencies.models import Agency
from govperf.evaluation.models import Cycle
from govperf.imports.services import report_check_text, reports_import_files
from govperf.published_files import published_bytes
from govperf.workflow.models import PublishedFile, PublishedVersion

pytestmark = pytest.mark.django_db
FORMATS = {"html", "pdf", "docx", "odt", "txt"}


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"agencies", "evaluation", "finance", "narrative", "workflow"}
    }


def copy_of(tmp_path: Path, sample_path: Path, *, bom: bool = False, crlf: bool = False) -> Path:
    data = sample_path.read_bytes()
    if crlf:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "copy.txt"
    path.write_bytes(data)
    return path


def test_the_imported_107_is_version_1_with_every_format(imported_cycle: Cycle) -> None:
    (version,) = imported_cycle.versions.all()
    assert version.number == 1
    assert version.published_on == imported_cycle.published_on
    assert version.published_by is None  # stored by the import, not published in govperf
    assert {file.format for file in version.files.all()} == FORMATS
    assert all(
        file.size > 0 and file.size == len(published_bytes(file)) for file in version.files.all()
    )


def test_the_public_downloads_the_imported_107(imported_cycle: Cycle) -> None:
    client = Client()
    year = {"agency_id": imported_cycle.agency_id, "year": imported_cycle.year}
    page = client.get(reverse("workflow:versions", args=[imported_cycle.pk]))
    assert page["Location"] == reverse("portal:versions", kwargs=year)  # the public's listing
    for format in FORMATS:
        url = reverse("workflow:download", args=[imported_cycle.pk, 1, format])
        response = client.get(url)
        assert response.status_code == 200, format
        assert response["Content-Disposition"].endswith(
            quote(f"外交部-107-施政績效報告-v1.{format}")
        )
    text = client.get(reverse("workflow:download", args=[imported_cycle.pk, 1, "txt"]))
    assert "外交部" in text.getvalue().decode()


def test_reimporting_the_identical_file_stores_no_second_version(
    imported_cycle: Cycle, sample_path: Path
) -> None:
    before = row_counts()
    hashes = set(PublishedFile.objects.values_list("sha256", flat=True))
    outcome = reports_import_files(paths=[sample_path])[0]
    assert outcome.changed is False
    assert row_counts() == before
    assert set(PublishedFile.objects.values_list("sha256", flat=True)) == hashes


def test_a_changed_file_replaces_the_imported_version(
    imported_cycle: Cycle, sample_text: str, tmp_path: Path
) -> None:
    changed = tmp_path / "changed.txt"
    changed.write_text(sample_text.replace("\t108人次\n", "\t109人次\n", 1), encoding="utf-8")
    assert reports_import_files(paths=[changed])[0].changed is True
    (version,) = PublishedVersion.objects.filter(cycle__year=107)
    assert version.number == 1
    assert "109人次" in published_bytes(version.files.get(format="txt")).decode()


def test_a_file_with_a_bom_is_the_same_agency_and_report(
    imported_cycle: Cycle, sample_path: Path, tmp_path: Path
) -> None:
    before = row_counts()
    outcome = reports_import_files(paths=[copy_of(tmp_path, sample_path, bom=True)])[0]
    assert outcome.changed is False
    assert list(Agency.objects.values_list("name", flat=True)) == ["外交部"]
    assert row_counts() == before


def test_a_bom_file_imported_first_names_the_agency_without_it(
    db: None, sample_path: Path, tmp_path: Path
) -> None:
    outcome = reports_import_files(paths=[copy_of(tmp_path, sample_path, bom=True)])[0]
    assert outcome.cycle.agency.name == "外交部"
    assert outcome.cycle.title.startswith("107年度")


def test_a_crlf_copy_is_recognised_as_identical(
    imported_cycle: Cycle, sample_path: Path, tmp_path: Path
) -> None:
    before = row_counts()
    crlf = copy_of(tmp_path, sample_path, bom=True, crlf=True)
    assert b"\r\n" in crlf.read_bytes()
    outcome = reports_import_files(paths=[crlf])[0]
    assert outcome.changed is False
    assert row_counts() == before
    assert Cycle.objects.get().source_sha256 == imported_cycle.source_sha256


def test_the_fingerprint_is_of_the_normalised_text(sample_text: str) -> None:
    plain = report_check_text(text=sample_text, source="plain.txt")
    crlf = report_check_text(text="\ufeff" + sample_text.replace("\n", "\r\n"), source="crlf.txt")
    assert crlf.fingerprint == plain.fingerprint
    assert crlf.report.agency == "外交部"
