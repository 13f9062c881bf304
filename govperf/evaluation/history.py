"""What changed in a KPI-year and what hangs on it: who, when, field, before → after, why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model

from govperf.evaluation.models import Evidence, KpiYear, SubMeasure, TargetRevision

HIDDEN_FIELDS = frozenset({"version", "id", "file"})


@dataclass(frozen=True)
class Change:
    """One field's change in one historical record (or a record created / removed)."""

    when: datetime
    who: str
    what: str  # the object: 指標, 分項「…」, 佐證資料「…」, 目標值修正 #n
    field: str
    before: str
    after: str
    reason: str


def _label(model: type[Model], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except Exception:  # a field dropped since: show its name
        return name


def _who(record: Any) -> str:
    user = record.history_user
    return user.get_username() if user is not None else "（系統）"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _changes(model: type[Model], records: list[Any], what: Any) -> list[Change]:
    """The field-by-field changes of one object's records, oldest first."""
    found: list[Change] = []
    previous = None
    for record in records:
        common = (record.history_date, _who(record), what(record))
        reason = record.history_change_reason or ""
        if previous is None:
            kind = "建立" if record.history_type == "+" else "（最早紀錄）"
            found.append(Change(*common, kind, "", "", reason))
        else:
            for delta in record.diff_against(previous).changes:
                if delta.field in HIDDEN_FIELDS:
                    continue
                found.append(
                    Change(
                        *common,
                        _label(model, delta.field),
                        _text(delta.old),
                        _text(delta.new),
                        reason,
                    )
                )
        previous = record
    return found


def _per_object(model: type[Model], records: Any, what: Any) -> list[Change]:
    by_object: dict[int, list[Any]] = {}
    for record in records.order_by("history_date", "history_id"):
        by_object.setdefault(record.id, []).append(record)
    return [change for group in by_object.values() for change in _changes(model, group, what)]


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
    records = list(kpi_year.history.order_by("history_date", "history_id"))
    since = [index for index, record in enumerate(records) if (record.version or 0) > version]
    if not since:
        return []
    start = max(since[0] - 1, 0)
    return [
        change
        for change in _changes(KpiYear, records[start:], lambda r: "指標")
        if change.field not in {"建立", "（最早紀錄）"}
    ]
