"""A published version's open data as files: JSON, the tables as CSV in one zip, XLSX.

Made once, when the version is published, from its snapshot (the data as it stands in that
transaction); the stored bytes are then what every download of that version gets. The same
builders make the file of every agency-year from the latest snapshots."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from govperf.opendata.exporters import (
    CSV_ENCODING,
    DICTIONARY_NAME,
    dictionary_rows,
    workbook_write,
)
from govperf.opendata.tables import TABLES

DATA_FORMATS = ("json", "csv", "xlsx")
DATA_CONTENT_TYPES = {
    "json": "application/json",
    "csv": "application/zip",  # one CSV per table and the data dictionary, zipped
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DATA_SUFFIXES = {"json": "json", "csv": "csv.zip", "xlsx": "xlsx"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # no clock in the zip: the same tables give the same bytes


def opendata_files(*, documents: Sequence[Mapping[str, Any]]) -> dict[str, bytes]:
    """Cycles' public documents (a version's snapshot, or several) in every open-data format."""
    return {
        "json": documents_json(documents),
        "csv": tables_zip(documents),
        "xlsx": tables_xlsx(documents),
    }


def documents_json(documents: Sequence[Mapping[str, Any]]) -> bytes:
    document = {"format": "govperf-opendata", "version": 1, "cycles": list(documents)}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def _csv_bytes(rows: Any, fieldnames: list[str] | None = None) -> bytes:
    stream = io.StringIO(newline="")
    if fieldnames is None:
        csv.writer(stream).writerows(rows)
    else:
        writer = csv.DictWriter(stream, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    return stream.getvalue().encode(CSV_ENCODING)


def tables_zip(documents: Sequence[Mapping[str, Any]]) -> bytes:
    """`kpi_years.csv`, `budget.csv`, … and `data-dictionary.csv`, UTF-8 with a BOM, zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            names = [column.name for column in table.columns]
            info = zipfile.ZipInfo(f"{table.name}.csv", ZIP_DATE)
            archive.writestr(info, _csv_bytes(table.rows(documents), names), zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(DICTIONARY_NAME, ZIP_DATE)
        archive.writestr(info, _csv_bytes(dictionary_rows()), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def tables_xlsx(documents: Sequence[Mapping[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    workbook_write(documents, buffer)
    return buffer.getvalue()
