"""Reading a KPI's year column of a published snapshot (the open-data document of a version)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def official_light(column: Mapping[str, Any]) -> tuple[str, str]:
    """A KPI-year's official light and its printed text: the 複核 light where the Executive
    Yuan re-reviewed it, else the 初核 one. Never the light the bands would suggest."""
    review, initial = column["review_light"], column["initial_light"]
    if review.get("light"):
        return str(review["light"]), str(review["text"])
    return str(initial.get("light") or ""), str(initial["text"])


def column_is_present(column: Mapping[str, Any]) -> bool:
    """Whether the KPI stands in that year (a `--` column is a KPI the year did not have)."""
    return bool(column.get("tier") or column["initial_light"].get("light"))
