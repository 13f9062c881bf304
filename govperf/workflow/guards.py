"""The workflow table's guards checked against the database: one function per named guard."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language

from govperf.domain import workflow
from govperf.domain.achievement import HUNDRED
from govperf.domain.workflow import CycleState, SubmissionState
from govperf.evaluation.models import Cycle, KpiYear
from govperf.narrative import layouts
from govperf.workflow.models import UnitSubmission


@dataclass(frozen=True)
class Gap:
    """One thing a guard finds missing: a KPI or chapter, what it lacks, where to fix it."""

    name: str
    url: str = ""
    lacks: tuple[str, ...] = ()  # for a KPI-year: workflow.LACKS_* codes
    kpi_year_id: int | None = None


@dataclass(frozen=True)
class Failure:
    """A guard that does not hold, with what is missing (none for a plain fact)."""

    guard: str
    gaps: tuple[Gap, ...] = ()


@dataclass(frozen=True)
class Subject:
    """What a step is taken on: the cycle, and the unit's submission for a unit's step."""

    cycle: Cycle
    submission: UnitSubmission | None = None


def english() -> bool:
    return (get_language() or "").startswith("en")


def lack_label(code: str) -> str:
    return (workflow.LACK_LABELS_EN if english() else workflow.LACK_LABELS_ZH)[code]


def failure_message(failure: Failure) -> str:
    """The guard's words in the active language, naming what is missing."""
    label = (workflow.GUARD_LABELS_EN if english() else workflow.GUARD_LABELS_ZH)[failure.guard]
    if not failure.gaps:
        return label
    names = [_gap_text(gap) for gap in failure.gaps]
    return f"{label}: {', '.join(names)}" if english() else f"{label}：{'、'.join(names)}"


def lacks_text(gap: Gap) -> str:
    """What a KPI-year lacks, listed in the active language."""
    return ("、", ", ")[english()].join(lack_label(code) for code in gap.lacks)


def _gap_text(gap: Gap) -> str:
    name = f"“{gap.name}”" if english() else f"「{gap.name}」"
    if not gap.lacks:
        return name
    return f"{name} ({lacks_text(gap)})" if english() else f"{name}（{lacks_text(gap)}）"


class GuardRefusal(ValidationError):
    """A step refused by its guards; `confirmable` when confirming would let it through."""

    def __init__(self, failures: Iterable[Failure]) -> None:
        self.failures = tuple(failures)
        separator = "; " if english() else "；"
        super().__init__(separator.join(failure_message(f) for f in self.failures))

    @property
    def confirmable(self) -> bool:
        return all(f.guard in workflow.CONFIRMABLE_GUARDS for f in self.failures)

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(gap for failure in self.failures for gap in failure.gaps)


def all_units_signed_off(subject: Subject) -> tuple[Gap, ...] | None:
    pending = subject.cycle.submissions.exclude(state=SubmissionState.SIGNED_OFF)
    return () if pending.exists() else None


def cycle_open(subject: Subject) -> tuple[Gap, ...] | None:
    return None if subject.cycle.state == CycleState.OPEN else ()


def cycle_in_unit_response(subject: Subject) -> tuple[Gap, ...] | None:
    return None if subject.cycle.state == CycleState.UNIT_RESPONSE else ()


def _own_year(cycle: Cycle) -> QuerySet[KpiYear]:
    """The cycle's KPI-years of its own year, in the report's order."""
    return (
        KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=cycle.year)
        .select_related("cycle_kpi__kpi")
        .order_by("cycle_kpi__goal__position", "cycle_kpi__position")
    )


def _kpi_gap(year: KpiYear, lacks: tuple[str, ...] = ()) -> Gap:
    url = reverse("evaluation:kpi_edit", args=[year.pk])
    return Gap(year.cycle_kpi.kpi.name, url=url, lacks=lacks, kpi_year_id=year.pk)


def entry_gaps_by_unit(*, cycle: Cycle, unit_ids: Iterable[int]) -> dict[int, tuple[Gap, ...]]:
    """Per unit of `unit_ids`, its own-year KPI-years lacking an actual, an analysis, or, where
    the target was missed, the reason (see `workflow.entry_lacks`); in one query."""
    years = _own_year(cycle).filter(cycle_kpi__unit_id__in=list(unit_ids))
    found: dict[int, list[Gap]] = {}
    for year in years:
        lacks = workflow.entry_lacks(
            actual_text=year.actual_text,
            has_actual_value=year.actual_value is not None,
            analysis=year.analysis,
            missed=year.achievement_value is not None and year.achievement_value < HUNDRED,
            missed_reason=year.missed_reason,
        )
        if lacks:
            found.setdefault(year.cycle_kpi.unit_id or 0, []).append(_kpi_gap(year, lacks))
    return {unit_id: tuple(gaps) for unit_id, gaps in found.items()}


def entries_complete(subject: Subject) -> tuple[Gap, ...] | None:
    """The unit's own-year KPI-years each with an actual, an analysis, and, where the target
    was missed, the reason."""
    assert subject.submission is not None, "a unit's step is checked with its submission"
    unit_id = subject.submission.unit_id
    return entry_gaps_by_unit(cycle=subject.cycle, unit_ids=[unit_id]).get(unit_id) or None


def lights_assigned(subject: Subject) -> tuple[Gap, ...] | None:
    """Every own-year KPI-year of the cycle has its initial light (初核燈號)."""
    gaps = tuple(_kpi_gap(year) for year in _own_year(subject.cycle) if not year.initial_light)
    return gaps or None


def chapters_written(subject: Subject) -> tuple[Gap, ...] | None:
    """Every chapter the layout marks required holds a paragraph beyond the layout's headings."""
    cycle = subject.cycle
    stored = {chapter.key: chapter for chapter in cycle.chapters.prefetch_related("blocks")}
    gaps = []
    for template in layouts.layout_chapters(cycle.layout, cycle.year):
        if not template.required:
            continue
        chapter = stored.get(template.key)
        texts = [b.text for b in chapter.blocks.all() if b.kind == "paragraph"] if chapter else []
        if not layouts.chapter_is_written(template, texts):
            name = str(chapter) if chapter else f"{template.numeral}、{template.title}"
            url = reverse("narrative:chapter_edit", args=[chapter.pk]) if chapter else ""
            gaps.append(Gap(name, url=url))
    return tuple(gaps) or None


# A check returns None when its guard holds, else what is missing (empty for a plain fact).
CHECKS: dict[str, Callable[[Subject], tuple[Gap, ...] | None]] = {
    workflow.ALL_UNITS_SIGNED_OFF: all_units_signed_off,
    workflow.CYCLE_OPEN: cycle_open,
    workflow.CYCLE_IN_UNIT_RESPONSE: cycle_in_unit_response,
    workflow.ENTRIES_COMPLETE: entries_complete,
    workflow.LIGHTS_ASSIGNED: lights_assigned,
    workflow.CHAPTERS_WRITTEN: chapters_written,
}


def guard_failures(subject: Subject, guards: Iterable[str]) -> list[Failure]:
    """The guards of `guards` that do not hold for `subject`, in the table's order."""
    failures = []
    for guard in guards:
        gaps = CHECKS[guard](subject)
        if gaps is not None:
            failures.append(Failure(guard, gaps))
    return failures
