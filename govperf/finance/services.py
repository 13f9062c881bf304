"""Writes to the finance tables: typed cells of the cycle's year, and their derived cells."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from govperf.domain.text import REASON_MAX_LENGTH, TextError, clean_text
from govperf.evaluation.models import Cycle
from govperf.evaluation.policy import change_check
from govperf.finance.cells import (
    AREAS,
    Cell,
    CellError,
    DerivedCell,
    cell_parse,
    derived_cells,
    derived_problems,
    editable_cells,
)
from govperf.records.write import recorded_save

DERIVED_REASON = "依公式重算（衍生欄位）"


def _parsed(cycle: Cycle, table: str, typed: Mapping[str, str]) -> list[tuple[Cell, str, Any]]:
    """The typed cells that changed, parsed; ValidationError keyed by every bad cell's name."""
    changes: list[tuple[Cell, str, Any]] = []
    errors: dict[str, list[str]] = {}
    for cell in editable_cells(cycle, table):
        if cell.name not in typed:
            continue
        text = typed[cell.name].strip()
        if text == cell.text.strip():
            continue  # unchanged: a cell still blank in a new year is not an error
        try:
            value = cell_parse(cell, text)
        except CellError as error:
            errors[cell.name] = [error.problem]  # the page names the cell beside it
            continue
        changes.append((cell, text, value))
    if errors:
        raise ValidationError(errors)
    return changes


def _write(cell: Cell, text: str, value: Decimal | None, actor: Any, reason: str) -> None:
    setattr(cell.obj, cell.text_attr, text)
    setattr(cell.obj, cell.value_attr, value)
    recorded_save(
        cell.obj, actor=actor, reason=reason, update_fields=[cell.text_attr, cell.value_attr]
    )


def _derived_store(cycle: Cycle, actor: Any, reason: str) -> None:
    """Store every derived cell whose stored value differs, so report and open data match;
    ValidationError (the caller's transaction rolls back) when one is too large to store."""
    cells = derived_cells(cycle)
    problems = derived_problems(cells)
    if problems:
        raise ValidationError(problems)
    for item in cells:
        stored = getattr(item.cell.obj, item.cell.value_attr)
        if stored != item.value or item.cell.text != item.text:
            _write(item.cell, item.text, item.value, actor, reason)


def _derived_reason(reason: str) -> str:
    """The history reason of the derived cells a save recomputes; fits the reason column."""
    combined = f"{reason}（{DERIVED_REASON}）"
    return combined if reason and len(combined) <= REASON_MAX_LENGTH else DERIVED_REASON


def finance_cells_save(
    *, actor: Any, cycle: Cycle, table: str, typed: Mapping[str, str], reason: str = ""
) -> int:
    """Save the typed cells of `table` and recompute the derived ones; how many cells changed.

    Refuses (nothing saved) what the policy table refuses (ChangeRefused), and any cell that is
    not a number, naming that cell.
    """
    try:
        reason = clean_text(reason, field="修改說明", max_length=REASON_MAX_LENGTH)
    except TextError as error:
        raise ValidationError(error.text(gettext)) from error
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        change_check(user=actor, area=AREAS[table], cycle=cycle)
        changes = _parsed(cycle, table, typed)
        for cell, text, value in changes:
            _write(cell, text, value, actor, reason)
        if changes:
            _derived_store(cycle, actor, _derived_reason(reason))
        return len(changes)


def finance_cells_preview(
    *, cycle: Cycle, table: str, typed: Mapping[str, str]
) -> tuple[list[DerivedCell], list[tuple[str, str]]]:
    """The derived cells as they would be with `typed`, and the bad cells (each its label and
    what is wrong, "" for a derived cell's whole sentence); nothing is kept: the values are
    applied in a transaction that is rolled back, so the formulas are exactly those of
    `finance.derived`."""
    with transaction.atomic():
        try:
            changes = _parsed(cycle, table, typed)
        except ValidationError as error:
            labels = {cell.name: cell.label for cell in editable_cells(cycle, table)}
            bad = error.message_dict.items()
            return [], [(labels.get(name, ""), text) for name, texts in bad for text in texts]
        for cell, text, value in changes:
            setattr(cell.obj, cell.text_attr, text)
            setattr(cell.obj, cell.value_attr, value)
            cell.obj.save_without_historical_record(update_fields=[cell.text_attr, cell.value_attr])
        cells = derived_cells(cycle)
        transaction.set_rollback(True)
    return cells, [("", problem) for problem in derived_problems(cells)]
