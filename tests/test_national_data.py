"""The national data set generator (bench/national_data.py): the size asked, the same each time."""

from __future__ import annotations

import hashlib

import pytest
from django.db import transaction

from bench.national_data import Size, national_data_generate

pytestmark = pytest.mark.django_db
SIZE = Size(agencies=2, years=3, kpis=6, first_year=106)


def _fingerprint() -> list[tuple[object, ...]]:
    from govperf.evaluation.models import KpiYear
    from govperf.narrative.models import Block

    years = KpiYear.objects.order_by("pk").values_list("year", "actual_text", "review_light")
    return [*years, *Block.objects.order_by("pk").values_list("text", flat=True)]


def test_every_agency_has_each_year_published_with_its_kpis_tables_and_versions() -> None:
    from govperf.evaluation.models import Cycle, KpiYear
    from govperf.finance.models import BudgetFigure
    from govperf.published_files import published_bytes
    from govperf.workflow.models import PublishedFile, PublishedVersion

    national_data_generate(size=SIZE, files="small")
    cycles = Cycle.objects.order_by("agency__name", "year")
    assert [(c.year, c.state) for c in cycles[:3]] == [(y, "published") for y in (106, 107, 108)]
    assert cycles.count() == 6
    assert {c.layout for c in cycles} == {"roc107", "post_reform"}  # 108 on is post-reform
    for cycle in cycles:
        assert cycle.cycle_kpis.count() == 6
        assert KpiYear.objects.filter(cycle_kpi__cycle=cycle).count() == 6 * 4  # 4 years printed
        assert BudgetFigure.objects.filter(cycle=cycle, year=cycle.year).exists()
        assert cycle.chapters.filter(blocks__kind="paragraph").exists()
        assert 1 <= cycle.versions.count() <= 3
    for file in PublishedFile.objects.all():
        assert hashlib.sha256(published_bytes(file)).hexdigest() == file.sha256
    assert PublishedFile.objects.count() == 5 * PublishedVersion.objects.count()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    fingerprints = []
    for seed in (1, 1, 2):
        with transaction.atomic():
            national_data_generate(size=SIZE, seed=seed, files="small")
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0] != fingerprints[2]


def test_a_generated_year_builds_its_report_with_every_kpi_and_chapter() -> None:
    from govperf.evaluation.models import Cycle
    from govperf.reports.builder import document_build

    national_data_generate(size=SIZE, files="small")
    cycle = Cycle.objects.get(agency__name="內政部", year=107)
    document = document_build(cycle)
    text = repr(document)
    assert all(ck.kpi.name in text for ck in cycle.cycle_kpis.select_related("kpi"))
    assert "推動成果具體事蹟" in text
