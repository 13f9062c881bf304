"""The public record of a published version, written once, when the version is stored.

What the public reads of a published year is this and only this: the version's snapshot (its
open-data document), its open-data files, and the read tables made from the snapshot. A later
correction writes a record of its own; the one before stays as it was, no longer the latest."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from govperf.domain.published_columns import column_is_present, official_light
from govperf.domain.version_diff import chapter_heading
from govperf.evaluation.models import Cycle, Kpi
from govperf.opendata.models import AllDataFile
from govperf.opendata.published import DATA_FORMATS, DATA_SUFFIXES, opendata_files
from govperf.opendata.selectors import cycle_document
from govperf.published_files import published_write
from govperf.workflow import public_selectors
from govperf.workflow.models import (
    PublicKpiYear,
    PublicSnapshot,
    PublicText,
    PublicYear,
    PublishedDataFile,
    PublishedVersion,
)
from govperf.workflow.published_state import published_stamp_read, published_state_changed

# Keys of `cycle_document` the public is not shown: where the cycle stands in the workflow.
PRIVATE_KEYS = frozenset({"state"})
LIGHTS = ("green", "yellow", "red", "white")
TEXT_BLOCK_KINDS = ("paragraph", "footnote")


@dataclass
class PublicRows:
    """The read-table rows of one version, made from its snapshot, not yet saved."""

    year: PublicYear
    kpi_years: list[PublicKpiYear] = field(default_factory=list)
    texts: list[PublicText] = field(default_factory=list)


def public_snapshot(cycle: Cycle, version: PublishedVersion) -> dict[str, Any]:
    """The cycle's open-data document as the public may read it, as published in `version`."""
    return snapshot_of(cycle_document(cycle), version)


def snapshot_of(cycle_document: Mapping[str, Any], version: PublishedVersion) -> dict[str, Any]:
    """`cycle_document` without its internal keys, saying which version it is."""
    document = {k: v for k, v in cycle_document.items() if k not in PRIVATE_KEYS}
    document["version"] = {
        "number": version.number,
        "published_on": version.published_on.isoformat(),
        "reason": version.reason,
    }
    return document


