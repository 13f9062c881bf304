"""The report document built from the imported sample: order, headings and merged cells."""

from __future__ import annotations

from typing import Any

import pytest

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle
from govperf.reports.builder import document_build
from govperf.reports.document import Cell, Document, Heading, Paragraph, Table

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(imported_cycle: Cycle) -> Document:
    return document_build(imported_cycle)


def tables(document: Document) -> dict[str, Table]:
    return {block.caption: block for block in document.blocks if isinstance(block, Table)}


def test_header_and_chapters_in_order(document: Document) -> None:
    assert (document.agency, document.title, document.published_on_text) == (
        "外交部",
        "107年度施政績效報告",
        "108年03月19日",
    )
    chapters = [
        block.text[:2]
        for block in document.blocks
        if isinstance(block, Heading) and block.level == 2
    ]
    assert chapters == ["壹、", "貳、", "參、", "肆、", "伍、", "陸、", "柒、"]


def test_built_in_one_query_per_table_of_data_not_per_row(
    imported_cycle: Cycle, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(14):  # the cycle and 13 prefetches
        document_build(imported_cycle)


def test_a_kpi_reads_heading_table_note_standard_analysis(document: Document) -> None:
    blocks = list(document.blocks)
    start = blocks.index(Heading(5, "１、關鍵績效指標：深化與友邦高層政要之情誼"))
    table, note, standard_label, standard, analysis_label = blocks[start + 1 : start + 6]
    assert isinstance(table, Table) and table.caption == "深化與友邦高層政要之情誼"
    assert table.rows[-2][-1] == Cell("★", light=Light.GREEN)
    assert table.rows[-1][-1] == Cell("---")
    assert note == Paragraph("---表示本指標係部會評估指標，依部會評核結果核列", style="footnote")
    assert standard_label == Paragraph("", label="衡量標準：")
    assert standard == Paragraph("我國及外國現任部長級以上政要互訪人次")
    assert analysis_label == Paragraph("", label="績效衡量暨達成情形分析：")


def test_merged_cells_are_printed_once_and_covered_below(document: Document) -> None:
    budget = tables(document)["近4年預、決算趨勢（單位:百萬元）"]
    assert budget.rows[1][0] == Cell("合計", rowspan=3)
    assert budget.rows[2][0] == budget.rows[3][0] == Cell(covered=True)
    costs = tables(document)["關鍵績效指標相關計畫活動之成本"]
    assert costs.rows[0][0] == Cell("關鍵策略目標", rowspan=2)
    assert [cell.covered for cell in costs.rows[1]] == [
        True,
        True,
        False,
        False,
        False,
        False,
        True,
    ]
    assert costs.rows[2][0] == Cell("合計", colspan=2)
    assert len(costs.rows[2]) == 6
    statistics = tables(document)["績效燈號統計(106年度以後僅統計院核評估部分)"]
    assert statistics.rows[1][0] == Cell("關鍵策略目標", rowspan=11)
    assert all(row[0].covered for row in statistics.rows[2:])


def test_numbered_narrative_lines_become_headings_only_when_they_read_as_one(
    document: Document,
) -> None:
    headings = {block.text: block.level for block in document.blocks if isinstance(block, Heading)}
    assert headings["三、歐洲事務："] == 3
    assert headings["（一）鞏固我與邦交國外交關係："] == 4
    assert headings["（二）績效燈號統計(106年度以後僅統計院核評估部分)"] == 4
    assert not any(text.startswith("十、外館購置事務") for text in headings)
    assert not any(text.startswith("（一）預算增減原因說明") for text in headings)
    captions = [
        block.text
        for block in document.blocks
        if isinstance(block, Paragraph) and block.style == "caption"
    ]
    assert captions == ["預決算單位：百萬元", "單位：千元"]
