"""What changed in a KPI-year and what hangs on it: who, when, field, before → after, why."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from govperf.evaluation.models import Evidence, KpiYear, SubMeasure, TargetRevision
from govperf.records.read import CREATED, EARLIEST, Change, object_changes

__all__ = ["Change", "kpi_year_changes_since", "kpi_year_history"]

HIDDEN_FIELDS = frozenset({"file"})


def _per_object(model: type[Model], records: Any, what: Any) -> list[Change]:
    by_object: dict[int, list[Any]] = {}
    for record in records.select_related("history_user").order_by("history_date", "history_id"):
        by_object.setdefault(record.id, []).append(record)
    return [
        change
        for group in by_object.values()
        for change in object_changes(model, group, what, HIDDEN_FIELDS)
    ]


def kpi_year_history(kpi_year: KpiYear) -> list[Change]:
    """Every recorded change of the KPI-year, its sub-measures, evidence and target revisions,
    newest first."""
    sources = (
        (KpiYear, kpi_year.history.all(), lambda r: "指標"),
        (
            SubMeasure,
            SubMeasure.history.filter(kpi_year_id=kpi_year.pk),
            lambda r: f"分項「{r.name}」",
        ),
        (
            Evidence,
            Evidence.history.filter(kpi_year_id=kpi_year.pk),
            lambda r: f"佐證資料「{r.original_name}」",
        ),
        (
            TargetRevision,
            TargetRevision.history.filter(kpi_year_id=kpi_year.pk),
            lambda r: f"目標值修正 #{r.id}",
        ),
    )
    changes = [c for model, records, what in sources for c in _per_object(model, records, what)]
    return sorted(changes, key=lambda change: change.when, reverse=True)


def kpi_year_changes_since(kpi_year: KpiYear, version: int) -> list[Change]:
    """The KPI-year's field changes saved after `version` was loaded, oldest first."""
    records = list(
        kpi_year.history.select_related("history_user").order_by("history_date", "history_id")
    )
    since = [index for index, record in enumerate(records) if (record.version or 0) > version]
    if not since:
        return []
    start = max(since[0] - 1, 0)
    return [
        change
        for change in object_changes(KpiYear, records[start:], lambda r: "指標", HIDDEN_FIELDS)
        if change.field not in {CREATED, EARLIEST}
    ]
