"""Report layouts: each layout's chapters, and the headings, chart and parts each chapter holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

# Plain data, free of Django: an item's kind is the stored narrative Block kind it becomes
# (`paragraph` for a heading or a 單位 line, `image` for the chart, `placeholder` for a part).
PARAGRAPH = "paragraph"
IMAGE = "image"
PLACEHOLDER = "placeholder"

# The structured parts the builder fills from a cycle's data, by placeholder name.
PARTS = (
    "budget_table",
    "headcount_table",
    "goals",
    "program_costs",
    "shortfalls",
    "light_table",
    "light_statistics",
    "recommendations",
)
LEGEND = (
    "（「★」表示綠燈；「▲」表示黃燈；「●」表示紅燈；「□」表示白燈）。"
    "「初核」表示部會自行評估結果；「複核」表示行政院評估結果。"
)


@dataclass(frozen=True)
class Item:
    """One line of a chapter's default content: a heading or 單位 line, the chart, or a part."""

    kind: str  # PARAGRAPH, IMAGE or PLACEHOLDER
    text: str  # the line as printed, the chart's [image: …] line, or the part's name


@dataclass(frozen=True)
class Chapter:
    """A chapter of a layout; its title may name the report's years as {first} and {last}."""

    key: str  # preface, budget, goals, achievements, assessment, recommendations, closing
    numeral: str  # 壹
    title: str
    items: tuple[Item, ...] = ()  # the sections and parts; narrative is written later, by units
    # Required: narrative a unit or the planning office writes, needed before 簽報核定 and 公告.
    # Chapters that are only the structured tables (參's goals, 陸's answers) are not.
    required: bool = False


def heading(text: str) -> Item:
    return Item(PARAGRAPH, text)


def part(name: str) -> Item:
    if name not in PARTS:
        raise ValueError(f"不明的表格位置「{name}」")
    return Item(PLACEHOLDER, name)


CHART = Item(IMAGE, "[image: 近4年預、決算趨勢圖]")
COST_UNIT = Item(PARAGRAPH, "單位：千元")

PREFACE = Chapter("preface", "壹", "前言", required=True)
BUDGET = Chapter(
    "budget",
    "貳",
    "機關{first}至{last}年度預算及人力",
    (
        heading("一、近4年預、決算趨勢（單位:百萬元）"),
        CHART,
        part("budget_table"),
        heading("二、預、決算趨勢說明"),
        heading("三、機關實際員額"),
        part("headcount_table"),
    ),
    required=True,  # 二、預、決算趨勢說明 is written
)
GOAL_PARTS = (
    heading("一、關鍵策略目標"),
    part("goals"),
    heading("二、關鍵績效指標相關計畫活動之成本"),
    COST_UNIT,
    part("program_costs"),
    heading("三、未達目標項目檢討"),
    part("shortfalls"),
)

LAYOUTS: dict[str, tuple[Chapter, ...]] = {
    "roc107": (
        PREFACE,
        BUDGET,
        Chapter("goals", "參", f"關鍵策略目標達成情形{LEGEND}", GOAL_PARTS),
        Chapter("achievements", "肆", "推動成果具體事蹟", required=True),
        Chapter(
            "assessment",
            "伍",
            "績效總評",
            (
                heading(f"一、績效燈號表{LEGEND}）"),
                heading("（一）各關鍵績效指標燈號"),
                part("light_table"),
                heading("（二）績效燈號統計(106年度以後僅統計院核評估部分)"),
                part("light_statistics"),
                heading("二、綜合評估分析"),
            ),
            required=True,  # 二、綜合評估分析 is written
        ),
        Chapter(
            "recommendations",
            "陸",
            "前年度「行政院評估綜合意見」及前年度施政績效評估總報告「後續推動建議」辦理情形",
            (part("recommendations"),),
        ),
        Chapter("closing", "柒", "評估綜合意見", required=True),
    ),
    "post_reform": (
        PREFACE,
        BUDGET,
        Chapter("goals", "參", "年度目標及策略推動成果與未來精進方向", GOAL_PARTS),
        Chapter("achievements", "肆", "施政績效成果亮點", required=True),
    ),
}


def chapter_title(template: str, year: int) -> str:
    """A title for the report of ROC `year`: its four years run from year − 3 to year."""
    return template.format(first=year - 3, last=year)


def layout_chapters(layout: str, year: int) -> tuple[Chapter, ...]:
    """The chapters of `layout` for the report of ROC `year`, titles filled in."""
    chapters = LAYOUTS.get(layout)
    if chapters is None:
        raise ValueError(f"不明的報告版型「{layout}」")
    return tuple(replace(chapter, title=chapter_title(chapter.title, year)) for chapter in chapters)


def chapter_is_written(chapter: Chapter, texts: Iterable[str]) -> bool:
    """Whether a chapter's paragraph texts hold writing: one non-blank text that is not a line
    the layout itself put there (a heading, a 單位 line, the chart's line)."""
    own = {item.text.strip() for item in chapter.items} | {chapter.title.strip()}
    return any(text.strip() and text.strip() not in own for text in texts)
