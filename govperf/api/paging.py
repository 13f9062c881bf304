"""Pages and filters of the API's lists: bounded pages in a stable order, with links beside."""

# No `from __future__ import annotations`: ninja reads these schemas' annotations at runtime.

from typing import Annotated, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from govperf.api.schemas import Storable
from govperf.domain.lights import Light

PAGE_SIZE = 20
PAGE_SIZE_MAX = 100
PAGE_MAX = 1_000_000  # far past any list; keeps the offset a bounded number

Row = TypeVar("Row", bound=Model)


class PageIn(Schema):
    """Which page: `page` from 1, `page_size` rows a page (at most 100; more is a 422)."""

    page: Annotated[int, Field(ge=1, le=PAGE_MAX)] = 1
    page_size: Annotated[int, Field(ge=1, le=PAGE_SIZE_MAX)] = PAGE_SIZE


AgencyText = Annotated[Storable, Field(min_length=1, max_length=200, examples=["外交部"])]
Year = Annotated[int, Field(ge=1, le=9999, examples=[107])]


class CycleFilters(PageIn):
    agency: AgencyText | None = None  # the agency's name, or its id
    year: Year | None = None  # the ROC year evaluated, e.g. 107


class KpiYearFilters(PageIn):
    year: Year | None = None  # the column's ROC year
    light: Light | None = None  # the official (複核) light: green ★, yellow ▲, red ●, white □


class PublishedYearFilters(PageIn):
    agency: AgencyText | None = None
    year: Year | None = None  # the ROC year evaluated


class PublishedKpiYearFilters(PublishedYearFilters):
    light: Light | None = None  # the official (複核) light


def agency_filter(agency: str | None, field: str = "agency") -> Q:
    """Rows of the agency named `agency`, or with that id when it is all digits."""
    if agency is None:
        return Q()
    name = agency.strip()
    if name.isascii() and name.isdigit():
        return Q(**{f"{field}_id": int(name)})
    return Q(**{f"{field}__name": name})


def page_link(request: HttpRequest, page: int) -> str:
    """This request's URL with `page` set to `page`, other parameters kept."""
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_of(
    request: HttpRequest, rows: QuerySet[Row], paging: PageIn
) -> tuple[int, list[Row], str | None, str | None]:
    """The count, the rows of the page asked for, and the links to the next and previous page.

    Two queries whatever the list's length; a page past the last one is empty."""
    count = rows.count()
    start = (paging.page - 1) * paging.page_size
    items = list(rows[start : start + paging.page_size]) if start < count else []
    following = page_link(request, paging.page + 1) if start + paging.page_size < count else None
    last = max(1, -(-count // paging.page_size))
    before = page_link(request, min(paging.page - 1, last)) if paging.page > 1 else None
    return count, items, following, before
