"""Applying a checked XLSX bulk-entry form in one transaction, with each change's history."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from govperf.domain.values import Measure
from govperf.evaluation.bulk_check import (
    Entry,
    Upload,
    cell_text,
    kpi_form_check,
)
from govperf.evaluation.bulk_form import kpi_years_allowed
from govperf.evaluation.entry import kpi_year_change_check, recompute, summed
from govperf.evaluation.models import Cycle, KpiYear
from govperf.records.write import recorded_save

CHANGE_REASON = "XLSX 批次填報"


def kpi_form_apply(
    *, actor: AbstractBaseUser, cycle: Cycle, kpi_years: Iterable[KpiYear], data: bytes
) -> int:
    """Check the filled form as a whole, then apply it in one transaction; KPI-years changed.

    Raises ChangeRefused when the policy table refuses any of the KPI-years to `actor`, and
    BulkUploadError listing every problem (by sheet, row and column); nothing is written
    then. Rows left out of the form leave their KPI-years as they are.
    """
    allowed = kpi_years_allowed(cycle, kpi_years)
    for year in allowed.values():
        kpi_year_change_check(actor, year)
    upload = kpi_form_check(allowed=allowed, data=data)
    with transaction.atomic():
        return sum(_apply_year(actor, year, upload) for year in allowed.values())


def _apply_subs(actor: AbstractBaseUser, year: KpiYear, upload: Upload) -> bool:
    """Store the sub-measures' new actuals; whether any changed."""
    changed = False
    for sub in year.sub_measures.all():
        if sub.pk not in upload.subs or upload.subs[sub.pk][1].text == sub.actual_text.strip():
            continue
        actual = upload.subs[sub.pk][1]
        sub.actual_text, sub.actual_value, sub.actual_unit = actual.text, actual.value, actual.unit
        fields = ["actual_text", "actual_value", "actual_unit"]
        recorded_save(sub, actor=actor, reason=CHANGE_REASON, update_fields=fields)
        changed = True
    return changed


def _summed(year: KpiYear) -> Measure:
    """The KPI-year's actual as the sum of its sub-measures, printed like `1,629次`."""
    return summed(year, [sub.actual_value for sub in year.sub_measures.all()])


def _changes(year: KpiYear, entry: Entry | None, subs_changed: bool) -> dict[str, Any]:
    actual = _summed(year) if subs_changed else entry.actual if entry else None
    changes: dict[str, Any] = {}
    if actual is not None and (subs_changed or actual.text != year.actual_text.strip()):
        changes.update(actual_text=actual.text, actual_value=actual.value, actual_unit=actual.unit)
    if entry is not None:
        for name in ("analysis", "missed_reason"):
            if getattr(entry, name) != cell_text(getattr(year, name)):
                changes[name] = getattr(entry, name)
    return changes


def _apply_year(actor: AbstractBaseUser, year: KpiYear, upload: Upload) -> int:
    """Write one KPI-year's changes with its history; 1 if it changed, else 0."""
    changes = _changes(year, upload.entries.get(year.pk), _apply_subs(actor, year, upload))
    if not changes:
        return 0
    for name, value in changes.items():
        setattr(year, name, value)
    with contextlib.suppress(ValidationError):  # the check above refused impossible figures
        changes |= recompute(year)
    for name, value in changes.items():
        setattr(year, name, value)
    year.version += 1
    recorded_save(year, actor=actor, reason=CHANGE_REASON, update_fields=[*changes, "version"])
    return 1