def own_year_kpis(
    snapshot: Mapping[str, Any],
) -> Iterator[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """(goal, KPI, the KPI's column of the report's own year) for every KPI that has one."""
    for goal in snapshot["goals"]:
        for kpi in goal["kpis"]:
            for column in kpi["years"]:
                if column["year"] == snapshot["year"] and column_is_present(column):
                    yield goal, kpi, column


def _decimal(item: Mapping[str, Any]) -> Decimal | None:
    return Decimal(item["value"]) if item.get("value") is not None else None


def public_rows(
    *,
    version: PublishedVersion,
    agency_id: int,
    snapshot: Mapping[str, Any],
    kpi_ids: Mapping[str, int],
    is_latest: bool,
) -> PublicRows:
    """The read tables' rows of `version` from its snapshot alone; `kpi_ids` by KPI name."""
    common = {"version": version, "agency_id": agency_id, "is_latest": is_latest}
    common |= {"year": snapshot["year"], "number": version.number}
    kpi_years = [
        _kpi_year_row(common, position, goal, kpi, column, kpi_ids[kpi["name"]])
        for position, (goal, kpi, column) in enumerate(own_year_kpis(snapshot), start=1)
    ]
    year = PublicYear(
        **common,
        published_on=version.published_on,
        kpi_count=len(kpi_years),
        mean_achievement=_mean([row.achievement_value for row in kpi_years]),
        **{light: sum(row.light == light for row in kpi_years) for light in LIGHTS},
    )
    return PublicRows(year, kpi_years, list(_texts(common, snapshot, kpi_ids)))


def _kpi_year_row(
    common: dict[str, Any],
    position: int,
    goal: Mapping[str, Any],
    kpi: Mapping[str, Any],
    column: Mapping[str, Any],
    kpi_id: int,
) -> PublicKpiYear:
    light, light_text = official_light(column)
    target, actual = column["target"], column["actual"]
    return PublicKpiYear(
        **common, kpi_id=kpi_id, position=position,
        goal_label=goal["label"], goal_name=goal["name"],
        kpi_label=kpi["label"], kpi_name=kpi["name"],
        measurement_standard=column["measurement_standard"],
        target_text=target["text"], target_value=_decimal(target), target_unit=target["unit"],
        actual_text=actual["text"], actual_value=_decimal(actual), actual_unit=actual["unit"],
        achievement_text=column["achievement"]["text"],
        achievement_value=_decimal(column["achievement"]),
        light=light, light_text=light_text, tier=column.get("tier") or "",
    )  # fmt: skip


def _mean(values: list[Decimal | None]) -> Decimal | None:
    known = [value for value in values if value is not None]
    if not known:
        return None
    return (sum(known, Decimal(0)) / len(known)).quantize(Decimal("0.01"))


def _texts(
    common: dict[str, Any], snapshot: Mapping[str, Any], kpi_ids: Mapping[str, int]
) -> Iterator[PublicText]:
    """Goal names, KPI names (with their own year's standard and narrative), paragraphs."""
    position = 0

    def text(**fields: Any) -> PublicText:
        nonlocal position
        position += 1
        return PublicText(**common, position=position, **fields)

    for goal in snapshot["goals"]:
        yield text(kind=PublicText.Kind.GOAL, title=goal["name"][:300], text="")
    for _goal, kpi, column in own_year_kpis(snapshot):
        parts = (column["measurement_standard"], column["analysis"], column["missed_reason"])
        yield text(
            kind=PublicText.Kind.KPI, title=kpi["name"], kpi_id=kpi_ids[kpi["name"]],
            text="\n".join(part for part in parts if part),
        )  # fmt: skip
    for chapter in snapshot["chapters"]:
        title = chapter_heading(chapter)[:300]
        for block in chapter["blocks"]:
            if block["kind"] in TEXT_BLOCK_KINDS and block["text"].strip():
                yield text(
                    kind=PublicText.Kind.PARAGRAPH, title=title, chapter_key=chapter["key"],
                    text=block["text"],
                )  # fmt: skip


def data_file_rows(
    version: PublishedVersion, files: Mapping[str, bytes]
) -> list[PublishedDataFile]:
    """The version's open-data files, their bytes written to the `published` storage."""
    rows = []
    for format, content in files.items():
        stored = published_write(content, suffix=DATA_SUFFIXES[format])
        rows.append(
            PublishedDataFile(
                version=version,
                format=format,
                storage_key=stored.key,
                sha256=stored.sha256,
                size=stored.size,
            )
        )
    return rows


def all_data_row(stamp: str, format: str, content: bytes) -> AllDataFile:
    """The file of all agencies in `format` for the published state `stamp`, its bytes
    written to the `published` storage."""
    stored = published_write(content, suffix=DATA_SUFFIXES[format])
    return AllDataFile(
        stamp=stamp,
        format=format,
        storage_key=stored.key,
        sha256=stored.sha256,
        size=stored.size,
    )


def kpi_ids_for(agency_id: int, snapshot: Mapping[str, Any]) -> dict[str, int]:
    """The agency's KPI ids by name, for the KPIs of the snapshot's own year (one query)."""
    names = {kpi["name"] for _goal, kpi, _column in own_year_kpis(snapshot)}
    found = Kpi.objects.filter(agency_id=agency_id, name__in=names).values_list("name", "pk")
    return dict(found)


def rows_save(rows: list[PublicRows]) -> None:
    """Save the read tables' rows of several versions, each table in one bulk insert."""
    PublicYear.objects.bulk_create([item.year for item in rows])
    PublicKpiYear.objects.bulk_create([r for item in rows for r in item.kpi_years], 500)
    PublicText.objects.bulk_create([t for item in rows for t in item.texts], 500)


def latest_unset(*, agency_id: int, year: int) -> None:
    """The year's record so far is no longer the latest: a newer version is being stored."""
    for model in (PublicYear, PublicKpiYear, PublicText):
        model.objects.filter(agency_id=agency_id, year=year, is_latest=True).update(is_latest=False)


def public_record_write(version: PublishedVersion) -> None:
    """Write `version`'s public record from its cycle's data as it stands now: snapshot,
    open-data files, read tables; `is_latest` moves to it if it is its cycle's newest."""
    cycle = Cycle.objects.select_related("agency").get(pk=version.cycle_id)
    with transaction.atomic():
        snapshot = public_snapshot(cycle, version)
        PublicSnapshot.objects.create(version=version, document=snapshot)
        files = opendata_files(documents=[snapshot])
        PublishedDataFile.objects.bulk_create(data_file_rows(version, files))
        is_latest = not cycle.versions.filter(number__gt=version.number).exists()
        if is_latest:
            latest_unset(agency_id=cycle.agency_id, year=cycle.year)
        rows = public_rows(
            version=version,
            agency_id=cycle.agency_id,
            snapshot=snapshot,
            kpi_ids=kpi_ids_for(cycle.agency_id, snapshot),
            is_latest=is_latest,
        )
        rows_save([rows])
        published_state_changed()
        all_data_warm()


def versions_without_record() -> list[PublishedVersion]:
    """Versions stored before the public record existed, the newest of each cycle first."""
    missing = PublishedVersion.objects.filter(snapshot__isnull=True).select_related("cycle")
    return list(missing.order_by("cycle_id", "-number"))


@transaction.atomic  # the file of all agencies is then built once, after it, not per version
def public_record_backfill() -> tuple[list[PublishedVersion], list[PublishedVersion]]:
    """Write the record of each version stored before the record existed, where today's data
    is still what it published: the newest version of a cycle that is published (not being
    corrected). The others are skipped, and returned: their data as published is in their
    report files only. Returns (written, skipped)."""
    written, skipped, seen = [], [], set()
    for version in versions_without_record():
        newest = version.cycle_id not in seen and _is_newest(version)
        seen.add(version.cycle_id)
        if newest and version.cycle.state == Cycle.State.PUBLISHED:
            public_record_write(version)
            written.append(version)
        else:
            skipped.append(version)
    return written, skipped


def _is_newest(version: PublishedVersion) -> bool:
    return not version.cycle.versions.filter(number__gt=version.number).exists()


def all_data_store(formats: Collection[str] = DATA_FORMATS) -> dict[str, AllDataFile]:
    """Build the open data of every agency-year's latest version in `formats` from the
    published snapshots with the open-data builders, and store it for the record's state now;
    what is stored already is not built again. Rows of any other state are removed."""
    # The stamp before the snapshots: a publication in between makes the rows stale at once.
    stamp = published_stamp_read()
    stored = {row.format: row for row in AllDataFile.objects.filter(stamp=stamp)}
    missing = [format for format in formats if format not in stored]
    if missing:
        files = opendata_files(documents=public_selectors.latest_snapshots(), formats=missing)
        rows = [all_data_row(stamp, format, content) for format, content in files.items()]
        AllDataFile.objects.bulk_create(rows, ignore_conflicts=True)  # another was quicker
        AllDataFile.objects.exclude(stamp=published_stamp_read()).delete()
        stored |= {row.format: row for row in rows}
    return stored


def all_data_warm() -> None:
    """After the publication's commit: the file of all agencies for the new published state,
    so no download has to build it (seconds at national scale). Run once per transaction
    however many versions it stored (an import of many reports): the later calls find it."""
    transaction.on_commit(all_data_store, robust=True)
