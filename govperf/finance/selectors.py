"""What the finance pages show: the tables as printed, who may edit them, recent changes."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from govperf.evaluation.models import Cycle
from govperf.evaluation.policy import may_change
from govperf.finance.cells import (
    AREAS,
    BUDGET,
    HEADCOUNT,
    HISTORY_MODELS,
    Cell,
    editable_cells,
    history_label,
)
from govperf.finance.models import ProgramCostYear
from govperf.records.read import Change, person, reason, shown

User = AbstractBaseUser | AnonymousUser


def table_editable_by(*, user: User, cycle: Cycle, table: str) -> bool:
    """Whether the policy table lets `user` change `table` of `cycle` now."""
    return may_change(user=user, area=AREAS[table], cycle=cycle)


@dataclass(frozen=True)
class Row:
    """A printed row: its label cells, then one entry per year (an object, or None)."""

    labels: list[str]
    cells: list[Any]


def table_rows(*, cycle: Cycle, table: str) -> tuple[list[int], list[Row]]:
    """The years (columns) and rows of a table as the report prints it."""
    if table == BUDGET:
        items: list[Any] = list(cycle.budget_figures.all())
    elif table == HEADCOUNT:
        items = list(cycle.headcount_figures.all())
    else:
        items = list(
            ProgramCostYear.objects.filter(program_cost__cycle=cycle).select_related("program_cost")
        )
    position = attrgetter(
        "program_cost.position" if table not in (BUDGET, HEADCOUNT) else "position"
    )
    items.sort(key=lambda item: (position(item), item.year))
    years = sorted({item.year for item in items})
    rows = []
    for _, group in groupby(items, key=position):
        cells = list(group)
        by_year = {cell.year: cell for cell in cells}
        rows.append(Row(_labels(table, cells[0]), [by_year.get(year) for year in years]))
    return years, rows


def _labels(table: str, item: Any) -> list[str]:
    if table == BUDGET:
        return [item.fund_text, item.measure_text]
    if table == HEADCOUNT:
        return [item.label]
    cost = item.program_cost
    return [cost.goal_text or cost.get_kind_display(), cost.program_text, cost.kpi_text]


def editable_names(*, cycle: Cycle, table: str) -> dict[tuple[int, str], Cell]:
    """(object pk, field) → each cell a person types (its form field name and label)."""
    return {(cell.obj.pk, cell.field): cell for cell in editable_cells(cycle, table)}


def recent_changes(*, cycle: Cycle, table: str, limit: int = 20) -> list[Change]:
    """The latest edits of the table's cells, newest first, from their history."""
    model = HISTORY_MODELS[table]
    records = model.history.filter(history_type="~")
    if table in (BUDGET, HEADCOUNT):
        records = records.filter(cycle_id=cycle.pk)
    else:
        ids = ProgramCostYear.objects.filter(program_cost__cycle=cycle).values("pk")
        records = records.filter(id__in=ids)
    changes = []
    for record in records.select_related("history_user").order_by("-history_date")[:limit]:
        previous = record.prev_record
        changes.append(
            Change(
                who=person(record.history_user),
                when=record.history_date,
                what=history_label(table, record),
                field="",
                before=_shown(table, previous) if previous else "—",
                after=_shown(table, record),
                reason=reason(record),
            )
        )
    return changes


def _shown(table: str, record: Any) -> str:
    if table in (BUDGET, HEADCOUNT):
        return shown(record, "text")
    return f"預算數 {shown(record, 'budget_text')}／進度 {shown(record, 'progress_text')}"
