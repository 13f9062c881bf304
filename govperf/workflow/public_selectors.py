"""Reads of the published public record for the public portal: official published data only.

Every read here comes from the record written at publication (`public_record.py`), never from
the live rows staff are editing; each runs a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KeyTransform

from govperf.domain.published_columns import column_is_present, official_light
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

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

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
    """What is searched for: the typed text trimmed, bounded, inner spaces kept (as one), NUL
    dropped (PostgreSQL refuses it in a string)."""
    return " ".join(text.replace("\x00", "").split())[:SEARCH_MAX_LENGTH]


def text_search(
    *,
    text: str,
    page: int | str = 1,
    latest_only: bool = True,
    page_size: int = PAGE_SIZE,
    agency_id: int | None = None,
    year: int | None = None,
) -> Page[PublicText]:
    """Published texts (KPI and goal names, KPI narratives, chapter paragraphs) holding `text`
    as a substring (Chinese has no spaces between words), of one agency or year if given;
    titles that hold it first, then newest year. A substring LIKE on both databases;
    PostgreSQL backs it with trigram indexes (migration 0006), and a query of one or two
    characters, which holds no trigram, with the index of `ShortQueryHeld`. An empty query
    finds nothing."""
    query = search_query(text)
    found = PublicText.objects.none()
    if query:
        found = PublicText.objects.filter(_holding(query))
        if latest_only:
            found = found.filter(is_latest=True)
        if agency_id is not None:
            found = found.filter(agency_id=agency_id)
        if year is not None:
            found = found.filter(year=year)
        rank = Case(
            When(title__icontains=query, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        found = found.select_related("agency").annotate(rank=rank)
        found = found.order_by("rank", "-year", "agency__name", "position", "pk")
    return Paginator(found, page_size).get_page(page)


SHORT_QUERY = 2  # characters: a query this short holds no trigram


class ShortQueryHeld(Func):
    """PostgreSQL: whether a text column holds a query of one or two characters, any case,
    asked of the array of its characters and character pairs (migration 0007), so that its
    GIN index alone answers; exact, as that array holds every such substring."""

    arity = 2
    output_field = BooleanField()

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        column, column_params = compiler.compile(self.source_expressions[0])
        query, query_params = compiler.compile(self.source_expressions[1])
        sql = f"govperf_short_grams({column}) @> ARRAY[UPPER({query})]"
        return sql, (*column_params, *query_params)


def _holding(query: str) -> Q:
    """Texts whose title or text holds `query`, any case: `icontains` (a LIKE), or on
    PostgreSQL for a query too short for a trigram, `ShortQueryHeld`."""
    if connection.vendor == "postgresql" and len(query) <= SHORT_QUERY:
        text = Value(query, output_field=TextField())
        return Q(ShortQueryHeld(F("title"), text)) | Q(ShortQueryHeld(F("text"), text))
    return Q(title__icontains=query) | Q(text__icontains=query)


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
    *, agency_id: int, year: int, format: str, number: int | None = None
) -> PublishedFile:
    """A version's report in `format` (the latest version without `number`), one query; its
    bytes are read from the storage (govperf/published_files.py) when served."""
    found = PublishedFile.objects.select_related("version__cycle__agency")
    file = found.filter(format=format, **_version_filter(agency_id, year, number)).first()
    if file is None:
        raise RecordNotFound(f"{agency_id} {year} v{number or 'latest'} {format}")
    return file


def data_file(
    *, agency_id: int, year: int, format: str, number: int | None = None
) -> PublishedDataFile:
    """A version's open data in `format` (the latest version without `number`), one query."""
    found = PublishedDataFile.objects.select_related("version__cycle__agency")
    file = found.filter(format=format, **_version_filter(agency_id, year, number)).first()
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


def all_data_file(*, stamp: str, format: str) -> AllDataFile | None:
    """The file of all agencies in `format` as built for the published state `stamp`."""
    return AllDataFile.objects.filter(stamp=stamp, format=format).first()


@dataclass(frozen=True)
class KpiYearRecord:
    """One year of a KPI as published: from that year's own report (`own`), or, for a year
    no report of its own was published for, its column in the next report that prints it."""

    year: int
    report_year: int  # the report it is printed in (the year itself when `own`)
    own: bool
    goal_name: str
    kpi_name: str
    measurement_standard: str
    target_text: str
    target_value: Decimal | None
    target_unit: str
    actual_text: str
    actual_value: Decimal | None
    actual_unit: str
    achievement_text: str
    achievement_value: Decimal | None
    light: str  # the official light (複核, else 初核); never the suggested one
    light_text: str
    previous_standard: str | None = None  # the year before's 衡量標準, where it changed


@dataclass(frozen=True)
class KpiRecord:
    """A KPI's published history: its agency, its name as last published, its years."""

    kpi_id: int
    agency_id: int
    agency_name: str
    name: str
    years: tuple[KpiYearRecord, ...]


def kpi_record(*, kpi_id: int) -> KpiRecord:
    """A KPI's whole published history, oldest year first (two queries, whatever the number of
    years): each year's own report (latest version), and before its first report, or in a gap
    between reports, the years a later report prints. The KPI is the same `Kpi` row in every
    cycle (carried over, or matched by name within its agency at import and publication).
    Raises RecordNotFound for a KPI never published."""
    own = list(kpi_history(kpi_id=kpi_id).select_related("agency"))
    if not own:
        raise RecordNotFound(f"kpi {kpi_id}")
    years = {row.year: _own_year(row) for row in own}
    for report_year, name, goals in _reports_before_gaps(own):
        for column in _kpi_columns(goals, name):
            earlier = column["year"] < report_year and column["year"] not in years
            if earlier and column_is_present(column):
                years[column["year"]] = _printed_year(column, report_year, name)
    ordered = _standard_changes([years[year] for year in sorted(years)])
    last = own[-1]
    return KpiRecord(kpi_id, last.agency_id, last.agency.name, last.kpi_name, tuple(ordered))


