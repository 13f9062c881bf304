"""Evidence files: upload checked by type and size, download as the KPI page, withdraw kept."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from govperf.evaluation import evidence as evidence_module
from govperf.evaluation.models import Cycle, Evidence, KpiYear
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司
IO_KPI = "積極爭取參與我尚未參加之功能性政府間國際"  # 國際組織司


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def open_cycle(people, draft_cycle) -> Cycle:  # type: ignore[no-untyped-def]
    return open_year(people["planning"], draft_cycle)


def year_of(cycle: Cycle, name: str) -> KpiYear:
    return KpiYear.objects.get(
        cycle_kpi__cycle=cycle, cycle_kpi__kpi__name__startswith=name, year=cycle.year
    )


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password="pw")
    return client


def upload(client: Client, year: KpiYear, name: str, content: bytes = b"%PDF-1.4 evidence"):  # type: ignore[no-untyped-def]
    file = SimpleUploadedFile(name, content)
    return client.post(
        f"/kpi-years/{year.pk}/evidence/new/",
        {"file": file, "description": "訪問名單"},
        follow=True,
    )


def test_upload_download_and_withdraw_keep_the_file_and_the_history(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    staff = signed_in("staff-asia")
    assert "已上傳佐證資料" in upload(staff, year, "名單.pdf").content.decode()
    evidence = Evidence.objects.get(kpi_year=year)
    assert evidence.file.name.startswith(f"evidence/{open_cycle.pk}/{year.pk}/")
    download = staff.get(f"/evidence/{evidence.pk}/")
    assert (
        download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 evidence"
    )
    withdrawn = staff.post(
        f"/evidence/{evidence.pk}/withdraw/", {"reason": "誤傳舊版"}, follow=True
    )
    assert "已撤回" in withdrawn.content.decode()
    evidence.refresh_from_db()
    assert evidence.withdrawn and evidence.withdrawn_reason == "誤傳舊版"
    assert evidence.file.storage.exists(evidence.file.name)
    history = staff.get(f"/kpi-years/{year.pk}/").content.decode().split('id="history"')[1]
    assert "佐證資料「名單.pdf」" in history and "誤傳舊版" in history and "staff-asia" in history


def test_a_refused_file_names_why_and_nothing_is_stored(people, open_cycle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    staff = signed_in("staff-asia")
    page = upload(staff, year, "macro.exe", b"MZ").content.decode()
    assert "「macro.exe」的檔案類型 exe 不接受" in page
    monkeypatch.setattr(evidence_module, "MAX_BYTES", 10)
    page = upload(staff, year, "big.pdf", b"x" * 11).content.decode()
    assert "「big.pdf」超過 20 MB 上限" in page
    assert not Evidence.objects.exists()


def test_withdrawing_needs_a_reason(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    staff = signed_in("staff-asia")
    upload(staff, year, "a.png", b"\x89PNG")
    evidence = Evidence.objects.get()
    page = staff.post(f"/evidence/{evidence.pk}/withdraw/", {"reason": " "}, follow=True)
    assert "撤回佐證資料須填寫理由" in page.content.decode()
    evidence.refresh_from_db()
    assert not evidence.withdrawn


def test_another_unit_cannot_download_upload_or_withdraw(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    io_year = year_of(open_cycle, IO_KPI)
    upload(signed_in("staff-io"), io_year, "io.csv", b"a,b")
    evidence = Evidence.objects.get()
    staff = signed_in("staff-asia")
    assert staff.get(f"/evidence/{evidence.pk}/").status_code == 404
    assert staff.post(f"/evidence/{evidence.pk}/withdraw/", {"reason": "x"}).status_code == 404
    file = SimpleUploadedFile("x.pdf", b"%PDF")
    assert staff.post(f"/kpi-years/{io_year.pk}/evidence/new/", {"file": file}).status_code == 404
    assert Client().get(f"/evidence/{evidence.pk}/")["Location"].startswith("/login/")
    assert signed_in("head-asia").get(f"/evidence/{evidence.pk}/").status_code == 404
    assert signed_in("minister").get(f"/evidence/{evidence.pk}/").status_code == 200
    evidence.refresh_from_db()
    assert not evidence.withdrawn and Evidence.objects.count() == 1
