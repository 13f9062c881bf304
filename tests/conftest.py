"""Fixtures shared by govperf's tests: the sample report, imported or as text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL (DATABASE_URL set), skip the tests marked `once`: what they prove (a
    browser, LibreOffice, a missing program) does not depend on the database."""
    if not os.environ.get("DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="runs once, on SQLite: the database adds nothing to it")
    for item in items:
        if item.get_closest_marker("once"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def cache_emptied() -> None:
    """Each test starts with an empty cache: a page kept by an earlier test's rolled-back data
    (whose ids the next test's rows may reuse) is not served to the next."""
    from django.core.cache import cache

    cache.clear()


SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mofa-107-performance-report.txt"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def imported_cycle(db):  # type: ignore[no-untyped-def]
    from govperf.imports.services import reports_import_files

    return reports_import_files(paths=[SAMPLE])[0].cycle


@pytest.fixture
def draft_cycle(imported_cycle):  # type: ignore[no-untyped-def]
    """The sample as next year's cycle would start: in draft, each KPI owned by a demo unit."""
    from govperf.demo.people import cycle_assign_units
    from govperf.evaluation.models import Cycle
    from govperf.workflow.models import PublishedFile

    PublishedFile.objects.filter(version__cycle=imported_cycle).delete()
    imported_cycle.versions.all().delete()  # a year that starts in draft has published nothing
    Cycle.objects.filter(pk=imported_cycle.pk).update(
        state=Cycle.State.DRAFT, published_on=None, published_on_text=""
    )
    imported_cycle.refresh_from_db()
    cycle_assign_units(cycle=imported_cycle)
    return imported_cycle


@pytest.fixture
def people(draft_cycle):  # type: ignore[no-untyped-def]
    """One account per role of `govperf.demo.people.PEOPLE`, by username."""
    from govperf.demo.people import people_ensure

    return people_ensure(agency=draft_cycle.agency, password="pw")


@pytest.fixture
def published_in_memory(settings):  # type: ignore[no-untyped-def]
    """The `published` storage as an empty InMemoryStorage of this test's own (ask for it
    before any fixture that publishes)."""
    from django.core.files.storage import InMemoryStorage

    from govperf.published_files import published_storage

    backend = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    settings.STORAGES = {**settings.STORAGES, "published": backend}
    storage = published_storage()
    assert isinstance(storage, InMemoryStorage)
    return storage
