"""The import writes each table in bulk: a report with more KPIs takes no more queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govperf.evaluation.models import CycleKpi, KpiYear, SubMeasure
from govperf.imports import services
from govperf.imports.services import reports_import_files

pytestmark = pytest.mark.django_db

FIRST = "１、關鍵績效指標：深化與友邦高層政要之情誼\n"
SECOND = "２、關鍵績效指標：我與友邦合作計畫執行項數\n"
ADDED = 10


def with_more_kpis(text: str, agency: str) -> str:
    """The sample for another agency, its first KPI copied ADDED times under new names."""
    start, end = text.index(FIRST), text.index(SECOND)
    block = text[start:end]
    name = "深化與友邦高層政要之情誼"
    copies = "".join(block.replace(name, f"{name}（{n}）", 1) for n in range(1, ADDED + 1))
    return (text[:end] + copies + text[end:]).replace("外交部", agency)


def import_counted(path: Path) -> int:
    with CaptureQueriesContext(connection) as queries:
        reports_import_files(paths=[path])
    return len(queries)


@pytest.fixture
def sqlite_batches_as_large_as_sqlite_allows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Django splits a bulk insert on SQLite at 999 parameters, the limit of SQLite before 3.32
    (32766 since): left as it is, more rows could take one more batch, not one more query each."""
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection.features, "max_query_params", 32766)


@pytest.fixture
def renders_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each import renders its report (and reads what it renders) as a first import does."""
    monkeypatch.setattr(services, "_RENDERED", {})


@pytest.mark.usefixtures("sqlite_batches_as_large_as_sqlite_allows", "renders_not_kept")
def test_more_kpis_take_no_more_queries(
    sample_text: str, sample_path: Path, tmp_path: Path
) -> None:
    larger = tmp_path / "larger.txt"
    larger.write_text(with_more_kpis(sample_text, "僑務委員會"), encoding="utf-8")
    sample_queries = import_counted(sample_path)
    larger_queries = import_counted(larger)
    kpis = CycleKpi.objects.filter(cycle__agency__name="僑務委員會").count()
    assert kpis == CycleKpi.objects.filter(cycle__agency__name="外交部").count() + ADDED
    assert larger_queries == sample_queries


def test_every_imported_row_keeps_one_history_record_naming_the_import(
    sample_path: Path,
) -> None:
    reports_import_files(paths=[sample_path])
    for model in (KpiYear, SubMeasure):
        rows = model.objects.count()
        records = model.history.all()  # type: ignore[attr-defined]
        assert rows and records.count() == rows
        assert set(records.values_list("history_user", "history_change_reason")) == {
            (None, "匯入已公告報告")
        }
    with_sub_measures = KpiYear.objects.filter(kind="sub_measures").first()
    assert with_sub_measures is not None and with_sub_measures.sub_measures.exists()
