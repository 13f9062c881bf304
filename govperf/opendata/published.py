"""A published version's open data as files: JSON, the tables as CSV in one zip, XLSX.

Made once, when the version is published, from its snapshot (the data as it stands in that
transaction); the stored bytes are then what every download of that version gets. The same
builders make the file of every agency-year from the latest snapshots."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from govperf.opendata.exporters import (
    CSV_ENCODING,
    DICTIONARY_NAME,
    dictionary_rows,
    workbook_write,
)
from govperf.opendata.tables import TABLES, TableRows, rows_add

DATA_FORMATS = ("json", "csv", "xlsx")
DATA_CONTENT_TYPES = {
    "json": "application/json",
    "csv": "application/zip",  # one CSV per table and the data dictionary, zipped
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DATA_SUFFIXES = {"json": "json", "csv": "csv.zip", "xlsx": "xlsx"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # no clock in the zip: the same tables give the same bytes


def opendata_files(
    *, documents: Iterable[Mapping[str, Any]], formats: Collection[str] = DATA_FORMATS
) -> dict[str, bytes]:
    """Cycles' public documents (a version's snapshot, or every agency-year's) in the open-data
    `formats`, reading the documents once and one at a time: they need not all be in memory."""
    cycles = _JsonCycles()
    rows: TableRows = {table.name: [] for table in TABLES}
    tables = bool({"csv", "xlsx"} & set(formats))
    for document in documents:
        if "json" in formats:
            cycles.add(document)
        if tables:
            rows_add(rows, document)
    builders: dict[str, Callable[[], bytes]] = {
        "json": cycles.bytes,
        "csv": lambda: tables_zip(rows),
        "xlsx": lambda: tables_xlsx(rows),
    }
    return {format: builders[format]() for format in DATA_FORMATS if format in formats}


class _JsonCycles:
    """`{"format": "govperf-opendata", "version": 1, "cycles": [...]}` exactly as `json.dumps`
    with `indent=1` writes it, made one document at a time (a document's own dump, each line
    indented two more spaces: JSON strings hold no raw newline)."""

    HEAD = b'{\n "format": "govperf-opendata",\n "version": 1,\n "cycles": ['

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.buffer.write(self.HEAD)
        self.empty = True

    def add(self, document: Mapping[str, Any]) -> None:
        text = json.dumps(document, ensure_ascii=False, indent=1)
        self.buffer.write(b"\n  " if self.empty else b",\n  ")
        self.buffer.write(text.replace("\n", "\n  ").encode())
        self.empty = False

    def bytes(self) -> bytes:
        self.buffer.write(b"]\n}\n" if self.empty else b"\n ]\n}\n")
        return self.buffer.getvalue()


def documents_json(documents: Iterable[Mapping[str, Any]]) -> bytes:
    """The cycles' documents as one open-data JSON file."""
    cycles = _JsonCycles()
    for document in documents:
        cycles.add(document)
    return cycles.bytes()


def _csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    stream = io.StringIO(newline="")
    csv.writer(stream).writerows(rows)
    return stream.getvalue().encode(CSV_ENCODING)


def tables_zip(rows: TableRows) -> bytes:
    """`kpi_years.csv`, `budget.csv`, … and `data-dictionary.csv`, UTF-8 with a BOM, zipped;
    `rows` as `tables.table_rows` gives them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            header = [column.name for column in table.columns]
            info = zipfile.ZipInfo(f"{table.name}.csv", ZIP_DATE)
            content = _csv_bytes([header, *rows.get(table.name, [])])
            archive.writestr(info, content, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(DICTIONARY_NAME, ZIP_DATE)
        archive.writestr(info, _csv_bytes(dictionary_rows()), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def tables_xlsx(rows: TableRows) -> bytes:
    buffer = io.BytesIO()
    workbook_write(rows, buffer)
    return buffer.getvalue()
