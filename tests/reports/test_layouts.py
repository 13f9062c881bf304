"""Report layouts: a cycle without chapters is built from its layout; stored chapters still win."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from govperf.evaluation.models import Cycle, CycleKpi, Goal, Kpi, KpiYear
from govperf.narrative import layouts
from govperf.narrative.models import Block, Chapter
from govperf.narrative.services import cycle_create_chapters
from govperf.reports.builder import document_build
from govperf.reports.document import Document, Heading, Image, Table
from govperf.reports.render_html import render_html
from govperf.reports.render_text import render_text

pytestmark = pytest.mark.django_db

POST_REFORM_108 = [
    "壹、前言",
    "貳、機關105至108年度預算及人力",
    "參、年度目標及策略推動成果與未來精進方向",
    "肆、施政績效成果亮點",
]
LEGEND = (
    "（「★」表示綠燈；「▲」表示黃燈；「●」表示紅燈；「□」表示白燈）。"
    "「初核」表示部會自行評估結果；「複核」表示行政院評估結果。"
)
ROC107_108 = [
    "壹、前言",
    "貳、機關105至108年度預算及人力",
    f"參、關鍵策略目標達成情形{LEGEND}",
    "肆、推動成果具體事蹟",
    "伍、績效總評",
    "陸、前年度「行政院評估綜合意見」及前年度施政績效評估總報告「後續推動建議」辦理情形",
    "柒、評估綜合意見",
]


def chapter_headings(document: Document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2]


def new_cycle(imported_cycle: Cycle, layout: str, **fields: object) -> Cycle:
    """The imported agency's 108 cycle, being prepared: no chapters, no data."""
    return Cycle.objects.create(
        agency=imported_cycle.agency,
        year=108,
        title="108年度施政績效報告",
        layout=layout,
        **fields,
    )


# --- the layouts as data --------------------------------------------------------------------


def test_every_cycle_layout_has_a_template() -> None:
    assert set(layouts.LAYOUTS) == set(Cycle.Layout.values)


def test_titles_name_the_four_years_up_to_the_report_year() -> None:
    assert layouts.chapter_title("機關{first}至{last}年度預算及人力", 113) == (
        "機關110至113年度預算及人力"
    )
    titles = [f"{c.numeral}、{c.title}" for c in layouts.layout_chapters("post_reform", 108)]
    assert titles == POST_REFORM_108


def test_an_unknown_layout_or_part_is_refused() -> None:
    with pytest.raises(ValueError, match="不明的報告版型"):
        layouts.layout_chapters("roc999", 108)
    with pytest.raises(ValueError, match="不明的表格位置"):
        layouts.part("budget_chart")


def test_the_roc107_layout_is_the_sample_s(imported_cycle: Cycle) -> None:
    """For 107, the layout's chapters are the sample's, and every heading, chart and part of the
    layout stands in the sample's chapter, in the same order."""
    stored = list(imported_cycle.chapters.prefetch_related("blocks"))
    chapters = layouts.layout_chapters("roc107", 107)
    assert [(c.key, c.numeral, c.title) for c in chapters] == [
        (c.key, c.numeral, c.title) for c in stored
    ]
    for chapter, stored_chapter in zip(chapters, stored, strict=True):
        blocks = iter([(b.kind, b.text) for b in stored_chapter.blocks.all()])
        missing = [
            item
            for item in chapter.items
            if item.kind != layouts.IMAGE and (item.kind, item.text) not in blocks
        ]
        assert missing == [], chapter.key
        kinds = [b.kind for b in stored_chapter.blocks.all()]
        assert kinds.count("image") == sum(i.kind == layouts.IMAGE for i in chapter.items)


# --- building a document ----------------------------------------------------------------------


def test_a_new_post_reform_cycle_is_built_from_its_layout(imported_cycle: Cycle) -> None:
    document = document_build(new_cycle(imported_cycle, Cycle.Layout.POST_REFORM))
    assert chapter_headings(document) == POST_REFORM_108
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert headings == [
        "壹、前言",
        "貳、機關105至108年度預算及人力",
        "一、近4年預、決算趨勢（單位:百萬元）",
        "二、預、決算趨勢說明",
        "三、機關實際員額",
        "參、年度目標及策略推動成果與未來精進方向",
        "一、關鍵策略目標",
        "二、關鍵績效指標相關計畫活動之成本",
        "三、未達目標項目檢討",
        "肆、施政績效成果亮點",
    ]
    assert not any(isinstance(b, Table) for b in document.blocks)  # no data yet, no tables
    (chart,) = [b for b in document.blocks if isinstance(b, Image)]
    assert chart.trend is None


