"""The open-data tables: their columns, described once, and their rows, made from cycles'
open-data documents (`selectors.cycle_document`, or a version's published snapshot of it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from govperf.domain.roc import format_roc_date

Document = Mapping[str, Any]  # a cycle's open-data document


@dataclass(frozen=True)
class Column:
    """One column of an open-data table, as the data dictionary describes it."""

    name: str
    type: str  # text, integer, decimal
    zh: str
    en: str


@dataclass(frozen=True)
class OpenTable:
    """An open-data table: its file and sheet names, its columns, and its rows' maker."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: Callable[[Iterable[Document]], Iterator[dict[str, Any]]]


def _col(name: str, type_: str, zh: str, en: str) -> Column:
    return Column(name, type_, zh, en)


CYCLE_COLUMNS = (
    _col("agency", "text", "機關名稱", "Agency"),
    _col("cycle_year", "integer", "報告年度（民國）", "ROC year of the report"),
)
PRINTED_NOTE = "；原文照錄"
KPI_YEAR_COLUMNS = (
    *CYCLE_COLUMNS,
    _col("goal_label", "text", "關鍵策略目標編號，如（一）", "Goal number as printed"),
    _col("goal", "text", "關鍵策略目標", "Key strategic goal"),
    _col("kpi_label", "text", "關鍵績效指標編號，如１", "KPI number as printed"),
    _col("kpi", "text", "關鍵績效指標", "Key performance indicator"),
    _col("year", "integer", "數值所屬年度（民國）", "ROC year of the values"),
    _col(
        "tier",
        "text",
        "評估層級：executive 院管、agency 部會管、空白為該年無此指標",
        "executive (Executive Yuan re-review), agency (agency-assessed), blank if absent",
    ),
    _col("measurement_standard", "text", "衡量標準", "Measurement standard"),
    _col("target_text", "text", "原訂目標值" + PRINTED_NOTE, "Target as printed"),
    _col("target_value", "decimal", "原訂目標值數值", "Target, parsed"),
    _col("target_unit", "text", "原訂目標值單位（% 表示百分比）", "Unit of the target"),
    _col("actual_text", "text", "實際值" + PRINTED_NOTE, "Actual value as printed"),
    _col("actual_value", "decimal", "實際值數值", "Actual value, parsed"),
    _col("actual_unit", "text", "實際值單位", "Unit of the actual value"),
    _col("achievement_text", "text", "達成度" + PRINTED_NOTE, "Achievement rate as printed"),
    _col("achievement_value", "decimal", "達成度（%）", "Achievement rate in percent"),
    _col("initial_light_text", "text", "初核結果" + PRINTED_NOTE, "Initial light as printed"),
    _col("initial_light", "text", "初核燈號：green、yellow、red、white", "Initial light"),
    _col(
        "review_light_text",
        "text",
        "複核結果" + PRINTED_NOTE + "（--- 為部會管）",
        "Re-review light as printed (--- agency-assessed)",
    ),
    _col("review_light", "text", "複核燈號：green、yellow、red、white", "Re-review light"),
)


def _cycle(document: Document) -> dict[str, Any]:
    return {"agency": document["agency"], "cycle_year": document["year"]}


def _printed(prefix: str, cell: Mapping[str, Any], *, unit: bool = False) -> dict[str, Any]:
    """A printed cell's columns: `<prefix>_text`, `<prefix>_value` (and `<prefix>_unit`)."""
    found = {f"{prefix}_text": cell["text"], f"{prefix}_value": cell["value"]}
    return found | ({f"{prefix}_unit": cell["unit"]} if unit else {})


def _light(prefix: str, cell: Mapping[str, Any]) -> dict[str, Any]:
    return {f"{prefix}_text": cell["text"], prefix: cell["light"] or ""}


def _kpi_year_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    for document in documents:
        for goal in document["goals"]:
            for kpi in goal["kpis"]:
                for column in kpi["years"]:
                    yield {
                        **_cycle(document),
                        "goal_label": goal["label"],
                        "goal": goal["name"],
                        "kpi_label": kpi["label"],
                        "kpi": kpi["name"],
                        "year": column["year"],
                        "tier": column["tier"] or "",
                        "measurement_standard": column["measurement_standard"],
                        **_printed("target", column["target"], unit=True),
                        **_printed("actual", column["actual"], unit=True),
                        **_printed("achievement", column["achievement"]),
                        **_light("initial_light", column["initial_light"]),
                        **_light("review_light", column["review_light"]),
                    }


BUDGET_COLUMNS = (
    *CYCLE_COLUMNS,
    _col("fund", "text", "基金：合計、普通基金(總預算)…", "Fund"),
    _col("measure", "text", "budget 預算、final 決算、execution_rate 執行率(%)", "Measure"),
    _col("year", "integer", "年度（民國）", "ROC year"),
    _col(
        "text",
        "text",
        "數值" + PRINTED_NOTE + "（百萬元或 %）",
        "Value as printed (NT$ million or %)",
    ),
    _col("value", "decimal", "數值", "Value, parsed"),
)


def _budget_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    for document in documents:
        for row in document["budget"]["rows"]:
            for value in row["values"]:
                yield {
                    **_cycle(document),
                    "fund": row["fund"],
                    "measure": row["measure"],
                    "year": value["year"],
                    "text": value["text"],
                    "value": value["value"],
                }


