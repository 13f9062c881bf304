"""Open data gives back every table cell of the sample, character for character."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from govperf.evaluation.models import Cycle
from govperf.opendata.tables import TABLES

pytestmark = pytest.mark.django_db


def raw_tables(text: str) -> list[list[list[str]]]:
    """Every table of the text export, read naively: tab lines are cells, blank lines end rows."""
    tables: list[list[list[str]]] = []
    rows: list[list[str]] = []
    row: list[str] | None = None
    for line in text.split("\n"):
        if line.startswith("\t"):
            row = [] if row is None else row
            row.append(line[1:])
        elif line == "":
            if row is not None:
                rows.append(row)
            row = None
        elif row is not None:
            row[-1] += "\n" + line
        elif rows:
            tables.append(rows)
            rows = []
    return tables


def texts(items: list[dict[str, Any]], key: str) -> list[str]:
    return [item[key]["text"] if isinstance(item[key], dict) else item[key] for item in items]


def budget_rows(cycle: dict[str, Any]) -> list[list[str]]:
    table = cycle["budget"]
    body = [[r["fund_text"], r["measure_text"], *texts(r["values"], "text")] for r in table["rows"]]
    return [table["header"], *body]


def headcount_rows(cycle: dict[str, Any]) -> list[list[str]]:
    table = cycle["headcount"]
    return [table["header"], *[[r["label"], *texts(r["values"], "text")] for r in table["rows"]]]


def kpi_tables(cycle: dict[str, Any]) -> list[list[list[str]]]:
    fields = [
        "measurement_standard",
        "target",
        "actual",
        "achievement",
        "initial_light",
        "review_light",
    ]
    tables = []
    for goal in cycle["goals"]:
        for kpi in goal["kpis"]:
            labels, years = kpi["row_labels"], kpi["years"]
            header = [labels[0], *[year["header_text"] for year in years]]
            body = [
                [label, *texts(years, field)]
                for label, field in zip(labels[1:], fields, strict=True)
            ]
            tables.append([header, *body])
    return tables


def program_cost_rows(cycle: dict[str, Any]) -> list[list[str]]:
    table = cycle["program_costs"]
    body = []
    for row in table["rows"]:
        cells = [
            c for year in row["years"] for c in (year["budget"]["text"], year["progress"]["text"])
        ]
        # 合計 spans the goal and program columns: the total row has one cell fewer
        names = (
            [row["goal_text"]]
            if row["kind"] == "total"
            else [row["goal_text"], row["program_text"]]
        )
        body.append([*names, *cells, row["kpi_text"]])
    return [*table["header"], *body]


def light_table_rows(cycle: dict[str, Any]) -> list[list[str]]:
    table = cycle["light_table"]
    keys = [
        "goal_number",
        "goal_name",
        "item",
        "kpi_name",
        "initial_light_text",
        "review_light_text",
    ]
    return [table["header"], *[[row[key] for key in keys] for row in table["rows"]]]


def light_statistics_rows(cycle: dict[str, Any]) -> list[list[str]]:
    table = cycle["light_statistics"]
    body = []
    for row in table["rows"]:
        cells = [c for v in row["values"] for c in (v["count"]["text"], v["percent"]["text"])]
        body.append(["", row["light_text"], row["stage_text"], *cells])
    return [*table["header"], *body]


def export(tmp_path: Path, format: str, *args: str) -> Path:
    call_command("export", "--format", format, "--out", str(tmp_path), *args)
    return tmp_path / f"govperf-opendata.{format}"


def test_json_gives_back_every_table_cell(
    imported_cycle: Cycle, sample_text: str, tmp_path: Path
) -> None:
    document = json.loads(export(tmp_path, "json").read_text(encoding="utf-8"))
    (cycle,) = document["cycles"]
    rebuilt = [
        budget_rows(cycle),
        headcount_rows(cycle),
        *kpi_tables(cycle),
        program_cost_rows(cycle),
        light_table_rows(cycle),
        light_statistics_rows(cycle),
    ]
    original = raw_tables(sample_text)
    assert len(original) == 21 == len(rebuilt)
    for number, (expected, actual) in enumerate(zip(original, rebuilt, strict=True), start=1):
        assert actual == expected, f"table {number}"


def test_json_puts_the_parsed_value_beside_the_text(imported_cycle: Cycle, tmp_path: Path) -> None:
    document = json.loads(export(tmp_path, "json").read_text(encoding="utf-8"))
    kpi = document["cycles"][0]["goals"][1]["kpis"][0]
    first = kpi["years"][0]
    assert kpi["name"] == "推動與他國簽訂雙邊協議（含經貿合作相關協議）"
    assert first["target"] == {"text": "3件", "value": "3", "unit": "件"}
    assert first["initial_light"] == {"text": "▲", "light": "yellow"}
    budget = document["cycles"][0]["budget"]["rows"][2]["values"][0]
    assert budget == {"year": 104, "text": "97.79%", "value": "97.79"}


def test_csv_has_one_row_per_kpi_and_year(imported_cycle: Cycle, tmp_path: Path) -> None:
    with export(tmp_path, "csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 64
    row = next(r for r in rows if r["kpi"] == "精進我國際文宣工作" and r["year"] == "107")
    assert (row["agency"], row["cycle_year"], row["goal_label"]) == ("外交部", "107", "（五）")
    assert (row["target_text"], row["target_value"], row["target_unit"]) == (
        "3達到項數",
        "3",
        "達到項數",
    )
    assert (row["initial_light"], row["review_light_text"], row["tier"]) == (
        "green",
        "---",
        "agency",
    )


def test_data_dictionary_describes_every_exported_column(
    imported_cycle: Cycle, tmp_path: Path
) -> None:
    export(tmp_path, "csv")
    with (tmp_path / "data-dictionary.csv").open(encoding="utf-8-sig", newline="") as stream:
        described = {(row["table"], row["column"]) for row in csv.DictReader(stream)}
    with (tmp_path / "govperf-opendata.csv").open(encoding="utf-8-sig", newline="") as stream:
        header = next(csv.reader(stream))
    assert {("kpi_years", column) for column in header} <= described


def test_xlsx_has_a_sheet_per_table_and_the_dictionary(
    imported_cycle: Cycle, tmp_path: Path
) -> None:
    workbook = load_workbook(export(tmp_path, "xlsx"), read_only=True)
    assert workbook.sheetnames == [*[table.title for table in TABLES], "資料說明"]
    budget = list(workbook["預決算"].iter_rows(values_only=True))
    assert len(budget) == 1 + 12 * 4
    assert ("外交部", 107, "合計", "execution_rate", 104, "97.79%", "97.79") in budget
    kpis = list(workbook["關鍵績效指標"].iter_rows(values_only=True))
    assert len(kpis) == 1 + 64


def test_export_of_an_unknown_cycle_says_what_is_missing(
    imported_cycle: Cycle, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="外交部 106年度"):
        export(tmp_path, "json", "--agency", "外交部", "--year", "106")


def test_export_on_an_empty_database_says_to_import_first(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="import-report"):
        export(tmp_path, "json")
