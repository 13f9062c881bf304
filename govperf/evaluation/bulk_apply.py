"""Applying a checked XLSX bulk-entry form: each changed row through the one entry service."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from govperf.evaluation.bulk_check import (
    BulkUploadError,
    Problem,
    Upload,
    cell_text,
    kpi_form_check,
)
from govperf.evaluation.bulk_form import MAIN_SHEET, kpi_years_allowed
from govperf.evaluation.entry import kpi_year_change_check
from govperf.evaluation.entry_save import Entry, StaleEntry, kpi_year_enter
from govperf.evaluation.models import Cycle, KpiYear

CHANGE_REASON = "XLSX 批次填報"


def kpi_form_apply(
    *, actor: AbstractBaseUser, cycle: Cycle, kpi_years: Iterable[KpiYear], data: bytes
) -> int:
    """Check the filled form as a whole, then enter each changed row in one transaction through
    `kpi_year_enter` (policy, row lock, version check, validation, history); rows changed.

    Raises ChangeRefused when the policy table refuses any of the KPI-years to `actor`, and
    BulkUploadError listing every problem (by sheet, row and column), or naming the KPI someone
    saved since the form was checked; nothing is written then. Rows left out of the form, or
    as they are stored, leave their KPI-years as they are.
    """
    allowed = kpi_years_allowed(cycle, kpi_years)
    for year in allowed.values():
        kpi_year_change_check(actor, year)
    upload = kpi_form_check(allowed=allowed, data=data)
    entries = [(year, entry) for year in allowed.values() if (entry := _entry(year, upload))]
    with transaction.atomic():
        for year, entry in entries:
            _enter(actor, year, entry, upload)
    return len(entries)


def _entry(year: KpiYear, upload: Upload) -> Entry | None:
    """The row as the entry form would send it, at the version read; None when unchanged."""
    row = upload.entries.get(year.pk)
    subs = {
        sub.pk: upload.subs[sub.pk][1].text
        for sub in year.sub_measures.all()
        if sub.pk in upload.subs and upload.subs[sub.pk][1].text != sub.actual_text.strip()
    }
    entry = Entry(
        version=year.version,
        actual_text=row.actual.text if row and row.actual else year.actual_text,
        analysis=row.analysis if row else year.analysis,
        missed_reason=row.missed_reason if row else year.missed_reason,
        sub_actuals=subs,
    )
    stored = (year.actual_text, year.analysis, year.missed_reason)
    typed = (entry.actual_text, entry.analysis, entry.missed_reason)
    if not subs and [cell_text(t) for t in typed] == [cell_text(s) for s in stored]:
        return None
    return entry


def _enter(actor: AbstractBaseUser, year: KpiYear, entry: Entry, upload: Upload) -> None:
    """One row through the entry service; its refusal names the row and refuses the upload."""
    row = upload.entries[year.pk].row if year.pk in upload.entries else None
    try:
        kpi_year_enter(actor=actor, kpi_year_id=year.pk, entry=entry, reason=CHANGE_REASON)
    except StaleEntry as error:
        message = _("「%(kpi)s」在您上傳後已由他人修改；未寫入任何資料，請重新下載表單。") % {
            "kpi": year.cycle_kpi.kpi
        }
        raise BulkUploadError([Problem(message, sheet=MAIN_SHEET, row=row)]) from error
    except ValidationError as error:
        message = _("；").join(error.messages)
        raise BulkUploadError([Problem(message, sheet=MAIN_SHEET, row=row)]) from error