HEADCOUNT_COLUMNS = (
    *CYCLE_COLUMNS,
    _col("item", "text", "項目：人事費占決算比例(%)、人事費(千元)、合計、職員…", "Item"),
    _col("year", "integer", "年度（民國）", "ROC year"),
    _col("text", "text", "數值" + PRINTED_NOTE, "Value as printed"),
    _col("value", "decimal", "數值", "Value, parsed"),
)


def _headcount_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    for document in documents:
        for row in document["headcount"]["rows"]:
            for value in row["values"]:
                yield {
                    **_cycle(document),
                    "item": row["label"],
                    "year": value["year"],
                    "text": value["text"],
                    "value": value["value"],
                }


PROGRAM_COST_COLUMNS = (
    *CYCLE_COLUMNS,
    _col("kind", "text", "total 合計、subtotal 小計、program 計畫", "Row kind"),
    _col("goal_text", "text", "關鍵策略目標" + PRINTED_NOTE, "Goal as printed in this table"),
    _col("program", "text", "計畫名稱", "Program"),
    _col("kpi", "text", "與KPI關聯", "Linked KPI"),
    _col("year", "integer", "年度（民國）", "ROC year"),
    _col(
        "budget_text", "text", "預算數（千元）" + PRINTED_NOTE, "Budget (NT$ thousand) as printed"
    ),
    _col("budget_value", "decimal", "預算數（千元）", "Budget (NT$ thousand)"),
    _col(
        "progress_text", "text", "預算執行進度(%)" + PRINTED_NOTE, "Execution progress as printed"
    ),
    _col("progress_value", "decimal", "預算執行進度(%)", "Execution progress (%)"),
)


def _program_cost_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    for document in documents:
        for cost in document["program_costs"]["rows"]:
            for item in cost["years"]:
                yield {
                    **_cycle(document),
                    "kind": cost["kind"],
                    "goal_text": cost["goal_text"],
                    "program": cost["program_text"],
                    "kpi": cost["kpi_text"].strip(),
                    "year": item["year"],
                    **_printed("budget", item["budget"]),
                    **_printed("progress", item["progress"]),
                }


LIGHT_STATISTIC_COLUMNS = (
    *CYCLE_COLUMNS,
    _col("category", "text", "total 小計、green 綠燈、yellow 黃燈、red 紅燈、white 白燈", "Light"),
    _col("stage", "text", "initial 初核、review 複核", "Review stage"),
    _col("year", "integer", "年度（民國）", "ROC year"),
    _col("count_text", "text", "項數" + PRINTED_NOTE, "Count as printed"),
    _col("count_value", "decimal", "項數", "Count"),
    _col("percent_text", "text", "比例(%)" + PRINTED_NOTE, "Share as printed"),
    _col("percent_value", "decimal", "比例(%)", "Share in percent"),
)


def _light_statistic_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    for document in documents:
        for row in document["light_statistics"]["rows"]:
            for value in row["values"]:
                yield {
                    **_cycle(document),
                    "category": row["category"],
                    "stage": row["stage"],
                    "year": value["year"],
                    **_printed("count", value["count"]),
                    **_printed("percent", value["percent"]),
                }


VERSION_COLUMNS = (
    *CYCLE_COLUMNS,
    _col(
        "version",
        "integer",
        "公告版本：第 N 版，2 以上為更正版",
        "Published version (2 on: a correction)",
    ),
    _col(
        "published_on",
        "text",
        "本版公告日期（西元，YYYY-MM-DD）",
        "Date this version was published",
    ),
    _col(
        "published_on_roc", "text", "本版公告日期（民國）", "Date this version was published (ROC)"
    ),
    _col("reason", "text", "公告或更正的理由", "Why this version was published"),
)


def _version_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """One row per published version's document (an unpublished cycle's document has none)."""
    for document in documents:
        version = document.get("version")
        if not isinstance(version, Mapping):
            continue
        published = date.fromisoformat(version["published_on"])
        yield {
            **_cycle(document),
            "version": version["number"],
            "published_on": version["published_on"],
            "published_on_roc": format_roc_date(published),
            "reason": version["reason"],
        }


KPI_YEARS = OpenTable("kpi_years", "關鍵績效指標", KPI_YEAR_COLUMNS, _kpi_year_rows)
TABLES = (
    KPI_YEARS,
    OpenTable("budget", "預決算", BUDGET_COLUMNS, _budget_rows),
    OpenTable("headcount", "員額", HEADCOUNT_COLUMNS, _headcount_rows),
    OpenTable("program_costs", "計畫成本", PROGRAM_COST_COLUMNS, _program_cost_rows),
    OpenTable("light_statistics", "燈號統計", LIGHT_STATISTIC_COLUMNS, _light_statistic_rows),
    OpenTable("versions", "公告版本", VERSION_COLUMNS, _version_rows),
)


TableRows = dict[str, list[list[Any]]]  # a table's name → its rows, values in column order


def rows_add(found: TableRows, document: Document) -> None:
    """Add one cycle document's rows of every table to `found`."""
    for table in TABLES:
        names = [column.name for column in table.columns]
        rows = found.setdefault(table.name, [])
        rows.extend([row[name] for name in names] for row in table.rows([document]))


def table_rows(documents: Iterable[Document]) -> TableRows:
    """Every table's rows of `documents`, in one pass over them."""
    found: TableRows = {table.name: [] for table in TABLES}
    for document in documents:
        rows_add(found, document)
    return found
