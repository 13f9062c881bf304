"""The budget trend chart (貳、一、近4年預、決算趨勢) as SVG and PNG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from govperf.reports import chart
from govperf.reports.chart import (
    BudgetTrend,
    budget_chart_description,
    budget_chart_png,
    budget_chart_svg,
    budget_chart_title,
    png_size,
)

SVG = "{http://www.w3.org/2000/svg}"
SAMPLE = BudgetTrend(
    years=[104, 105, 106, 107],
    budget=[Decimal(24327), Decimal(24480), Decimal(24326), Decimal(26134)],
    final=[Decimal(23790), Decimal(24106), Decimal(23279), Decimal(24694)],
)
font_missing = not chart.FONT_PATH.is_file()


def bars(root: ET.Element, series: str) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == f"bar {series}"]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_title_and_description() -> None:
    assert budget_chart_title(SAMPLE) == "104至107年度預、決算趨勢（單位：百萬元）"
    desc = budget_chart_description(SAMPLE)
    assert "104年度預算24,327、決算23,790" in desc
    assert "107年度預算26,134、決算24,694" in desc


def test_svg_is_accessible_xml() -> None:
    root = ET.fromstring(budget_chart_svg(SAMPLE))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 640 360"
    assert root.get("font-family") == "'Noto Sans CJK TC', sans-serif"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == "104至107年度預、決算趨勢（單位：百萬元）"
    assert desc is not None and desc.text is not None
    for value in ("24,327", "24,480", "24,326", "26,134", "23,790", "24,106", "23,279", "24,694"):
        assert value in desc.text
    labelled_by = (root.get("aria-labelledby") or "").split()
    assert labelled_by == [title.get("id"), desc.get("id")]


def test_svg_labels_years_values_legend_and_ticks() -> None:
    labels = texts(ET.fromstring(budget_chart_svg(SAMPLE)))
    assert "104至107年度預、決算趨勢（單位：百萬元）" in labels
    for year in (104, 105, 106, 107):
        assert f"{year}年度" in labels
    for value in ("24,327", "24,480", "24,326", "26,134", "23,790", "24,106", "23,279", "24,694"):
        assert labels.count(value) == 1
    assert "預算" in labels and "決算" in labels
    ticks = ["0", "5,000", "10,000", "15,000", "20,000", "25,000", "30,000"]
    assert [t for t in labels if t in ticks] == ticks


def test_svg_without_title() -> None:
    root = ET.fromstring(budget_chart_svg(SAMPLE, show_title=False))
    assert "104至107年度預、決算趨勢（單位：百萬元）" not in texts(root)
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "104至107年度預、決算趨勢（單位：百萬元）"


def test_svg_bar_heights_are_proportional() -> None:
    root = ET.fromstring(budget_chart_svg(SAMPLE))
    budget, final = bars(root, "budget"), bars(root, "final")
    assert [b.get("data-value") for b in budget] == ["24,327", "24,480", "24,326", "26,134"]
    assert [b.get("data-value") for b in final] == ["23,790", "24,106", "23,279", "24,694"]
    heights = [float(r.get("height", "")) for r in budget + final]
    values = [float(v) for v in SAMPLE.budget + SAMPLE.final]
    per_unit = heights[0] / values[0]
    for height, value in zip(heights, values, strict=True):
        assert height == pytest.approx(value * per_unit, abs=0.02)
    bottoms = {round(float(r.get("y", "")) + float(r.get("height", "")), 1) for r in budget + final}
    assert len(bottoms) == 1  # all bars stand on the x axis
    # 決算 is hatched, 預算 solid: told apart without colour
    assert all(r.get("fill") == "url(#govperf-budget-hatch)" for r in final)
    assert all(r.get("fill", "").startswith("#") for r in budget)
    assert root.find(f".//{SVG}pattern[@id='govperf-budget-hatch']") is not None


def test_svg_escapes_text() -> None:
    trend = BudgetTrend([107], [Decimal("1.5")], [Decimal(1)], unit="<千元&>")
    svg = budget_chart_svg(trend)
    root = ET.fromstring(svg)
    assert "<千元&>" in (root.findtext(f"{SVG}title") or "")
    assert "1.5" in texts(root)


@pytest.mark.parametrize(
    ("maximum", "top", "step"),
    [
        ("26134", "30000", "5000"),
        ("24000", "25000", "5000"),
        ("980", "1000", "200"),
        ("0", "1", "1"),
    ],
)
def test_nice_axis(maximum: str, top: str, step: str) -> None:
    assert chart._nice_axis(Decimal(maximum)) == (Decimal(top), Decimal(step))


def test_trend_is_validated() -> None:
    with pytest.raises(ValueError):
        BudgetTrend([104, 105], [Decimal(1)], [Decimal(1), Decimal(2)])
    with pytest.raises(ValueError):
        BudgetTrend([], [], [])
    with pytest.raises(ValueError):
        BudgetTrend([104], [Decimal(-1)], [Decimal(1)])


@pytest.mark.skipif(font_missing, reason="fonts-noto-cjk is not installed")
def test_png_size_colours_and_bars() -> None:
    data = budget_chart_png(SAMPLE)
    assert data.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == png_size(150) == (945, 532)  # 16 cm wide at 150 dpi
    dpi = image.info.get("dpi")
    assert dpi is not None and round(dpi[0]) == 150
    rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=100_000)
    assert colours is not None and len(colours) > 10
    assert any(count > 10_000 for count, colour in colours if colour == (31, 78, 121))  # 預算

    # the 預算 bars' heights: count the navy pixels in each bar's centre column
    root = ET.fromstring(budget_chart_svg(SAMPLE))
    scale = image.size[0] / 640
    heights = []
    for rect in bars(root, "budget"):
        x = round((float(rect.get("x", "")) + float(rect.get("width", "")) / 2) * scale)
        heights.append(sum(rgb.getpixel((x, y)) == (31, 78, 121) for y in range(image.size[1])))
    expected = [float(v) / float(SAMPLE.budget[0]) for v in SAMPLE.budget]
    assert [h / heights[0] for h in heights] == pytest.approx(expected, abs=0.01)


@pytest.mark.skipif(font_missing, reason="fonts-noto-cjk is not installed")
def test_png_follows_dpi() -> None:
    image = Image.open(io.BytesIO(budget_chart_png(SAMPLE, dpi=96)))
    assert image.size == png_size(96) == (605, 340)


@pytest.mark.skipif(font_missing, reason="fonts-noto-cjk is not installed")
def test_png_uses_the_traditional_chinese_face() -> None:
    font = chart._png_font(20, bold=False)
    assert font.getname()[0] == "Noto Sans CJK TC"


def test_missing_font_names_the_debian_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(chart, "FONT_PATH", tmp_path / "missing.ttc")
    with pytest.raises(FileNotFoundError, match="fonts-noto-cjk"):
        budget_chart_png(SAMPLE)