def test_a_new_roc107_cycle_is_built_from_its_layout(imported_cycle: Cycle) -> None:
    document = document_build(new_cycle(imported_cycle, Cycle.Layout.ROC107))
    assert chapter_headings(document) == ROC107_108


def test_a_new_cycle_prints_the_data_it_has(imported_cycle: Cycle) -> None:
    cycle = new_cycle(
        imported_cycle,
        Cycle.Layout.POST_REFORM,
        table_headers={"budget": imported_cycle.table_headers["budget"]},
    )
    for figure in imported_cycle.budget_figures.all():
        figure.pk, figure.cycle = None, cycle
        figure.save()
    goal = Goal.objects.create(cycle=cycle, position=1, label="（一）", name="鞏固邦誼")
    kpi = Kpi.objects.get(agency=cycle.agency, name="深化與友邦高層政要之情誼")
    labels = ["項目", "衡量標準", "原訂目標值", "實際值", "達成度", "初核結果", "複核結果"]
    cycle_kpi = CycleKpi.objects.create(
        cycle=cycle, goal=goal, kpi=kpi, position=1, label="１", row_labels=labels
    )
    KpiYear.objects.create(cycle_kpi=cycle_kpi, year=108, header_text="108年度", target_text="95")

    blocks = list(document_build(cycle).blocks)
    assert chapter_headings(Document("", "", "", tuple(blocks))) == POST_REFORM_108
    (chart,) = [b for b in blocks if isinstance(b, Image)]
    assert chart.trend is not None and chart.trend.years == [104, 105, 106, 107]
    goal_heading = blocks.index(Heading(4, "（一）關鍵策略目標：鞏固邦誼"))
    assert blocks[goal_heading - 1] == Heading(3, "一、關鍵策略目標")
    assert blocks[goal_heading + 1] == Heading(5, "１、關鍵績效指標：深化與友邦高層政要之情誼")
    captions = [b.caption for b in blocks if isinstance(b, Table)]
    assert captions == ["近4年預、決算趨勢（單位:百萬元）", "深化與友邦高層政要之情誼"]


def test_the_post_reform_document_renders_as_html_and_text(imported_cycle: Cycle) -> None:
    document = document_build(new_cycle(imported_cycle, Cycle.Layout.POST_REFORM))
    html, text = render_html(document), render_text(document)
    for heading in POST_REFORM_108:
        assert re.search(f'<h2 id="[^"]+">{re.escape(heading)}</h2>', html)
        assert heading in text.split("\n")
    assert re.search('<h3 id="[^"]+">三、機關實際員額</h3>', html)


def test_stored_chapters_win_over_the_layout(imported_cycle: Cycle) -> None:
    """The imported sample keeps its own chapters, whatever layout its cycle names."""
    stored = [str(chapter) for chapter in imported_cycle.chapters.all()]
    before = document_build(imported_cycle)
    assert chapter_headings(before) == stored
    imported_cycle.layout = Cycle.Layout.POST_REFORM
    imported_cycle.save(update_fields=["layout"])
    assert document_build(imported_cycle) == before


# --- creating the chapters ----------------------------------------------------------------------


def test_cycle_create_chapters_stores_the_layout_once(imported_cycle: Cycle) -> None:
    cycle = new_cycle(imported_cycle, Cycle.Layout.POST_REFORM)
    preview = document_build(cycle)

    chapters = cycle_create_chapters(cycle=cycle)

    assert [str(chapter) for chapter in chapters] == POST_REFORM_108
    assert [c.key for c in chapters] == ["preface", "budget", "goals", "achievements"]
    budget = [(b.kind, b.text) for b in chapters[1].blocks.all()]
    assert budget == [
        ("paragraph", "一、近4年預、決算趨勢（單位:百萬元）"),
        ("image", "[image: 近4年預、決算趨勢圖]"),
        ("placeholder", "budget_table"),
        ("paragraph", "二、預、決算趨勢說明"),
        ("paragraph", "三、機關實際員額"),
        ("placeholder", "headcount_table"),
    ]
    created = Block.objects.filter(chapter__cycle=cycle)
    assert Block.history.filter(id__in=created.values("id")).count() == created.count() == 13
    assert document_build(cycle) == preview  # the stored chapters print as the preview did

    with pytest.raises(ValidationError, match="已有報告章節"):
        cycle_create_chapters(cycle=cycle)
    assert Chapter.objects.filter(cycle=cycle).count() == 4


def test_cycle_create_chapters_refuses_a_published_cycle(imported_cycle: Cycle) -> None:
    cycle = new_cycle(imported_cycle, Cycle.Layout.ROC107, state=Cycle.State.PUBLISHED)
    with pytest.raises(ValidationError, match="已公告"):
        cycle_create_chapters(cycle=cycle)
    assert not Chapter.objects.filter(cycle=cycle).exists()
