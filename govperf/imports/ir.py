"""The intermediate representation of a 施政績效報告, independent of the file format it came from.

A front stage (the text export today; DOCX and ODT later) fills these dataclasses with the text as
printed and the line (or paragraph) it came from; `checks` parses the values and reports problems;
`writer` stores the report in one transaction. Nothing here imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One table cell or one line of text, as printed, with the line it starts on."""

    text: str
    line: int


@dataclass
class Block:
    """A piece of a narrative chapter, in document order.

    kind: "paragraph" (a line of text), "footnote" (＊… or ---表示… under a table), "image"
    (`[image: …]`, the text kept), or "placeholder" (where a structured part of the report
    stands; `text` names it: budget_table, headcount_table, goals, program_costs, shortfalls,
    light_table, light_statistics, recommendations).
    """

    kind: str
    text: str
    line: int


@dataclass
class Chapter:
    """A chapter such as 壹、前言: its numeral, title, and its blocks in order."""

    key: str  # preface, budget, goals, achievements, assessment, recommendations, closing
    numeral: str  # 壹
    title: str  # 前言 (everything after 「壹、」 as printed)
    line: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class BudgetRow:
    """One row of the budget table: a fund (合計, 普通基金(總預算) …) and a measure."""

    fund: Cell  # blank on the 決算 and 執行率 rows of a fund, as printed (merged cell)
    measure: Cell  # 預算, 決算, 執行率(%)
    values: list[Cell]  # one per year, in the order of BudgetTable.years


@dataclass
class BudgetTable:
    header: list[Cell]  # 項目, 預決算, 104, 105 …
    years: list[int]
    rows: list[BudgetRow]


@dataclass
class HeadcountRow:
    label: Cell  # 人事費占決算比例(%), 人事費(單位：千元), 合計, 職員 …
    values: list[Cell]


@dataclass
class HeadcountTable:
    header: list[Cell]  # 年度, 104 …
    years: list[int]
    rows: list[HeadcountRow]


@dataclass
class KpiYearColumn:
    """One year's column of a KPI table."""

    year: int
    header: Cell  # 104年度
    standard: Cell  # 衡量標準
    target: Cell  # 原訂目標值
    actual: Cell  # 實際值
    achievement: Cell  # 達成度
    initial_light: Cell  # 初核結果
    review_light: Cell  # 複核結果


@dataclass
class Kpi:
    """A KPI (關鍵績效指標) as printed under its goal: table, footnote and narrative."""

    label: str  # １ (full-width, as printed)
    name: str
    line: int
    row_labels: list[Cell]  # 項目, 衡量標準, 原訂目標值, 實際值, 達成度, 初核結果, 複核結果
    columns: list[KpiYearColumn]
    table_note: str  # ---表示本指標係部會評估指標，依部會評核結果核列
    standard_detail: str  # the text under 「衡量標準：」 after the table
    analysis: list[str]  # the lines under 「績效衡量暨達成情形分析：」


@dataclass
class Goal:
    """A key strategic goal (關鍵策略目標) of the KPI chapter."""

    label: str  # （一）
    name: str  # as printed after 「關鍵策略目標：」, trailing 。 included
    line: int
    kpis: list[Kpi] = field(default_factory=list)


@dataclass
class ProgramCostRow:
    """A row of the program-cost table (關鍵績效指標相關計畫活動之成本).

    kind: "total" (合計), "subtotal" (a goal's 小計) or "program".
    """

    kind: str
    # goal: （一）鞏固我與邦交國外交關係 on subtotal rows, 合計 on the total, blank on programs
    goal: Cell
    program: Cell  # the program's name, 小計, or the blank cell of the total row
    budgets: list[Cell]  # 預算數 per year
    progress: list[Cell]  # 預算執行進度(%) per year
    kpi: Cell  # 與KPI關聯: a KPI name, or blank


@dataclass
class ProgramCostTable:
    header: list[list[Cell]]  # the two header rows, every cell as printed
    years: list[int]
    rows: list[ProgramCostRow]


@dataclass
class Shortfall:
    """One entry of 未達目標項目檢討 (a KPI below 100%)."""

    goal_heading: str | None  # （一）關鍵策略目標：… when the entry opens a goal, else None
    kpi_name: str
    standard: str
    target: Cell  # 原訂目標值：90 → "90"
    actual: Cell
    gap: Cell  # 達成度差異值
    reason: list[str]  # 未達成原因分析暨因應策略


@dataclass
class LightTableRow:
    goal_number: Cell  # 1, blank on the goal's later rows
    goal_name: Cell
    item: Cell  # (1)
    kpi_name: Cell
    initial_light: Cell
    review_light: Cell


@dataclass
class LightTable:
    header: list[Cell]
    rows: list[LightTableRow]


@dataclass
class LightStatisticsRow:
    """A body row of the statistics; the merged 構面 cell opening each row (always blank) is not
    stored: the parser refuses one that is not blank."""

    light: Cell  # 小計, 綠燈 … (blank on the 複核 row)
    stage: Cell  # 初核 or 複核
    counts: list[Cell]  # 項數 per year
    percents: list[Cell]  # 比例(%) per year


@dataclass
class LightStatistics:
    header: list[list[Cell]]  # the two header rows as printed
    years: list[int]
    rows: list[LightStatisticsRow]


@dataclass
class Recommendation:
    """Last year's recommendation (chapter 陸) and the agency's answer."""

    label: str  # 一
    text: str
    answer: list[str]  # the lines of 「答：…」, the first without its 「答：」 prefix
    line: int


@dataclass
class Report:
    """A whole 施政績效報告."""

    source: str  # file name
    agency: str
    title: str  # 107年度施政績效報告
    year: int
    published_on: Cell  # 108年03月19日
    chapters: list[Chapter]
    budget: BudgetTable
    headcount: HeadcountTable
    goals: list[Goal]
    program_costs: ProgramCostTable
    shortfalls: list[Shortfall]
    light_table: LightTable
    light_statistics: LightStatistics
    recommendations: list[Recommendation]
