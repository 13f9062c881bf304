"""The budget trend chart of 貳、一、近4年預、決算趨勢（單位:百萬元）: 預算 and 決算 bars per year.

One layout, computed once in abstract units (a 640 × 360 canvas, 16 cm × 9 cm when printed), is
drawn twice: as a standalone, accessible SVG (plain string building) and as a PNG drawn with Pillow
for the formats that want a raster image (DOCX, ODT, PDF). 預算 bars are solid and 決算 bars are
hatched, and every bar has its value printed above it, so the series can be told apart without
colour.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "BOLD_FONT_PATH",
    "FONT_FACE",
    "FONT_PATH",
    "BudgetTrend",
    "budget_chart_description",
    "budget_chart_png",
    "budget_chart_svg",
    "budget_chart_title",
    "png_size",
]

# Debian's fonts-noto-cjk (installed by scripts/setup); the .ttc holds JP, KR, SC, TC, HK faces.
FONT_PATH = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
BOLD_FONT_PATH = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")  # title; optional
FONT_FACE = "Noto Sans CJK TC"
SVG_FONT_FAMILY = f"'{FONT_FACE}', sans-serif"

WIDTH_CM = 16.0
WIDTH = 640.0  # layout units; 1 unit = 0.25 mm in print
HEIGHT = 360.0

BUDGET_COLOUR = "#1F4E79"  # solid navy
FINAL_COLOUR = "#C55A11"  # hatch lines and outline
FINAL_BACKGROUND = "#FBE5D6"  # between the hatch lines
TEXT_COLOUR = "#222222"
AXIS_COLOUR = "#404040"
GRID_COLOUR = "#D9D9D9"
HATCH_SPACING = 6.0  # layout units between hatch lines, measured across them
HATCH_WIDTH = 2.0

Series = Literal["budget", "final"]
Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True)
class BudgetTrend:
    """預算 and 決算 per ROC year, in `unit` (百萬元 in the report), years in chart order."""

    years: list[int]
    budget: list[Decimal]
    final: list[Decimal]
    unit: str = "百萬元"

    def __post_init__(self) -> None:
        if not self.years:
            raise ValueError("BudgetTrend needs at least one year")
        if not len(self.years) == len(self.budget) == len(self.final):
            raise ValueError(
                f"BudgetTrend: {len(self.years)} years but {len(self.budget)} budget and "
                f"{len(self.final)} final values"
            )
        if any(value < 0 for value in (*self.budget, *self.final)):
            raise ValueError("BudgetTrend: amounts must not be negative")


def budget_chart_title(trend: BudgetTrend) -> str:
    """「104至107年度預、決算趨勢（單位：百萬元）」: the chart's title and short alt text."""
    years = f"{trend.years[0]}至{trend.years[-1]}" if len(trend.years) > 1 else f"{trend.years[0]}"
    return f"{years}年度預、決算趨勢（單位：{trend.unit}）"


def budget_chart_description(trend: BudgetTrend) -> str:
    """The chart's numbers as a sentence, for <desc> and long alt text."""
    parts = [
        f"{year}年度預算{_amount(budget)}、決算{_amount(final)}"
        for year, budget, final in zip(trend.years, trend.budget, trend.final, strict=True)
    ]
    return f"長條圖，單位：{trend.unit}。" + "；".join(parts) + "。"


def png_size(dpi: int = 150) -> tuple[int, int]:
    """The PNG's pixel size: 16 cm wide at `dpi`, 16:9."""
    width = round(WIDTH_CM / 2.54 * dpi)
    return width, round(width * HEIGHT / WIDTH)


# --- layout -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str  # a colour, or "hatch" for the 決算 pattern
    stroke: str = ""
    css_class: str = ""
    value: str = ""


@dataclass(frozen=True)
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float = 1.0


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    anchor: Anchor = "middle"
    bold: bool = False
    colour: str = TEXT_COLOUR


@dataclass
class _Layout:
    title: str
    desc: str
    shapes: list[_Rect | _Line | _Text] = field(default_factory=list)


