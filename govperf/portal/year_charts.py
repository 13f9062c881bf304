"""The portal's charts of a year and of an agency's years, as inline SVG drawn on the server.

Each chart is an image with a title and a description that say its numbers (`role="img"`),
and the page prints the same numbers in a table beside it. The lights chart marks every
segment with its light's symbol and count, so the lights are not told apart by colour alone.
No style attribute or element: the Content-Security-Policy allows no inline style."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from govperf.domain.lights import Light
from govperf.reports.chart import BudgetTrend, budget_chart_svg
from govperf.workflow.models import PublicYear

LIGHTS = ("green", "yellow", "red", "white")
# Fill and text colour of each light's segment (text at least 4.5:1 against its fill).
LIGHT_COLOURS = {
    "green": ("#1d6b2a", "#ffffff"),
    "yellow": ("#f2c94c", "#1b1b1b"),
    "red": ("#a40000", "#ffffff"),
    "white": ("#ffffff", "#1b1b1b"),
}
WIDTH, LABEL_WIDTH, ROW, TOP, FONT = 400, 96, 30, 34, 13
MIN_LABELLED = 30  # a segment narrower than this has no text in it: the table has the number


@dataclass(frozen=True)
class BudgetRow:
    """One year of the budget trend as printed: 預算, 決算 and 執行率."""

    year: int
    budget: str
    final: str
    rate: str


def _by_year(row: Mapping[str, Any]) -> dict[int, Mapping[str, Any]]:
    return {value["year"]: value for value in row["values"]}


def budget_rows(budget: Mapping[str, Any] | None) -> list[BudgetRow]:
    """The first fund's (合計's) budget, final accounts and execution rate per year, as
    printed in the snapshot's budget table; [] when the report has none."""
    rows = (budget or {}).get("rows") or []
    if not rows:
        return []
    fund = rows[0]["fund"]
    measures = {row["measure"]: _by_year(row) for row in rows if row["fund"] == fund}
    if "budget" not in measures or "final" not in measures:
        return []
    rate = measures.get("execution_rate", {})
    return [
        BudgetRow(
            year=year,
            budget=measures["budget"][year]["text"],
            final=measures["final"].get(year, {}).get("text", ""),
            rate=rate.get(year, {}).get("text", ""),
        )
        for year in sorted(measures["budget"])
    ]


def _amount(budget: Mapping[str, Any], fund: str, measure: str, year: int) -> Decimal | None:
    for row in budget["rows"]:
        if row["fund"] == fund and row["measure"] == measure:
            value = _by_year(row).get(year, {}).get("value")
            try:
                return Decimal(value) if value is not None else None
            except InvalidOperation:
                return None
    return None


def budget_chart(budget: Mapping[str, Any] | None) -> SafeString | None:
    """The report's own budget trend chart (預算 and 決算 per year), fluid; None when a year
    lacks a number or the report has no budget table."""
    rows = budget_rows(budget)
    if not rows or budget is None:
        return None
    fund = budget["rows"][0]["fund"]
    amounts = [
        (_amount(budget, fund, "budget", r.year), _amount(budget, fund, "final", r.year))
        for r in rows
    ]
    if any(a is None or a < 0 for pair in amounts for a in pair):
        return None
    trend = BudgetTrend(
        years=[r.year for r in rows],
        budget=[pair[0] for pair in amounts],  # type: ignore[misc]
        final=[pair[1] for pair in amounts],  # type: ignore[misc]
    )
    return mark_safe(budget_chart_svg(trend, show_title=False, fluid=True))


def _light_words(year: PublicYear) -> str:
    counts = [
        gettext("%(light)s %(count)s 項")
        % {"light": gettext(Light(light).label_zh), "count": getattr(year, light)}
        for light in LIGHTS
    ]
    return gettext("%(year)s年度：%(lights)s") % {
        "year": year.year,
        "lights": gettext("、").join(counts),
    }


def lights_chart(years: Sequence[PublicYear]) -> SafeString:
    """Stacked bars, one per year in the order given, of the KPIs' official lights."""
    most = max([year.kpi_count for year in years] + [1])
    height = TOP + ROW * len(years) + 4
    title = gettext("各年度燈號統計")
    desc = gettext("；").join(_light_words(year) for year in years)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="lights-chart-title lights-chart-desc" '
        f'font-size="{FONT}" class="chart">',
        f'<title id="lights-chart-title">{escape(title)}</title>',
        f'<desc id="lights-chart-desc">{escape(desc)}</desc>',
        *_legend(),
    ]
    for index, year in enumerate(years):
        out.extend(_bar(year, TOP + ROW * index, (WIDTH - LABEL_WIDTH - 4) / most))
    out.append("</svg>")
    return mark_safe("\n".join(out))  # every text in it is escaped above


def _legend() -> list[str]:
    out = []
    for index, light in enumerate(LIGHTS):
        x = index * (WIDTH / 4)
        fill, _text = LIGHT_COLOURS[light]
        found = Light(light)
        out.append(
            f'<rect x="{x:.0f}" y="4" width="14" height="14" fill="{fill}" stroke="#555555"/>'
        )
        label = f"{found.symbol} {gettext(found.label_zh)}"
        out.append(f'<text x="{x + 20:.0f}" y="16" fill="#1b1b1b">{escape(label)}</text>')
    return out


def _bar(year: PublicYear, y: float, scale: float) -> list[str]:
    label = gettext("%(year)s年度") % {"year": year.year}
    out = [f'<text x="0" y="{y + 18:.0f}" fill="#1b1b1b">{escape(label)}</text>']
    x = float(LABEL_WIDTH)
    for light in LIGHTS:
        count = getattr(year, light)
        if not count:
            continue
        width = count * scale
        fill, ink = LIGHT_COLOURS[light]
        out.append(
            f'<rect x="{x:.1f}" y="{y:.0f}" width="{width:.1f}" height="{ROW - 6}" '
            f'fill="{fill}" stroke="#555555" data-light={quoteattr(light)}/>'
        )
        if width >= MIN_LABELLED:
            text = f"{Light(light).symbol}{count}"
            out.append(
                f'<text x="{x + width / 2:.1f}" y="{y + 17:.0f}" fill="{ink}" '
                f'text-anchor="middle">{escape(text)}</text>'
            )
        x += width
    return out
