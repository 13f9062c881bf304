"""The one recorded write: every save and delete carries who did it and why into its history.

Nothing else in govperf sets simple-history's `_history_user` or `_change_reason`
(tests/test_history.py greps for it). A write without a person — the import, a layout's
chapters — passes `actor=None` and must then say why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model
from simple_history.utils import bulk_create_with_history

Saved = TypeVar("Saved", bound=Model)
Actor = AbstractBaseUser | Any | None  # the acting user; None only for a write by the system


def _reason(actor: Actor, reason: str | None) -> str | None:
    text = (reason or "").strip()
    if actor is None and not text:
        raise ValueError("A write without an acting user must say why (reason).")
    return text or None


def _attribute(obj: Model, actor: Actor, reason: str | None) -> None:
    obj._history_user = actor  # type: ignore[attr-defined]
    obj._change_reason = _reason(actor, reason)  # type: ignore[attr-defined]


def recorded_save(
    obj: Saved, *, actor: Actor, reason: str | None, update_fields: Iterable[str] | None = None
) -> Saved:
    """Save `obj`; its history record names `actor` (None: the system) and `reason`."""
    _attribute(obj, actor, reason)
    obj.save(update_fields=list(update_fields) if update_fields is not None else None)
    return obj


def recorded_delete(obj: Model, *, actor: Actor, reason: str | None) -> None:
    """Delete `obj`; its last history record keeps what it held, who removed it and why."""
    _attribute(obj, actor, reason)
    obj.delete()


def recorded_bulk_create(
    objs: Sequence[Saved], model: type[Saved], *, actor: Actor, reason: str | None
) -> list[Saved]:
    """Create `objs` in bulk with one history record each, naming `actor` and `reason`
    (set on each object: simple-history's default would fall back on the request's user)."""
    for obj in objs:
        _attribute(obj, actor, reason)
    created: list[Saved] = bulk_create_with_history(objs, model)
    return created
