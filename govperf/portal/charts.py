"""Charts for the portal's pages: a bar or line chart of labelled series, laid out in Python.

`chart_layout` turns categories (e.g. years) and series of numbers into the shapes of an SVG
(`portal/kpi_chart.html` draws them, escaped by the template; no script, no inline style). The
series are told apart without colour: the first is drawn outlined (a hollow bar, a dashed line
with square markers), the second solid (a filled bar, a solid line with round markers), each
named in the legend. A missing value (None) draws no bar and breaks the line.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Kind = Literal["bar", "line"]
Number = Decimal | int | float
YOf = Callable[[float], float]

WIDTH = 480.0  # viewBox units; scaled to the page's width (font 14 stays readable at 390 px)
HEIGHT = 280.0
LEFT, RIGHT, TOP, BOTTOM = 64.0, 12.0, 40.0, 36.0  # plot margins: axis labels, legend, years
TICKS = 4  # about this many steps on the value axis
FONT_SIZE = 14
LABEL_MIN_BAR = 30.0  # bars narrower than this carry no value label (the table has it)
MAX_BAR = 56.0  # a bar of few categories stays a bar, not a block


@dataclass(frozen=True)
class Series:
    """A named series of values, one per category (None where there is none)."""

    name: str
    values: Sequence[Number | None]


@dataclass(frozen=True)
class SeriesStyle:
    """How a series is drawn: colours with 3:1 contrast on white, and a shape besides colour."""

    stroke: str
    fill: str
    dash: str  # SVG stroke-dasharray, "" for a solid line
    marker: Literal["square", "circle"]


STYLES = (
    SeriesStyle(stroke="#0b4f8a", fill="#ffffff", dash="6 4", marker="square"),
    SeriesStyle(stroke="#8a4b00", fill="#8a4b00", dash="", marker="circle"),
    SeriesStyle(stroke="#1d6b2a", fill="#1d6b2a", dash="2 3", marker="circle"),
)


@dataclass(frozen=True)
class Tick:
    """A value-axis grid line at height `y`, labelled at (label_x, label_y), right-aligned."""

    y: float
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Label:
    """A text at (x, y)."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Bar:
    """A bar of series `style`; `label` (its value) above it, or None when it is too narrow."""

    x: float
    y: float
    width: float
    height: float
    style: SeriesStyle
    label: Label | None


@dataclass(frozen=True)
class Point:
    """A marker of a line chart centred at (x, y) (a square's corner at (left, top)), with
    the value it stands for printed above it at `label_y`, or not (None) when crowded."""

    x: float
    y: float
    left: float
    top: float
    value: str
    label_y: float | None


@dataclass(frozen=True)
class Line:
    """A series of a line chart: its segments (runs of known values) and its markers."""

    style: SeriesStyle
    segments: list[str]  # SVG `points` lists
    points: list[Point]


@dataclass(frozen=True)
class LegendItem:
    """A series' swatch (a box from (x, top), or a line at `middle` from x to `x_end`) and
    its name at (text_x, y), drawn in its style."""

    x: float
    x_end: float
    top: float
    middle: float
    y: float
    text_x: float
    name: str
    style: SeriesStyle


@dataclass(frozen=True)
class Chart:
    """A laid-out chart: everything the template draws, in viewBox units."""

    kind: Kind
    width: float
    height: float
    plot_left: float
    plot_right: float
    zero_y: float
    ticks: list[Tick]
    categories: list[Label]
    unit_label: Label | None
    legend: list[LegendItem]
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def value_text(value: Number) -> str:
    """A value as printed on a chart: thousands separated, at most two decimals, no `-0`."""
    number = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
    if number == 0:
        return "0"
    places = max(0, -number.as_tuple().exponent)  # type: ignore[operator]
    return f"{number:,.{places}f}"


def text_width(text: str) -> float:
    """About how wide `text` is drawn: a CJK character is square, a Latin one narrower."""
    return sum(FONT_SIZE if ord(char) > 0x2E7F else FONT_SIZE * 0.6 for char in text)


