"""The portal's KPI history, comparison of agencies and search: published, official data only.

Each page is read from the published record (`workflow.public_selectors`) and answers a bad query
value with its default; govperf/portal/cache.py keeps each anonymous answer per published state."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from govperf.domain.lights import Light
from govperf.portal.charts import Chart, Series, chart_layout
from govperf.web.access import PUBLIC, access
from govperf.workflow import public_selectors as record
from govperf.workflow.models import PublicText

MAX_ID = 2**31 - 1  # larger ids exist in no table: read as absent, not sent to the database
SNIPPET_AROUND = 40  # characters either side of a search hit
QueryValue = str | int | None  # a value a page reads from its query string
PAGE_SIZE = record.PAGE_SIZE  # rows of the comparison, results of the search, per page


def _id(value: str | None) -> int | None:
    """A positive whole number from the query string, or None for anything else."""
    if value is None or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def _page(value: str | None) -> int:
    return _id(value) or 1


def _href(query: Mapping[str, QueryValue]) -> str:
    """`?…` of the values that are set, in a fixed order; page 1 is the page without one."""
    kept = [
        (name, value)
        for name, value in query.items()
        if value not in (None, "") and not (name == "page" and value == 1)
    ]
    return "?" + urlencode(kept) if kept else "?"


# The KPI's history


@access(PUBLIC)
def kpi(request: HttpRequest, kpi_id: int) -> HttpResponse:
    """A KPI's whole published history: values and lights per year, chart, table, standards."""

    if kpi_id > MAX_ID:
        raise Http404
    try:
        found = record.kpi_record(kpi_id=kpi_id)
    except record.RecordNotFound:
        raise Http404 from None
    return render(request, "portal/kpi_history.html", _kpi_context(found))


def _kpi_context(found: record.KpiRecord) -> dict[str, Any]:
    years = found.years
    achievement = [item.achievement_value for item in years]
    charted = _same_unit_years(years)
    return {
        "kpi": found,
        "first": years[0].year,
        "last": years[-1].year,
        "values_chart": _values_chart(charted),
        "values_left_out": years[: len(years) - len(charted)],
        "achievement_chart": chart_layout(
            kind="line",
            categories=[str(item.year) for item in years],
            series=[Series(gettext("達成度"), achievement)],
            unit="%",
        )
        if any(value is not None for value in achievement)
        else None,
        "changed": [item for item in years if item.previous_standard is not None],
    }


def _units(item: record.KpiYearRecord) -> set[str]:
    return {unit for unit in (item.target_unit, item.actual_unit) if unit}


def _same_unit_years(
    years: tuple[record.KpiYearRecord, ...],
) -> tuple[record.KpiYearRecord, ...]:
    """The latest years whose target and actual share the newest year's unit: a chart of
    one axis cannot mix 次 and %, so earlier years in another unit are left to the table."""
    newest = _units(years[-1])
    if len(newest) > 1:
        return ()
    start = len(years)
    while start > 0 and _units(years[start - 1]) <= newest:
        start -= 1
    return years[start:]


def _values_chart(years: tuple[record.KpiYearRecord, ...]) -> Chart | None:
    """Target and actual as grouped bars over `years` (None if none has a value)."""
    target = [item.target_value for item in years]
    actual = [item.actual_value for item in years]
    if all(value is None for value in (*target, *actual)):
        return None
    series = [Series(gettext("原訂目標值"), target), Series(gettext("實際值"), actual)]
    unit = next((unit for item in years for unit in _units(item)), "")
    categories = [str(item.year) for item in years]
    return chart_layout(kind="bar", categories=categories, series=series, unit=unit)


# The comparison of agencies and years


@dataclass(frozen=True)
class Column:
    """A sortable column of the comparison: its sort key and heading, and which way it
    sorts first (names A to Z, numbers largest first)."""

    key: str
    label: str
    light: str = ""
    descending_first: bool = True


def _columns() -> list[Column]:
    return [
        Column("agency", gettext("機關"), descending_first=False),
        Column("year", gettext("年度")),
        Column("kpis", gettext("指標數")),
        *(Column(light, "", light=light) for light in record.LIGHTS),
        Column("achievement", gettext("平均達成度")),
    ]


@dataclass(frozen=True)
class CompareQuery:
    """The comparison's query string, read: each bad value is its default."""

    year: int | None
    light: str | None
    agency: int | None
    sort: str
    page: int

    @classmethod
    def read(cls, get: QueryDict) -> CompareQuery:
        sort = get.get("sort", "")
        light = get.get("light")
        return cls(
            year=_id(get.get("year")),
            light=light if light in record.LIGHTS else None,
            agency=_id(get.get("agency")),
            sort=sort if sort.lstrip("-") in record.COMPARISON_SORTS else "agency",
            page=_page(get.get("page")),
        )

    def values(self, **changed: QueryValue) -> dict[str, QueryValue]:
        """The query's values by name (agency, year, light, sort, page), some changed."""
        own = {"year": self.year, "light": self.light, "agency": self.agency}
        return own | {"sort": self.sort, "page": self.page} | changed


