"""The text-export reader against the 外交部 107年度 sample: facts, lossless cells, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from govperf.imports import ir
from govperf.imports.errors import ReportImportError
from govperf.imports.textformat import parse_text_report

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "mofa-107-performance-report.txt"
SOURCE = "mofa-107-performance-report.txt"


@pytest.fixture(scope="module")
def text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report(text: str) -> ir.Report:
    return parse_text_report(text, source=SOURCE)


def kpi_named(report: ir.Report, name: str) -> ir.Kpi:
    (kpi,) = [kpi for goal in report.goals for kpi in goal.kpis if kpi.name == name]
    return kpi


def column(kpi: ir.Kpi, year: int) -> ir.KpiYearColumn:
    (found,) = [col for col in kpi.columns if col.year == year]
    return found


def texts(cells: list[ir.Cell]) -> list[str]:
    return [cell.text for cell in cells]


# --- header and chapters ----------------------------------------------------------------------


def test_header(report: ir.Report) -> None:
    assert report.source == SOURCE
    assert report.agency == "外交部"
    assert report.title == "107年度施政績效報告"
    assert report.year == 107
    assert report.published_on == ir.Cell("108年03月19日", 3)


def test_seven_chapters_in_order(report: ir.Report) -> None:
    assert [(c.key, c.numeral, c.line) for c in report.chapters] == [
        ("preface", "壹", 4),
        ("budget", "貳", 7),
        ("goals", "參", 158),
        ("achievements", "肆", 1273),
        ("assessment", "伍", 1398),
        ("recommendations", "陸", 1664),
        ("closing", "柒", 1698),
    ]
    assert report.chapters[0].title == "前言"
    assert report.chapters[1].title == "機關104至107年度預算及人力"
    assert report.chapters[5].title.startswith("前年度「行政院評估綜合意見」")


def blocks(chapter: ir.Chapter) -> list[tuple[str, int, str]]:
    return [(block.kind, block.line, block.text) for block in chapter.blocks]


def test_budget_chapter_blocks(report: ir.Report) -> None:
    kinds = [(kind, line) for kind, line, _ in blocks(report.chapters[1])]
    assert kinds == [
        ("paragraph", 8),
        ("image", 9),
        ("paragraph", 10),
        ("placeholder", 11),
        ("footnote", 103),
        ("paragraph", 104),
        ("paragraph", 105),
        ("paragraph", 106),
        ("paragraph", 107),
        ("placeholder", 108),
        ("footnote", 157),
    ]
    chapter = report.chapters[1].blocks
    assert chapter[1].text == r"[image: C:\file001.files\image001.png]"
    assert chapter[2].text == "預決算單位：百萬元"
    assert [chapter[3].text, chapter[9].text] == ["budget_table", "headcount_table"]
    assert chapter[4].text == "＊本施政績效係就普通基金部分評估，特種基金不納入評估。"


def test_goals_chapter_blocks(report: ir.Report) -> None:
    assert blocks(report.chapters[2]) == [
        ("paragraph", 159, "一、關鍵策略目標"),
        ("placeholder", 160, "goals"),
        ("paragraph", 1084, "二、關鍵績效指標相關計畫活動之成本"),
        ("paragraph", 1085, "單位：千元"),
        ("placeholder", 1086, "program_costs"),
        ("paragraph", 1244, "\xa0"),  # the lone (no-break) space under the table stays
        ("paragraph", 1245, "三、未達目標項目檢討"),
        ("placeholder", 1246, "shortfalls"),
    ]


def test_assessment_recommendations_and_closing_blocks(report: ir.Report) -> None:
    assessment = blocks(report.chapters[4])
    assert [(kind, line) for kind, line, _ in assessment] == [
        ("paragraph", 1399),
        ("paragraph", 1400),
        ("placeholder", 1401),
        ("footnote", 1520),
        ("paragraph", 1521),
        ("placeholder", 1522),
        ("paragraph", 1661),
        ("paragraph", 1662),
        ("paragraph", 1663),
    ]
    assert assessment[2][2] == "light_table" and assessment[5][2] == "light_statistics"
    assert assessment[3][2] == "---表示本指標係部會評估指標，依部會評核結果核列"
    assert blocks(report.chapters[5]) == [("placeholder", 1665, "recommendations")]
    closing = report.chapters[6].blocks
    assert [block.line for block in closing] == [1699, 1700, 1701]  # line 1702 is a lone space
    assert closing[0].text.startswith("一、在鞏固邦交")


def test_narrative_chapters_keep_every_line(report: ir.Report) -> None:
    assert [block.line for block in report.chapters[0].blocks] == [5, 6]
    achievements = report.chapters[3].blocks
    assert len(achievements) == 1397 - 1273
    assert {block.kind for block in achievements} == {"paragraph"}
    assert achievements[0].text == "一、亞太事務："


# --- goals and KPIs ---------------------------------------------------------------------------


def test_goals_and_kpis(report: ir.Report) -> None:
    assert [goal.label for goal in report.goals] == [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（五）",
        "（六）",
        "（七）",
    ]
    assert report.goals[0].name == "鞏固我與邦交國外交關係。"
    assert report.goals[0].line == 160
    assert [len(goal.kpis) for goal in report.goals] == [2, 5, 2, 1, 2, 1, 3]
    first = report.goals[0].kpis[0]
    assert (first.label, first.name, first.line) == ("１", "深化與友邦高層政要之情誼", 161)


def test_every_kpi_has_the_four_years_and_six_rows(report: ir.Report) -> None:
    kpis = [kpi for goal in report.goals for kpi in goal.kpis]
    assert len(kpis) == 16
    for kpi in kpis:
        assert [col.year for col in kpi.columns] == [104, 105, 106, 107]
        assert texts([col.header for col in kpi.columns]) == [
            f"{y}年度" for y in (104, 105, 106, 107)
        ]
        assert texts(kpi.row_labels) == [
            "項目",
            "衡量標準",
            "原訂目標值",
            "實際值",
            "達成度",
            "初核結果",
            "複核結果",
        ]
        assert kpi.table_note == "---表示本指標係部會評估指標，依部會評核結果核列"
        assert kpi.standard_detail and kpi.analysis


def test_capital_budget_kpi(report: ir.Report) -> None:
    kpi = kpi_named(report, "機關年度資本門預算執行率")
    year = column(kpi, 107)
    assert year.actual == ir.Cell("44.38%", 955)
    assert year.achievement.text == "49.31%"
    assert year.initial_light.text == "▲"
    assert year.review_light.text == "---"
    assert year.target.text == "90%"
    assert kpi.standard_detail.startswith("（本年度資本門實支數＋資本門應付未付數")
    assert kpi.analysis[0].startswith("（１）本部主管107年度及以前年度資本門可執行數")
    assert len(kpi.analysis) == 2


def test_first_kpi_values_as_printed(report: ir.Report) -> None:
    kpi = report.goals[0].kpis[0]
    assert texts([col.target for col in kpi.columns]) == ["116次", "78人次", "88人次", "95人次"]
    assert texts([col.actual for col in kpi.columns]) == ["122次", "117人次", "97人次", "108人次"]
    assert texts([col.review_light for col in kpi.columns]) == ["★", "★", "---", "---"]
    assert kpi.standard_detail == "我國及外國現任部長級以上政要互訪人次"
    assert kpi.analysis[0] == "（１）107年來訪友邦元首及重要訪賓包括："
    assert kpi.analysis[-1].startswith("Ｅ、國防部參謀總長李喜明上將")
    assert len(kpi.analysis) == 219 - 209 + 1


def test_multi_line_standard_cell(report: ir.Report) -> None:
    kpi = kpi_named(report, "積極爭取參與我尚未參加之功能性政府間國際組織")
    cell = column(kpi, 104).standard
    assert cell.line == 573
    lines = cell.text.split("\n")
    assert len(lines) == 5
    assert lines[0] == "1.與擬爭取參與之國際組織或機構之官員接觸、交流或執行合作計畫次數。"
    assert lines[-1].startswith("以上列次數及件數合計為總次數")
    assert "\n" not in column(kpi, 105).standard.text
    assert column(kpi, 105).standard.line == 578


# --- budget, headcount, program costs ---------------------------------------------------------


def test_budget_table(report: ir.Report) -> None:
    table = report.budget
    assert texts(table.header) == ["項目", "預決算", "104", "105", "106", "107"]
    assert table.years == [104, 105, 106, 107]
    assert len(table.rows) == 12
    total = table.rows[0]
    assert (total.fund.text, total.measure.text) == ("合計", "預算")
    assert total.values[3] == ir.Cell("26,134", 23)
    final = table.rows[1]
    assert final.fund == ir.Cell("", 25)  # merged fund cell, blank as printed
    assert texts(final.values) == ["23,790", "24,106", "23,279", "24,694"]
    assert texts([row.measure for row in table.rows[:3]]) == ["預算", "決算", "執行率(%)"]
    funds = [row.fund.text for row in table.rows if row.fund.text]
    assert funds == ["合計", "普通基金(總預算)", "普通基金(特別預算)", "特種基金"]


def test_headcount_table(report: ir.Report) -> None:
    table = report.headcount
    assert texts(table.header) == ["年度", "104", "105", "106", "107"]
    assert table.years == [104, 105, 106, 107]
    labels = [row.label.text for row in table.rows]
    assert labels == [
        "人事費占決算比例(%)",
        "人事費(單位：千元)",
        "合計",
        "職員",
        "約聘僱人員",
        "警員",
        "技工工友",
    ]
    assert table.rows[2].values[3].text == "2,620"
    assert table.rows[1].values[3].text == "7,288,976"


def test_program_cost_table(report: ir.Report) -> None:
    table = report.program_costs
    assert table.years == [106, 107]
    assert texts(table.header[0]) == ["關鍵策略目標", "計畫名稱", "106年度", "107年度", "與KPI關聯"]
    assert texts(table.header[1]) == [
        "",
        "",
        "預算數",
        "預算執行進度(%)",
        "預算數",
        "預算執行進度(%)",
        "",
    ]
    kinds = [row.kind for row in table.rows]
    assert (
        kinds.count("total") == 1 and kinds.count("subtotal") == 6 and kinds.count("program") == 11
    )
    total = table.rows[0]
    assert (total.kind, total.goal.text, total.program.text) == ("total", "合計", "")
    assert texts(total.budgets) == ["11,609,199", "12,949,244"]
    assert texts(total.progress) == ["\xa0", "\xa0"]  # printed as a (no-break) space, kept
    assert total.kpi.text == "\xa0"
    subtotal = table.rows[1]
    assert (subtotal.goal.text, subtotal.program.text) == ("（一）鞏固我與邦交國外交關係", "小計")
    program = table.rows[2]
    assert (program.goal.text, program.program.text) == ("", "拉丁美洲及加勒比海事務")
    assert texts(program.budgets) == ["3,914,276", "4,333,552"]
    assert texts(program.progress) == ["82.39", "69.76"]
    assert program.kpi.text == "深化與友邦高層政要之情誼"
    assert table.rows[4].kpi == ir.Cell("", 1137)  # 國際合作及經濟事務: a bare tab


# --- shortfalls, lights, recommendations ------------------------------------------------------


def test_shortfalls(report: ir.Report) -> None:
    entries = report.shortfalls
    assert [entry.gap.text for entry in entries] == ["50.69", "100", "5.88"]
    first = entries[0]
    assert first.goal_heading == "（一）關鍵策略目標：妥適配置預算資源，提升預算執行效率。"
    assert first.kpi_name == "機關年度資本門預算執行率"
    assert first.target == ir.Cell("90", 1250)
    assert first.actual == ir.Cell("44.38", 1251)
    assert first.gap == ir.Cell("50.69", 1252)
    assert first.standard.startswith("（本年度資本門實支數")
    assert len(first.reason) == 1 and first.reason[0].startswith("主因係駐洛杉磯辦事處")
    assert [entry.goal_heading for entry in entries[1:]] == [None, None]
    assert entries[2].standard == "駐外館宿舍自有總數量"
    assert all("bookmark" not in line for entry in entries for line in entry.reason)


def test_light_table(report: ir.Report) -> None:
    table = report.light_table
    assert texts(table.header) == ["關鍵策略目標", "項次", "關鍵績效指標", "初核", "複核"]
    assert len(table.rows) == 16
    first = table.rows[0]
    assert texts([first.goal_number, first.goal_name, first.item, first.kpi_name]) == [
        "1",
        "鞏固我與邦交國外交關係",
        "(1)",
        "深化與友邦高層政要之情誼",
    ]
    assert table.rows[1].goal_number == ir.Cell("", 1414)
    assert [row.initial_light.text for row in table.rows].count("★") == 13
    assert [row.initial_light.text for row in table.rows].count("▲") == 3


def test_light_statistics(report: ir.Report) -> None:
    table = report.light_statistics
    assert table.years == [104, 105, 106, 107]
    assert texts(table.header[0]) == ["構面", "年度", "104", "105", "106", "107"]
    assert texts(table.header[1])[:4] == ["關鍵策略目標", "燈號", "項數", "比例(%)"]
    assert len(table.rows) == 10
    subtotal = table.rows[0]
    assert (subtotal.light.text, subtotal.stage.text) == ("小計", "初核")
    assert subtotal.counts[2] == ir.Cell("2", 1547)
    assert texts(subtotal.percents) == ["100.00", "100.00", "100.00", "0.00"]
    review = table.rows[1]
    assert (review.light.text, review.stage.text) == ("", "複核")
    lights = [row.light.text for row in table.rows if row.light.text]
    assert lights == ["小計", "綠燈", "黃燈", "紅燈", "白燈"]


def test_recommendations(report: ir.Report) -> None:
    items = report.recommendations
    assert [item.label for item in items] == ["一", "二", "三", "四", "五", "六"]
    assert items[0].text.startswith("請秉持「踏實外交、互惠互助」理念")
    assert items[0].answer == ["本部遵示辦理。"]
    assert items[0].line == 1665
    third = items[2]
    assert third.answer[0] == ""
    assert third.answer[1].startswith("CPTPP第一次部長級執行委員會")
    assert len(third.answer) == 1 + (1675 - 1671 + 1)
    assert items[5].answer[-1].startswith("４、由於第二代晶片護照防偽功能大幅提升")


# --- no cell lost -----------------------------------------------------------------------------


def naive_cells(text: str) -> list[tuple[int, str]]:
    """Every tab cell of the file, continuation lines joined, independently of the reader."""
    cells: list[list[int | str]] = []
    in_cell = False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("\t"):
            cells.append([number, line[1:]])
            in_cell = True
        elif in_cell and line.strip(" "):
            cells[-1][1] = f"{cells[-1][1]}\n{line}"
        else:
            in_cell = False
    return [(int(number), str(cell)) for number, cell in cells]


def interleave(first: list[ir.Cell], second: list[ir.Cell]) -> list[ir.Cell]:
    return [cell for pair in zip(first, second, strict=True) for cell in pair]


def ir_cells(report: ir.Report) -> list[ir.Cell]:
    """Every cell the IR holds, in the order the file prints them."""
    cells = list(report.budget.header)
    for budget in report.budget.rows:
        cells += [budget.fund, budget.measure, *budget.values]
    cells += report.headcount.header
    for staff in report.headcount.rows:
        cells += [staff.label, *staff.values]
    for kpi in (kpi for goal in report.goals for kpi in goal.kpis):
        fields = ["header", "standard", "target", "actual", "achievement"]
        fields += ["initial_light", "review_light"]
        for label, name in zip(kpi.row_labels, fields, strict=True):
            cells += [label, *(getattr(col, name) for col in kpi.columns)]
    for header in report.program_costs.header:
        cells += header
    for cost in report.program_costs.rows:
        program = [] if cost.kind == "total" else [cost.program]  # 合計 spans both columns
        cells += [cost.goal, *program, *interleave(cost.budgets, cost.progress), cost.kpi]
    cells += report.light_table.header
    for light in report.light_table.rows:
        cells += [light.goal_number, light.goal_name, light.item, light.kpi_name]
        cells += [light.initial_light, light.review_light]
    for header in report.light_statistics.header:
        cells += header
    for stat in report.light_statistics.rows:
        cells += [stat.light, stat.stage, *interleave(stat.counts, stat.percents)]
    return cells


def test_no_cell_lost(text: str, report: ir.Report) -> None:
    naive = naive_cells(text)
    held = [(cell.line, cell.text) for cell in ir_cells(report)]
    assert held == sorted(held)  # the IR keeps them in file order
    # The only cells not stored: the blank merged 構面 cell that opens each statistics row.
    merged = {stat.light.line - 1 for stat in report.light_statistics.rows}
    dropped = [(line, cell) for line, cell in naive if line in merged]
    assert dropped == [(line, "") for line in sorted(merged)]
    assert held == [(line, cell) for line, cell in naive if line not in merged]
    assert len(naive) == len(held) + 10


def test_crlf_reads_the_same(text: str, report: ir.Report) -> None:
    assert parse_text_report(text.replace("\n", "\r\n"), source=SOURCE) == report


def problem_of(text: str) -> tuple[int, str]:
    with pytest.raises(ReportImportError) as raised:
        parse_text_report(text, source=SOURCE)
    (problem,) = raised.value.problems
    assert problem.source == SOURCE
    assert str(raised.value).startswith(f"{SOURCE} 第 {problem.line} 行：")
    return problem.line, problem.message


def test_truncated_inside_a_kpi_table(text: str) -> None:
    lines = text.split("\n")[:900]  # line 900 is the blank line after the 原訂目標值 row
    assert problem_of("\n".join(lines)) == (
        900,
        "檔案在第 900 行結束，預期還有 KPI 表格的「實際值」列，也缺少之後的"
        "「肆、推動成果具體事蹟」、「伍、績效總評」、"
        "「陸、前年度『行政院評估綜合意見』辦理情形」、「柒、評估綜合意見」",
    )


def test_truncated_before_a_chapter(text: str) -> None:
    lines = text.split("\n")[:1397]
    line, message = problem_of("\n".join(lines))
    assert line == 1397
    assert message.startswith("檔案在第 1397 行結束，預期還有「伍、績效總評」，也缺少之後的「陸、")


def test_line_numbers_count_a_final_newline_as_an_editor_does(text: str) -> None:
    lines = text.split("\n")[:1397]
    line, _ = problem_of("\n".join(lines) + "\n")
    assert line == 1398


def test_truncated_before_an_answer(text: str) -> None:
    lines = text.split("\n")[:1669]  # ends with the third recommendation, before its 「答：」
    assert problem_of("\n".join(lines)) == (
        1669,
        "檔案在第 1669 行結束，預期還有「答：」，也缺少之後的「柒、評估綜合意見」",
    )


def test_kpi_table_without_actual_row(text: str) -> None:
    lines = text.split("\n")
    assert lines[587] == "\t實際值" and lines[593] == "\t達成度"
    del lines[587:593]  # lines 588-593: the 實際值 row and its blank line
    assert problem_of("\n".join(lines)) == (588, "預期 KPI 表格的「實際值」列，卻是「達成度」")


def test_kpi_table_with_rows_swapped(text: str) -> None:
    lines = text.split("\n")
    lines[599:611] = lines[605:611] + lines[599:605]  # 複核結果 before 初核結果
    line, message = problem_of("\n".join(lines))
    assert (line, message) == (600, "預期 KPI 表格的「初核結果」列，卻是「複核結果」")


def test_chapters_out_of_order(text: str) -> None:
    lines = text.split("\n")
    achievements, assessment = lines[1272:1397], lines[1397:1663]
    lines[1272:1663] = assessment + achievements  # 伍 before 肆
    line, message = problem_of("\n".join(lines))
    assert line == 1273
    assert message == "預期「肆、推動成果具體事蹟」，卻是「伍、績效總評」"


def test_unknown_chapter(text: str) -> None:
    lines = text.split("\n")
    lines[1272] = "肆、其他事項"
    assert problem_of("\n".join(lines)) == (
        1273,
        "預期「肆、推動成果具體事蹟」，卻是「肆、其他事項」",
    )


def test_row_with_a_missing_cell(text: str) -> None:
    lines = text.split("\n")
    assert lines[1122] == "\t"
    del lines[1122]  # the blank goal cell of 亞西及非洲事務
    assert problem_of("\n".join(lines)) == (1123, "預期計畫活動成本表每列 7 格，這一列卻有 6 格")


def test_recommendation_without_answer(text: str) -> None:
    lines = text.split("\n")
    assert lines[1665] == "答：本部遵示辦理。"
    del lines[1665]
    line, message = problem_of("\n".join(lines))
    assert line == 1666
    assert message.startswith("預期「答：」，卻是「二、維護我國已加入之國際組織會籍")