def _amount(value: Decimal) -> str:
    """24327 → 「24,327」; fractions are kept as given (24327.5 → 「24,327.5」)."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _nice_axis(maximum: Decimal, max_intervals: int = 6) -> tuple[Decimal, Decimal]:
    """The axis top and tick step: a step of 1, 2, 2.5 or 5 × 10ⁿ, at most `max_intervals`."""
    if maximum <= 0:
        return Decimal(1), Decimal(1)
    raw = maximum / max_intervals
    magnitude = Decimal(1).scaleb(raw.adjusted())
    nice = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
    step = next(m * magnitude for m in nice if m * magnitude >= raw)
    top = step * math.ceil(maximum / step)
    return top, step


def _layout(trend: BudgetTrend, show_title: bool) -> _Layout:
    layout = _Layout(budget_chart_title(trend), budget_chart_description(trend))
    add = layout.shapes.append
    left, right = 74.0, WIDTH - 20.0
    top, bottom = (64.0 if show_title else 40.0), 300.0
    if show_title:
        add(_Text(WIDTH / 2, 26.0, layout.title, 14.0, bold=True))
    add(_Text(12.0, top - 14.0, f"單位：{trend.unit}", 10.0, anchor="start"))

    axis_top, step = _nice_axis(max((*trend.budget, *trend.final)))
    plot_h = bottom - top

    def y_of(value: Decimal) -> float:
        return bottom - float(value / axis_top) * plot_h

    tick = Decimal(0)
    while tick <= axis_top:
        y = y_of(tick)
        if tick:
            add(_Line(left, y, right, y, GRID_COLOUR))
        add(_Text(left - 7.0, y + 3.8, _amount(tick), 10.5, anchor="end"))
        tick += step

    group_w = (right - left) / len(trend.years)
    bar_w = min(group_w * 0.32, 60.0)
    gap = group_w * 0.04
    for i, (year, budget, final) in enumerate(
        zip(trend.years, trend.budget, trend.final, strict=True)
    ):
        centre = left + group_w * (i + 0.5)
        bars: tuple[tuple[Series, Decimal, float], ...] = (
            ("budget", budget, centre - gap / 2 - bar_w),
            ("final", final, centre + gap / 2),
        )
        for series, value, x in bars:
            y = y_of(value)
            if series == "budget":
                add(_Rect(x, y, bar_w, bottom - y, BUDGET_COLOUR, "", "bar budget", _amount(value)))
            else:
                add(
                    _Rect(
                        x, y, bar_w, bottom - y, "hatch", FINAL_COLOUR, "bar final", _amount(value)
                    )
                )
            add(_Text(x + bar_w / 2, y - 4.0, _amount(value), 10.0))
        add(_Text(centre, bottom + 17.0, f"{year}年度", 11.5))
    add(_Line(left, bottom, right, bottom, AXIS_COLOUR, 1.2))
    add(_Line(left, top, left, bottom, AXIS_COLOUR, 1.2))

    # legend, centred under the year labels: ■ 預算  ▨ 決算 (label width ≈ 2 em)
    swatch_w, swatch_h, label_size, spacing = 18.0, 11.0, 11.5, 26.0
    item_w = swatch_w + 5.0 + 2 * label_size
    x = WIDTH / 2 - (2 * item_w + spacing) / 2
    legend_y = HEIGHT - 22.0
    for series, label in (("budget", "預算"), ("final", "決算")):
        fill, stroke = (BUDGET_COLOUR, "") if series == "budget" else ("hatch", FINAL_COLOUR)
        add(_Rect(x, legend_y - swatch_h + 1.0, swatch_w, swatch_h, fill, stroke, "legend"))
        add(_Text(x + swatch_w + 5.0, legend_y, label, label_size, anchor="start"))
        x += item_w + spacing
    return layout


# --- SVG --------------------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate: at most 2 decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def budget_chart_svg(trend: BudgetTrend, *, show_title: bool = True, fluid: bool = False) -> str:
    """The chart as a standalone SVG document (no XML declaration, so it can also be inlined):
    printed WIDTH_CM wide, or, `fluid`, as wide as the page lets it, its shape kept by the
    viewBox (a web page styles its width)."""
    layout = _layout(trend, show_title)
    size = (
        'width="100%"'
        if fluid
        else f'width="{_n(WIDTH_CM * 10)}mm" height="{_n(WIDTH_CM * 10 * HEIGHT / WIDTH)}mm"'
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" {size} '
        f'viewBox="0 0 {_n(WIDTH)} {_n(HEIGHT)}" '
        f'role="img" aria-labelledby="govperf-budget-title govperf-budget-desc" '
        f'xml:lang="zh-Hant-TW" font-family={quoteattr(SVG_FONT_FAMILY)}>',
        f'<title id="govperf-budget-title">{escape(layout.title)}</title>',
        f'<desc id="govperf-budget-desc">{escape(layout.desc)}</desc>',
        "<defs>",
        f'<pattern id="govperf-budget-hatch" patternUnits="userSpaceOnUse" '
        f'width="{_n(HATCH_SPACING)}" height="{_n(HATCH_SPACING)}" patternTransform="rotate(45)">',
        f'<rect width="{_n(HATCH_SPACING)}" height="{_n(HATCH_SPACING)}" '
        f'fill="{FINAL_BACKGROUND}"/>',
        f'<line x1="{_n(HATCH_SPACING / 2)}" y1="0" x2="{_n(HATCH_SPACING / 2)}" '
        f'y2="{_n(HATCH_SPACING)}" stroke="{FINAL_COLOUR}" stroke-width="{_n(HATCH_WIDTH)}"/>',
        "</pattern>",
        "</defs>",
        f'<rect width="{_n(WIDTH)}" height="{_n(HEIGHT)}" fill="#FFFFFF"/>',
    ]
    for shape in layout.shapes:
        if isinstance(shape, _Rect):
            fill = "url(#govperf-budget-hatch)" if shape.fill == "hatch" else shape.fill
            stroke = f' stroke="{shape.stroke}" stroke-width="1"' if shape.stroke else ""
            extra = f' class="{shape.css_class}"' if shape.css_class else ""
            if shape.value:
                extra += f" data-value={quoteattr(shape.value)}"
            out.append(
                f'<rect{extra} x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" '
                f'height="{_n(shape.h)}" fill="{fill}"{stroke}/>'
            )
        elif isinstance(shape, _Line):
            out.append(
                f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
                f'y2="{_n(shape.y2)}" stroke="{shape.colour}" stroke-width="{_n(shape.width)}"/>'
            )
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(
                f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
                f'text-anchor="{shape.anchor}" fill="{shape.colour}"{weight}>'
                f"{escape(shape.text)}</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- PNG --------------------------------------------------------------------------------------


def _font_file(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(
            f"The chart font {path} is missing: install the Debian package fonts-noto-cjk "
            f"(apt-get install fonts-noto-cjk; scripts/setup does) or set "
            f"govperf.reports.chart.FONT_PATH to a Noto Sans CJK .ttc"
        )
    return path


@lru_cache(maxsize=8)
def _face_index(path: Path) -> int:
    """The index of the 繁體中文 face (Noto Sans CJK TC) in a .ttc; 0 for a single-face file."""
    candidates: list[int] = [3, *range(10)]  # Debian's .ttc: JP KR SC TC HK, then Mono faces
    for index in candidates:
        try:
            font = ImageFont.truetype(path, 10, index=index)
        except OSError:
            break
        if font.getname()[0] == FONT_FACE:
            return index
    return 0


@lru_cache(maxsize=32)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        path, size, index=_face_index(path), layout_engine=ImageFont.Layout.BASIC
    )


def _png_font(size_px: int, bold: bool) -> ImageFont.FreeTypeFont:
    regular = _font_file(FONT_PATH)
    path = BOLD_FONT_PATH if bold and BOLD_FONT_PATH.is_file() else regular
    return _font(path, size_px)


@lru_cache(maxsize=8)
def _hatch_mask(width: int, height: int, spacing: int, line_width: int) -> Image.Image:
    """Diagonal lines (/ at 45°) over the whole canvas, aligned like the SVG's pattern."""
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    for c in range(0, width + height, spacing):
        draw.line([(c, 0), (c - height, height)], fill=255, width=line_width)
    return mask


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