@access(PUBLIC)
def compare(request: HttpRequest) -> HttpResponse:
    """Light statistics and mean achievement per agency and year, sortable and filterable."""
    query = CompareQuery.read(request.GET)
    rows = record.comparison_rows(
        year=query.year,
        light=query.light,
        agency_id=query.agency,
        sort=query.sort,
        page=query.page,
        page_size=PAGE_SIZE,
    )
    context = {
        "rows": rows,
        "query": query,
        "choices": record.comparison_choices(),
        "lights": [Light(light) for light in record.LIGHTS],
        "headings": _headings(query),
        "pages": _pages(rows, lambda n: query.values(page=n)),
    }
    return render(request, "portal/kpi_compare.html", context)


def _headings(query: CompareQuery) -> list[dict[str, Any]]:
    """Each column's heading: its link sorting by it (reversed if sorted by it already) and,
    on the sorted column, its `aria-sort`."""
    headings = []
    for column in _columns():
        if query.sort.lstrip("-") == column.key:
            descending = query.sort.startswith("-")
            state = "descending" if descending else "ascending"
            next_descending = not descending
        else:
            state, next_descending = "", column.descending_first
        sort = f"-{column.key}" if next_descending else column.key
        headings.append(
            {
                "column": column,
                "aria_sort": state,
                "href": _href(query.values(sort=sort, page=1)),
                "next": gettext("遞減排序") if next_descending else gettext("遞增排序"),
            }
        )
    return headings


def _pages(rows: Any, values: Any) -> dict[str, str]:
    """The links to the page before and after `rows`' page, where there is one."""
    links = {}
    if rows.has_previous():
        links["previous"] = _href(values(rows.previous_page_number()))
    if rows.has_next():
        links["next"] = _href(values(rows.next_page_number()))
    return links


# The search


@dataclass(frozen=True)
class SearchQuery:
    """The search's query string, read: the text trimmed and bounded, bad numbers ignored."""

    text: str
    agency: int | None
    year: int | None
    page: int

    @classmethod
    def read(cls, get: QueryDict) -> SearchQuery:
        return cls(
            text=record.search_query(get.get("q", "")),
            agency=_id(get.get("agency")),
            year=_id(get.get("year")),
            page=_page(get.get("page")),
        )

    def values(self, **changed: QueryValue) -> dict[str, QueryValue]:
        own = {"q": self.text, "agency": self.agency, "year": self.year, "page": self.page}
        return own | changed


@dataclass(frozen=True)
class Marked:
    """A text cut around the first hit: before it, the hit, after it, and whether cut."""

    before: str
    hit: str
    after: str
    cut_before: bool
    cut_after: bool


def marked(text: str, query: str, around: int = SNIPPET_AROUND) -> Marked:
    """`text` around the first place holding `query` (any case), or its start if none."""
    found = re.search(re.escape(query), text, re.IGNORECASE) if query else None
    if found is None:
        return Marked("", "", text[: 2 * around], False, len(text) > 2 * around)
    start, end = max(0, found.start() - around), found.end() + around
    return Marked(
        text[start : found.start()],
        found.group(0),
        text[found.end() : end],
        start > 0,
        end < len(text),
    )


@dataclass(frozen=True)
class SearchResult:
    """A text found, with its title and snippet marked, and the page it links to."""

    item: PublicText
    title: Marked
    snippet: Marked | None
    url: str


def _result(item: PublicText, query: str) -> SearchResult:
    if item.kind == PublicText.Kind.KPI and item.kpi_id:
        url = reverse("portal:kpi", args=[item.kpi_id])
    elif item.kind == PublicText.Kind.PARAGRAPH:
        url = reverse("portal:chapters", args=[item.agency_id, item.year])
    else:
        url = reverse("portal:year", args=[item.agency_id, item.year])
    title = marked(item.title, query, around=len(item.title))
    return SearchResult(item, title, marked(item.text, query) if item.text else None, url)


@access(PUBLIC)
def search(request: HttpRequest) -> HttpResponse:
    """Search KPI and goal names, KPI narratives and chapter paragraphs: any substring, so
    Chinese words (no spaces between them) are found; the empty query shows the form only."""
    query = SearchQuery.read(request.GET)
    found = record.text_search(
        text=query.text,
        page=query.page,
        agency_id=query.agency,
        year=query.year,
        page_size=PAGE_SIZE,
    )
    context = {
        "query": query,
        "choices": record.comparison_choices(),
        "found": found,
        "max_length": record.SEARCH_MAX_LENGTH,
        "results": [_result(item, query.text) for item in found],
        "pages": _pages(found, lambda n: query.values(page=n)),
    }
    return render(request, "portal/kpi_search.html", context)
