"""Reads of the published public record for the public portal: official published data only.

Every read here comes from the record written at publication (`public_record.py`), never from
the live rows staff are editing; each runs a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from govperf.domain.version_diff import VersionDiff, snapshot_diff
from govperf.opendata.models import AllDataFile
from govperf.workflow.models import (
    PublicKpiYear,
    PublicSnapshot,
    PublicText,
    PublicYear,
    PublishedDataFile,
    PublishedFile,
    PublishedVersion,
)

SEARCH_MAX_LENGTH = 50  # longer queries are cut: a LIKE over a long pattern is costly
PAGE_SIZE = 50
LIGHTS = ("green", "yellow", "red", "white")
# What the comparison rows may be sorted by: the sort key as asked, and its columns.
COMPARISON_SORTS: Mapping[str, tuple[str, ...]] = {
    "agency": ("agency__name", "-year"),
    "year": ("year", "agency__name"),
    "achievement": ("mean_achievement", "agency__name"),
    "kpis": ("kpi_count", "agency__name"),
    **{light: (light, "agency__name") for light in LIGHTS},
}


class RecordNotFound(LookupError):
    """No published version matches what was asked."""


def latest_years() -> QuerySet[PublicYear]:
    """Each agency's latest published year, in its latest version, by agency name (one query)."""
    newest = PublicYear.objects.filter(agency=OuterRef("agency"), is_latest=True).order_by("-year")
    return (
        PublicYear.objects.filter(is_latest=True, year=Subquery(newest.values("year")[:1]))
        .select_related("agency")
        .order_by("agency__name")
    )


def agency_years(*, agency_id: int) -> QuerySet[PublicYear]:
    """An agency's published years, newest first, each in its latest version."""
    return PublicYear.objects.filter(agency_id=agency_id, is_latest=True).order_by("-year")


def year_versions(*, agency_id: int, year: int) -> QuerySet[PublicYear]:
    """Every published version of an agency's year, first to last."""
    return PublicYear.objects.filter(agency_id=agency_id, year=year).order_by("number")


def year_snapshot(*, agency_id: int, year: int, number: int | None = None) -> dict[str, Any]:
    """The year's snapshot as published: the latest version, or version `number`."""
    found = PublicSnapshot.objects.filter(
        version__cycle__agency_id=agency_id, version__cycle__year=year
    )
    if number is None:
        snapshot = found.order_by("-version__number").first()
    else:
        snapshot = found.filter(version__number=number).first()
    if snapshot is None:
        raise RecordNotFound(f"{agency_id} {year} v{number or 'latest'}")
    document: dict[str, Any] = snapshot.document
    return document


def kpi_history(*, kpi_id: int) -> QuerySet[PublicKpiYear]:
    """A KPI's own-year column in every year it was published, each year's latest version,
    oldest year first (one query, whatever the number of years)."""
    return PublicKpiYear.objects.filter(kpi_id=kpi_id, is_latest=True).order_by("year")


def comparison_rows(
    *,
    year: int | None = None,
    light: str | None = None,
    agency_id: int | None = None,
    sort: str = "agency",
    page: int | str = 1,
    page_size: int = PAGE_SIZE,
) -> Page[PublicYear]:
    """Year summaries (latest versions) filtered by year, agency and a light at least one KPI
    has, sorted by `sort` (a key of COMPARISON_SORTS, `-` first for descending), one page.
    An unknown sort or light is ignored; a page out of range gives the last page."""
    rows = PublicYear.objects.filter(is_latest=True).select_related("agency")
    if year is not None:
        rows = rows.filter(year=year)
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    if light in LIGHTS:
        rows = rows.filter(**{f"{light}__gt": 0})
    descending = sort.startswith("-")
    columns = COMPARISON_SORTS.get(sort.lstrip("-"), COMPARISON_SORTS["agency"])
    first = f"-{columns[0]}" if descending else columns[0]
    return Paginator(rows.order_by(first, *columns[1:], "pk"), page_size).get_page(page)


def search_query(text: str) -> str:
    """What is searched for: the typed text trimmed, bounded, inner spaces kept."""
    return " ".join(text.split())[:SEARCH_MAX_LENGTH]


