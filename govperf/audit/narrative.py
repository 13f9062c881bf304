"""Audit checks on the narrative: stated light counts and totals against the data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from govperf.audit.chapters import GOALS
from govperf.domain.findings import Finding, Joined, Phrase, Place, Severity
from govperf.domain.lights import Light
from govperf.domain.statements import light_statements, total_statements
from govperf.evaluation import derived
from govperf.evaluation.models import Cycle
from govperf.narrative.models import Block

QUOTE_LENGTH = 40


def paragraphs(cycle: Cycle) -> Iterator[tuple[Place, str]]:
    """Every narrative paragraph with its place: chapter blocks and this year's KPI analyses."""
    blocks = Block.objects.filter(chapter__cycle=cycle, kind=Block.Kind.PARAGRAPH)
    for block in blocks.select_related("chapter").order_by("chapter__position", "position"):
        chapter = f"{block.chapter.numeral}、{block.chapter.title}"
        yield Place(chapter, paragraph=f"第 {block.position} 段"), block.text
    for year in derived.light_table(cycle):
        kpi = year.cycle_kpi
        table = f"{kpi.goal.label}{kpi.label}、{kpi.kpi.name}"
        for number, line in enumerate(year.analysis.splitlines(), start=1):
            yield (
                Place(
                    GOALS,
                    table,
                    paragraph=f"績效衡量暨達成情形分析第 {number} 行",
                ),
                line,
            )


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_LENGTH else text[:QUOTE_LENGTH] + "…"


def light_statement_findings(cycle: Cycle) -> Iterator[Finding]:
    """「計13項綠燈及3項黃燈」 against the lights the KPIs of the year were given."""
    years = derived.light_table(cycle)
    given = Counter(
        Light(y.review_light or y.initial_light) for y in years if y.review_light or y.initial_light
    )
    for place, text in paragraphs(cycle):
        for statement in light_statements(text):
            if statement.total is None:
                continue  # a tally of some indicators only (「其中3項綠燈」), not of the year's
            stated_total = statement.total
            wrong = {light: n for light, n in statement.counts.items() if given[light] != n}
            if wrong or stated_total != len(years):
                counted = tuple(
                    Phrase(
                        "%(count)s項%(light)s",
                        {"count": given[light], "light": Phrase(light.label_zh)},
                    )
                    for light in Light
                    if given[light]
                )
                actual = Joined(counted)
                yield Finding(
                    "light-statement-differs",
                    Severity.ERROR,
                    place,
                    Phrase(
                        "敘述「%(quote)s」與燈號表（共 %(count)s 項：%(lights)s）不符。",
                        {"quote": _quote(statement.quote), "count": len(years), "lights": actual},
                    ),
                    {"stated": statement.quote, "light_table": actual.text(str)},
                )


def total_statement_findings(cycle: Cycle) -> Iterator[Finding]:
    """「共辦理613項…，其中包括A12項、B65項…」: a stated total against its stated parts."""
    for place, text in paragraphs(cycle):
        for statement in total_statements(text):
            if statement.parts_sum != statement.total:
                parts = " + ".join(f"{part.value}" for part in statement.parts)
                yield Finding(
                    "stated-total-differs",
                    Severity.WARNING,
                    place,
                    Phrase(
                        "敘述總數 %(total)s%(unit)s，所列細項合計 %(parts)s = %(parts_sum)s，"
                        "兩者不符：「%(quote)s」",
                        {
                            "total": statement.total,
                            "unit": statement.unit,
                            "parts": parts,
                            "parts_sum": statement.parts_sum,
                            "quote": _quote(statement.quote),
                        },
                    ),
                    {"total": str(statement.total), "parts_sum": str(statement.parts_sum)},
                )
