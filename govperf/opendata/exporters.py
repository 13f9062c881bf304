"""Writers of open data: nested JSON, flat CSV, XLSX workbook, and the data dictionary."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from govperf.evaluation.models import Cycle
from govperf.opendata.selectors import cycle_document
from govperf.opendata.tables import KPI_YEARS, TABLES, Document, OpenTable, TableRows, table_rows

if TYPE_CHECKING:
    from openpyxl import Workbook

FORMATS = ("json", "csv", "xlsx")
DICTIONARY_NAME = "data-dictionary.csv"
CSV_ENCODING = "utf-8-sig"  # with a BOM, so that spreadsheet programs read 中文 right


def export_write(*, cycles: Sequence[Cycle], format: str, directory: Path) -> list[Path]:
    """Write `cycles` in `format` into `directory`, with the data dictionary beside."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"govperf-opendata.{format}"
    documents = [cycle_document(cycle) for cycle in cycles]
    {"json": _write_json, "csv": _write_csv, "xlsx": _write_xlsx}[format](documents, path)
    dictionary = directory / DICTIONARY_NAME
    _write_dictionary(dictionary)
    return [path, dictionary]


def _write_json(documents: Sequence[Document], path: Path) -> None:
    document = {"format": "govperf-opendata", "version": 1, "cycles": list(documents)}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _write_csv(documents: Sequence[Document], path: Path) -> None:
    with path.open("w", encoding=CSV_ENCODING, newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=[column.name for column in KPI_YEARS.columns])
        writer.writeheader()
        writer.writerows(KPI_YEARS.rows(documents))


def _write_xlsx(documents: Sequence[Document], path: Path) -> None:
    workbook_write(table_rows(documents), path)


def workbook_write(rows: TableRows, target: Path | BinaryIO) -> None:
    """Every table's `rows` (`tables.table_rows`) as a sheet, and the data dictionary
    (資料說明), into `target`."""
    from openpyxl import Workbook  # 0.1 s to import: loaded for XLSX only

    workbook = Workbook(write_only=True)  # rows streamed: twice as fast, a fraction of memory
    for table in TABLES:
        _add_sheet(workbook, table, rows.get(table.name, []))
    dictionary = workbook.create_sheet("資料說明")
    for row in dictionary_rows():
        dictionary.append(row)
    workbook.save(target)


def _add_sheet(workbook: Workbook, table: OpenTable, rows: list[list[Any]]) -> None:
    sheet = workbook.create_sheet(table.title)
    sheet.freeze_panes = "A2"
    sheet.append([column.name for column in table.columns])
    for row in rows:
        sheet.append(row)


def dictionary_rows() -> list[list[str]]:
    rows = [["table", "sheet", "column", "type", "說明", "description"]]
    for table in TABLES:
        for column in table.columns:
            rows.append([table.name, table.title, column.name, column.type, column.zh, column.en])
    return rows


def dictionary_document() -> dict[str, Any]:
    """The data dictionary as a JSON document: each table (its CSV file and its sheet) with
    every column's name, type and meaning; made from the same definitions as the files."""
    return {
        "format": "govperf-opendata-dictionary",
        "version": 1,
        "tables": [
            {
                "name": table.name,
                "file": f"{table.name}.csv",
                "sheet": table.title,
                "columns": [
                    {"name": c.name, "type": c.type, "description": c.zh, "description_en": c.en}
                    for c in table.columns
                ],
            }
            for table in TABLES
        ],
    }


def _write_dictionary(path: Path) -> None:
    with path.open("w", encoding=CSV_ENCODING, newline="") as stream:
        csv.writer(stream).writerows(dictionary_rows())