def nice_step(span: float, steps: int = TICKS) -> float:
    """A round step (1, 2 or 5 × a power of ten) that divides `span` into about `steps`."""
    if span <= 0:
        return 1.0
    raw = span / steps
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def value_axis(values: Sequence[float]) -> tuple[float, float, float]:
    """(low, high, step) of the value axis: round, covering every value and zero."""
    low, high = min([0.0, *values]), max([0.0, *values])
    if low == high:
        high = low + 1
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def chart_layout(
    *, kind: Kind, categories: Sequence[str], series: Sequence[Series], unit: str = ""
) -> Chart:
    """Lay out a `kind` chart of `series` (at most three) over `categories`, values in `unit`."""
    if not categories or not series or len(series) > len(STYLES):
        raise ValueError("a chart needs categories and one to three series")
    if any(len(s.values) != len(categories) for s in series):
        raise ValueError("each series needs one value per category")
    known = [float(v) for s in series for v in s.values if v is not None]
    low, high, step = value_axis(known)
    bottom = HEIGHT - BOTTOM

    def y_of(value: float) -> float:
        return _r(bottom - (value - low) / (high - low) * (bottom - TOP))

    slot = (WIDTH - LEFT - RIGHT) / len(categories)
    count = round((high - low) / step)
    ticks = [_tick(y_of(low + i * step), low + i * step) for i in range(count + 1)]
    chart = Chart(
        kind=kind, width=WIDTH, height=HEIGHT, plot_left=LEFT, plot_right=WIDTH - RIGHT,
        zero_y=y_of(0.0), ticks=ticks,
        categories=[
            Label(_r(LEFT + slot * (i + 0.5)), HEIGHT - 12, name)
            for i, name in enumerate(categories)
        ],
        unit_label=Label(4, TOP - 10, unit) if unit else None,
        legend=_legend(series),
    )  # fmt: skip
    if kind == "bar":
        chart.bars.extend(_bars(series, slot, y_of))
    else:
        chart.lines.extend(_lines(series, slot, y_of))
    return chart


def _r(value: float) -> float:
    """A coordinate to a tenth of a unit: short to print, sharp enough to draw."""
    return round(value, 1)


def _tick(y: float, value: float) -> Tick:
    return Tick(y, value_text(value), LEFT - 6, _r(y + 5))


def _legend(series: Sequence[Series]) -> list[LegendItem]:
    """The series' names along the top, right of the unit, each after its swatch."""
    items, x = [], WIDTH - RIGHT
    for index in reversed(range(len(series))):
        x -= 32 + text_width(series[index].name)
        items.append(
            LegendItem(
                x=_r(x), x_end=_r(x + 20), top=5, middle=11, y=16, text_x=_r(x + 26),
                name=series[index].name, style=STYLES[index],
            )
        )  # fmt: skip
    return list(reversed(items))


def _bars(series: Sequence[Series], slot: float, y_of: YOf) -> list[Bar]:
    """Grouped bars: in each category's slot, one bar per series, side by side."""
    width = min(slot * 0.8 / len(series), MAX_BAR)
    group = width * len(series)
    bars = []
    for index, item in enumerate(series):
        for i, value in enumerate(item.values):
            if value is None:
                continue
            x = _r(LEFT + slot * i + (slot - group) / 2 + width * index)
            top, base = sorted((y_of(float(value)), y_of(0.0)))
            label = Label(_r(x + width / 2), _r(top - 4), value_text(value))
            shown = label if width >= LABEL_MIN_BAR else None
            bars.append(Bar(x, top, _r(width), _r(base - top), STYLES[index], shown))
    return bars


def _lines(series: Sequence[Series], slot: float, y_of: YOf) -> list[Line]:
    """A polyline per run of known values, a marker on every value (labelled if room)."""
    lines = []
    labelled = slot >= LABEL_MIN_BAR * 1.5
    for index, item in enumerate(series):
        points = [
            None if v is None else _point(LEFT + slot * (i + 0.5), y_of(float(v)), v, labelled)
            for i, v in enumerate(item.values)
        ]
        segments, run = [], []
        for point in [*points, None]:
            if point is not None:
                run.append(f"{point.x},{point.y}")
            elif run:
                segments.append(" ".join(run))
                run = []
        lines.append(Line(STYLES[index], segments, [p for p in points if p is not None]))
    return lines


def _point(x: float, y: float, value: Number, labelled: bool) -> Point:
    x = _r(x)
    return Point(x, y, _r(x - 4), _r(y - 4), value_text(value), _r(y - 10) if labelled else None)