def _own_year(row: PublicKpiYear) -> KpiYearRecord:
    return KpiYearRecord(
        year=row.year, report_year=row.year, own=True, goal_name=row.goal_name,
        kpi_name=row.kpi_name, measurement_standard=row.measurement_standard,
        target_text=row.target_text, target_value=row.target_value, target_unit=row.target_unit,
        actual_text=row.actual_text, actual_value=row.actual_value, actual_unit=row.actual_unit,
        achievement_text=row.achievement_text, achievement_value=row.achievement_value,
        light=row.light, light_text=row.light_text,
    )  # fmt: skip


def _printed_year(column: Mapping[str, Any], report_year: int, name: str) -> KpiYearRecord:
    light, light_text = official_light(column)
    target, actual, achievement = column["target"], column["actual"], column["achievement"]
    return KpiYearRecord(
        year=column["year"], report_year=report_year, own=False, goal_name="", kpi_name=name,
        measurement_standard=column["measurement_standard"],
        target_text=target["text"], target_value=_value(target), target_unit=target["unit"],
        actual_text=actual["text"], actual_value=_value(actual), actual_unit=actual["unit"],
        achievement_text=achievement["text"], achievement_value=_value(achievement),
        light=light, light_text=light_text,
    )  # fmt: skip


def _value(item: Mapping[str, Any]) -> Decimal | None:
    return Decimal(item["value"]) if item.get("value") is not None else None


def _reports_before_gaps(own: list[PublicKpiYear]) -> list[tuple[int, str, Any]]:
    """(report year, the KPI's name there, its goals) of each own-year report whose year
    before has no report of its own: the first, and the one after each gap (one query)."""
    published = {row.year for row in own}
    after_gap = {row.version_id: row for row in own if row.year - 1 not in published}
    found = PublicSnapshot.objects.filter(version_id__in=after_gap)
    goals = found.annotate(goals=KeyTransform("goals", "document")).values_list(
        "version_id", "goals"
    )
    by_version = dict(goals)
    rows = sorted(after_gap.values(), key=lambda row: row.year)
    return [(row.year, row.kpi_name, by_version.get(row.version_id) or []) for row in rows]


def _kpi_columns(goals: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """The yearly columns a report's snapshot prints for the KPI named `name`."""
    for goal in goals:
        for kpi in goal["kpis"]:
            if kpi["name"] == name:
                columns: list[dict[str, Any]] = kpi["years"]
                return columns
    return []


def _standard_changes(years: list[KpiYearRecord]) -> list[KpiYearRecord]:
    """The years with `previous_standard` set where the 衡量標準 differs from the year before
    (spacing aside: a line break where the other wraps is no change)."""
    changed, before = [], None
    for item in years:
        if before is not None and _plain(before.measurement_standard) != _plain(
            item.measurement_standard
        ):
            item = replace(item, previous_standard=before.measurement_standard)
        changed.append(item)
        before = item
    return changed


def _plain(text: str) -> str:
    return "".join(text.split())


@dataclass(frozen=True)
class ComparisonChoices:
    """What the comparison and the search may be filtered by: published years and agencies."""

    years: list[int]  # newest first
    agencies: list[tuple[int, str]]  # (id, name) by name


def comparison_choices() -> ComparisonChoices:
    """The years and agencies with a published year (two queries)."""
    latest = PublicYear.objects.filter(is_latest=True).order_by()
    years = latest.values_list("year", flat=True).distinct().order_by("-year")
    agencies = latest.values_list("agency_id", "agency__name").distinct().order_by("agency__name")
    return ComparisonChoices(list(years), list(agencies))


# The API's lists of the published record: the same rows the portal shows, filtered and ordered.
def latest_year_list(*, agency: Q | None = None, year: int | None = None) -> QuerySet[PublicYear]:
    """Every published agency-year in its latest version, by agency name then newest year;
    `agency` a filter on the row's agency, `year` the ROC year evaluated."""
    rows = PublicYear.objects.filter(is_latest=True).filter(agency or Q()).select_related("agency")
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("agency__name", "-year", "pk")


def latest_kpi_year_list(
    *, agency: Q | None = None, year: int | None = None, light: str | None = None
) -> QuerySet[PublicKpiYear]:
    """The KPIs of every published agency-year's own year in its latest version, with the
    official light, by agency name, newest year and the report's order."""
    rows = PublicKpiYear.objects.filter(is_latest=True).filter(agency or Q())
    if year is not None:
        rows = rows.filter(year=year)
    if light is not None:
        rows = rows.filter(light=light)
    return rows.select_related("agency").order_by("agency__name", "-year", "position", "pk")


@dataclass(frozen=True)
class VersionFormats:
    """The formats a published version's report and open data are stored in."""

    reports: tuple[str, ...]
    data: tuple[str, ...]


def version_formats(*, version_ids: list[int]) -> dict[int, VersionFormats]:
    """The stored formats of each version in `version_ids`, without any bytes (two queries)."""
    reports = _links(PublishedFile.objects.filter(version_id__in=version_ids), REPORT_FORMAT_ORDER)
    data = _links(PublishedDataFile.objects.filter(version_id__in=version_ids), DATA_FORMAT_ORDER)
    return {
        version_id: VersionFormats(
            reports=tuple(link.format for link in reports.get(version_id, ())),
            data=tuple(link.format for link in data.get(version_id, ())),
        )
        for version_id in version_ids
    }