def text_search(
    *, text: str, page: int | str = 1, latest_only: bool = True, page_size: int = PAGE_SIZE
) -> Page[PublicText]:
    """Published texts (KPI and goal names, KPI narratives, chapter paragraphs) holding `text`
    as a substring (Chinese has no spaces between words); titles that hold it first, then
    newest year. A substring LIKE on both databases; PostgreSQL backs it with trigram indexes
    (migration 0006). An empty query finds nothing."""
    query = search_query(text)
    found = PublicText.objects.none()
    if query:
        found = PublicText.objects.filter(Q(title__icontains=query) | Q(text__icontains=query))
        if latest_only:
            found = found.filter(is_latest=True)
        rank = Case(
            When(title__icontains=query, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        found = found.select_related("agency").annotate(rank=rank)
        found = found.order_by("rank", "-year", "agency__name", "position", "pk")
    return Paginator(found, page_size).get_page(page)


@dataclass(frozen=True)
class VersionChanges:
    """What version `number` of a year changed against the version before it."""

    number: int
    previous: int
    diff: VersionDiff


def version_changes(*, agency_id: int, year: int, number: int) -> VersionChanges:
    """The readable diff of version `number` against `number - 1` (two queries)."""
    if number < 2:
        raise RecordNotFound(f"{agency_id} {year} v{number} has no version before it")
    old = year_snapshot(agency_id=agency_id, year=year, number=number - 1)
    new = year_snapshot(agency_id=agency_id, year=year, number=number)
    return VersionChanges(number=number, previous=number - 1, diff=snapshot_diff(old, new))


def year_summary(*, agency_id: int, year: int) -> PublicYear:
    """The year's summary in its latest published version, with its agency (one query)."""
    found = (
        PublicYear.objects.filter(agency_id=agency_id, year=year, is_latest=True)
        .select_related("agency")
        .first()
    )
    if found is None:
        raise RecordNotFound(f"{agency_id} {year}")
    return found


def version_kpi_years(*, version_id: int) -> QuerySet[PublicKpiYear]:
    """A version's KPIs of its own year, in the report's order, each with its official light."""
    return PublicKpiYear.objects.filter(version_id=version_id).order_by("position")


def version_report_formats(*, version_id: int) -> list[str]:
    """The formats a version's report was published in, without reading any file's bytes."""
    found = PublishedFile.objects.filter(version_id=version_id).values_list("format", flat=True)
    return sorted(found)


# The published files: each version's report formats and open data, listed without their bytes.
REPORT_FORMAT_ORDER = ("pdf", "odt", "docx", "html", "txt")
DATA_FORMAT_ORDER = ("json", "csv", "xlsx")
SNAPSHOT_CHUNK = 20  # snapshots in memory at once while the file of all agencies is built


@dataclass(frozen=True)
class FileLink:
    """A stored file of a published version, as a list shows it: its format and size."""

    format: str
    size: int


@dataclass(frozen=True)
class VersionFiles:
    """A published version of a year with the files it has; `recorded` when it has a public
    record (snapshot, open data), which versions stored before the record existed may lack."""

    number: int
    published_on: date
    reason: str
    recorded: bool
    reports: tuple[FileLink, ...]
    data: tuple[FileLink, ...]


@dataclass(frozen=True)
class YearFiles:
    """An agency's published year: every version, first to last."""

    agency_id: int
    agency: str
    year: int
    versions: tuple[VersionFiles, ...]

    @property
    def latest(self) -> VersionFiles:
        return self.versions[-1]


def year_files(*, agency_id: int, year: int) -> YearFiles:
    """Every published version of the agency's year with its report formats and open-data
    formats, sizes from the stored size, never the bytes (three queries)."""
    of_year = {"cycle__agency_id": agency_id, "cycle__year": year}
    recorded = Exists(PublicSnapshot.objects.filter(version=OuterRef("pk")))
    versions = list(
        PublishedVersion.objects.filter(**of_year)
        .select_related("cycle__agency")
        .annotate(recorded=recorded)
        .order_by("number")
    )
    if not versions:
        raise RecordNotFound(f"{agency_id} {year}")
    files = {f"version__{key}": value for key, value in of_year.items()}
    reports = _links(PublishedFile.objects.filter(**files), REPORT_FORMAT_ORDER)
    data = _links(PublishedDataFile.objects.filter(**files), DATA_FORMAT_ORDER)
    return YearFiles(
        agency_id=agency_id,
        agency=versions[0].cycle.agency.name,
        year=year,
        versions=tuple(
            VersionFiles(
                number=version.number,
                published_on=version.published_on,
                reason=version.reason,
                recorded=version.recorded,
                reports=reports.get(version.pk, ()),
                data=data.get(version.pk, ()),
            )
            for version in versions
        ),
    )


def _links(files: QuerySet[Any], order: tuple[str, ...]) -> dict[int, tuple[FileLink, ...]]:
    """Files' formats and sizes by version id, in `order` (others after, by name)."""
    found: dict[int, list[FileLink]] = {}
    for version_id, format, size in files.values_list("version_id", "format", "size"):
        found.setdefault(version_id, []).append(FileLink(format, size))

    def rank(link: FileLink) -> tuple[int, str]:
        return (order.index(link.format) if link.format in order else len(order), link.format)

    return {key: tuple(sorted(links, key=rank)) for key, links in found.items()}


def _version_filter(agency_id: int, year: int, number: int | None) -> dict[str, Any]:
    """Filters of a version's file: version `number`, or the year's latest version."""
    of_year = {"version__cycle__agency_id": agency_id, "version__cycle__year": year}
    if number is not None:
        return of_year | {"version__number": number}
    latest = PublishedVersion.objects.filter(cycle__agency_id=agency_id, cycle__year=year)
    newest = latest.order_by("-number").values("number")[:1]
    return of_year | {"version__number": Subquery(newest)}


def report_file(
    *, agency_id: int, year: int, format: str, number: int | None = None, content: bool = True
) -> PublishedFile:
    """A version's report in `format` (the latest version without `number`), one query;
    without its bytes when `content` is False (a HEAD request)."""
    found = PublishedFile.objects.select_related("version__cycle__agency")
    found = found.filter(format=format, **_version_filter(agency_id, year, number))
    file = (found if content else found.defer("content")).first()
    if file is None:
        raise RecordNotFound(f"{agency_id} {year} v{number or 'latest'} {format}")
    return file


def data_file(
    *, agency_id: int, year: int, format: str, number: int | None = None, content: bool = True
) -> PublishedDataFile:
    """A version's open data in `format` (the latest version without `number`), one query."""
    found = PublishedDataFile.objects.select_related("version__cycle__agency")
    found = found.filter(format=format, **_version_filter(agency_id, year, number))
    file = (found if content else found.defer("content")).first()
    if file is None:
        raise RecordNotFound(f"{agency_id} {year} v{number or 'latest'} data {format}")
    return file


def published_version(*, agency_id: int, year: int, number: int) -> PublishedVersion:
    """Version `number` of the agency's year, with its agency (one query)."""
    found = PublishedVersion.objects.select_related("cycle__agency")
    version = found.filter(cycle__agency_id=agency_id, cycle__year=year, number=number).first()
    if version is None:
        raise RecordNotFound(f"{agency_id} {year} v{number}")
    return version


def latest_year_page(*, page: int | str = 1, page_size: int = PAGE_SIZE) -> Page[PublicYear]:
    """Every agency-year in its latest version, by agency then newest year, one page."""
    rows = PublicYear.objects.filter(is_latest=True).select_related("agency")
    return Paginator(rows.order_by("agency__name", "-year", "pk"), page_size).get_page(page)


def latest_snapshots() -> Iterator[dict[str, Any]]:
    """The snapshot of every agency-year's latest version, by agency name and year: what the
    file of all agencies is made of. One query, read a few rows at a time."""
    found = PublicSnapshot.objects.filter(version__public_year__is_latest=True)
    found = found.order_by("version__cycle__agency__name", "version__cycle__year")
    return found.values_list("document", flat=True).iterator(chunk_size=SNAPSHOT_CHUNK)


def all_data_file(*, stamp: str, format: str, content: bool = True) -> AllDataFile | None:
    """The file of all agencies in `format` as built for the published state `stamp`."""
    found = AllDataFile.objects.filter(stamp=stamp, format=format)
    return (found if content else found.defer("content")).first()
