"""Summaries before a signature: what is entered, what is missing, which targets were missed.

"Missing" is the guards' own finding (`guards.entry_gaps_by_unit`, the check behind
`entries_complete`, and `guards.lights_assigned`), so the summary and the refusal of the step
name the same KPIs for the same reasons.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from govperf.domain.achievement import HUNDRED
from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.guards import (
    Gap,
    Subject,
    entry_gaps_by_unit,
    lacks_text,
    lights_assigned,
)
from govperf.workflow.models import UnitSubmission


@dataclass(frozen=True)
class Item:
    """One KPI-year in a summary: its name, the page that shows its entry, a note."""

    kpi_year_id: int
    name: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Summary:
    """What a signature covers: the KPI-years entered in full, those missing something, those
    below target (達成度 under 100 %), and, for the planning office, those without a light."""

    total: int
    entered: tuple[Item, ...]
    missing: tuple[Item, ...]
    missed: tuple[Item, ...]
    unlit: tuple[Item, ...] = ()


def _entry_url(kpi_year_id: int) -> str:
    return reverse("evaluation:kpi", args=[kpi_year_id])


def _own_years(cycle: Cycle, unit_ids: Iterable[int]) -> list[KpiYear]:
    years = KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, year=cycle.year, cycle_kpi__unit_id__in=list(unit_ids)
    )
    ordered = years.select_related("cycle_kpi__kpi", "cycle_kpi__goal")
    return list(ordered.order_by("cycle_kpi__goal__position", "cycle_kpi__position"))


def _missing_item(gap: Gap) -> Item:
    assert gap.kpi_year_id is not None, "an entry's gap names its KPI-year"
    return Item(gap.kpi_year_id, gap.name, _entry_url(gap.kpi_year_id), lacks_text(gap))


def _summary(years: list[KpiYear], gaps: Iterable[Gap], unlit: tuple[Item, ...] = ()) -> Summary:
    missing = tuple(_missing_item(gap) for gap in gaps)
    lacking = {item.kpi_year_id for item in missing}
    entered = tuple(
        Item(y.pk, y.cycle_kpi.kpi.name, _entry_url(y.pk)) for y in years if y.pk not in lacking
    )
    missed = tuple(
        Item(y.pk, y.cycle_kpi.kpi.name, _entry_url(y.pk), y.achievement_text)
        for y in years
        if y.achievement_value is not None and y.achievement_value < HUNDRED
    )
    return Summary(len(years), entered, missing, missed, unlit)


def _entry_gaps(cycle: Cycle, submissions: Iterable[UnitSubmission]) -> list[Gap]:
    """The guard's findings for each submission, in the submissions' order, in one query."""
    submissions = list(submissions)
    by_unit = entry_gaps_by_unit(cycle=cycle, unit_ids={s.unit_id for s in submissions})
    return [gap for s in submissions for gap in by_unit.get(s.unit_id, ())]


def unit_summary(*, submission: UnitSubmission) -> Summary:
    """What the unit head signs off: the unit's KPI-years of the cycle's year."""
    cycle = submission.cycle
    years = _own_years(cycle, [submission.unit_id])
    return _summary(years, _entry_gaps(cycle, [submission]))


def cycle_summary(*, cycle: Cycle) -> Summary:
    """What the planning office sends on: every unit's KPI-years, and the lights not given."""
    submissions = list(cycle.submissions.all())
    years = _own_years(cycle, [s.unit_id for s in submissions])
    lights_url = reverse("workflow:lights", args=[cycle.pk])
    unlit = tuple(
        Item(gap.kpi_year_id, gap.name, f"{lights_url}#light-{gap.kpi_year_id}")
        for gap in lights_assigned(Subject(cycle)) or ()
        if gap.kpi_year_id is not None
    )
    return _summary(years, _entry_gaps(cycle, submissions), unlit)