_PIL_ANCHOR = {"start": "ls", "middle": "ms", "end": "rs"}


def budget_chart_png(trend: BudgetTrend, *, dpi: int = 150, show_title: bool = True) -> bytes:
    """The chart as PNG bytes, 16 cm wide at `dpi` (dpi recorded in the file)."""
    layout = _layout(trend, show_title)
    width, height = png_size(dpi)
    scale = width / WIDTH
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    hatch = _hatch_mask(
        width,
        height,
        max(3, round(HATCH_SPACING * math.sqrt(2) * scale)),
        max(1, round(HATCH_WIDTH * scale)),
    )
    for shape in layout.shapes:
        if isinstance(shape, _Rect):
            box = (
                round(shape.x * scale),
                round(shape.y * scale),
                round((shape.x + shape.w) * scale),
                round((shape.y + shape.h) * scale),
            )
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            inclusive = (box[0], box[1], box[2] - 1, box[3] - 1)
            if shape.fill == "hatch":
                draw.rectangle(inclusive, fill=_rgb(FINAL_BACKGROUND))
                image.paste(_rgb(FINAL_COLOUR), box, mask=hatch.crop(box))
            else:
                draw.rectangle(inclusive, fill=_rgb(shape.fill))
            if shape.stroke:
                draw.rectangle(inclusive, outline=_rgb(shape.stroke), width=max(1, round(scale)))
        elif isinstance(shape, _Line):
            draw.line(
                [
                    (round(shape.x1 * scale), round(shape.y1 * scale)),
                    (round(shape.x2 * scale), round(shape.y2 * scale)),
                ],
                fill=_rgb(shape.colour),
                width=max(1, round(shape.width * scale)),
            )
        else:
            draw.text(
                (shape.x * scale, shape.y * scale),
                shape.text,
                fill=_rgb(shape.colour),
                font=_png_font(round(shape.size * scale), shape.bold),
                anchor=_PIL_ANCHOR[shape.anchor],
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=6)
    return buffer.getvalue()
