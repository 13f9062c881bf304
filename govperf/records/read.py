"""The one reader of history: records as the change lists pages show, values as people typed them.

Who is the person's name as the pages show it (`get_username`), or （系統） for a write without a
person. A value is shown as typed: a number's printed text stands for it (`actual_text` 84.21%,
not `actual_value` 84.210000), a choice as its label (★ 綠燈, not `green`), in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Field, ForeignKey, Model
from django.utils.translation import gettext

ALWAYS_HIDDEN = frozenset({"id", "version"})
BESIDE_TEXT = ("value", "unit")  # `actual_value` and `actual_unit` are shown by `actual_text`
CREATED, EARLIEST = "建立", "（最早紀錄）"


@dataclass(frozen=True)
class Change:
    """One field's change in one historical record (or a record created or removed)."""

    when: datetime
    who: str
    what: str  # the object changed: 指標, 分項「…」, a table's cell, 狀態
    field: str
    before: str
    after: str
    reason: str


def person(user: Any) -> str:
    """The name pages show for the user behind a record; （系統） when no person wrote it."""
    return str(user.get_username()) if user is not None else gettext("（系統）")


def reason(record: Any) -> str:
    return str(record.history_change_reason or "")


def _field(model: type[Model], name: str) -> Field[Any, Any] | None:
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field dropped since
        return None
    return found if isinstance(found, Field) else None


def label(model: type[Model], name: str) -> str:
    """A field's label as the forms show it; its name when the field is gone."""
    found = _field(model, name)
    return str(found.verbose_name) if found is not None else name


def _translated(text: str) -> str:
    """`★ 綠燈` → `★ Green`: each word of a label through the catalog."""
    return " ".join(gettext(part) for part in text.split(" "))


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dict):
        return "、".join(f"{key}：{_plain(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "、".join(_plain(item) for item in value)
    return str(value)


def shown(record: Any, name: str) -> str:
    """The value of field `name` in `record` as a person reads it on the page."""
    found = _field(type(record), name)
    if found is None:
        return _plain(getattr(record, name, None))
    value = getattr(record, found.attname)
    if found.choices and value not in (None, ""):
        labels = {str(key): str(text) for key, text in found.flatchoices}
        return _translated(labels.get(str(value), str(value)))
    if isinstance(found, ForeignKey) and value is not None:
        try:
            return str(getattr(record, found.name))
        except ObjectDoesNotExist:  # removed since: its id is all that is left
            return str(value)
    return _plain(value)


def shown_fields(model: type[Model], hidden: Iterable[str] = ()) -> list[str]:
    """The fields a change list shows: not ids and versions, not a number beside its text."""
    names = {f.name for f in model._meta.concrete_fields}
    skip = ALWAYS_HIDDEN | set(hidden)

    def beside_text(name: str) -> bool:
        stem, _, suffix = name.rpartition("_") if "_" in name else ("", "", name)
        return suffix in BESIDE_TEXT and (f"{stem}_text" if stem else "text") in names

    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in skip and not beside_text(f.name) and not f.name.startswith("history_")
    ]


def field_changes(record: Any, previous: Any, names: Iterable[str]) -> list[tuple[str, str, str]]:
    """(field, before, after) of each field among `names` that differs between the records."""
    found = []
    for name in names:
        before, after = shown(previous, name), shown(record, name)
        if before != after:
            found.append((name, before, after))
    return found


def object_changes(
    model: type[Model],
    records: Iterable[Any],
    what: Callable[[Any], str],
    hidden: Iterable[str] = (),
) -> list[Change]:
    """One object's records (oldest first) as changes: its creation, then field by field."""
    names = shown_fields(model, hidden)
    found: list[Change] = []
    previous = None
    for record in records:
        common = (record.history_date, person(record.history_user), what(record))
        if previous is None:
            kind = CREATED if record.history_type == "+" else EARLIEST
            found.append(Change(*common, kind, "", "", reason(record)))
        else:
            for name, before, after in field_changes(record, previous, names):
                found.append(Change(*common, label(model, name), before, after, reason(record)))
        previous = record
    return found


def value_changes(model: type[Model], records: Iterable[Any], name: str) -> list[Change]:
    """The records (oldest first) where field `name` took a new value: who set it, and why."""
    found: list[Change] = []
    before: str | None = None
    for record in records:
        after = shown(record, name)
        if after != before:
            found.append(
                Change(
                    record.history_date,
                    person(record.history_user),
                    "",
                    label(model, name),
                    before or "",
                    after,
                    reason(record),
                )
            )
            before = after
    return found
