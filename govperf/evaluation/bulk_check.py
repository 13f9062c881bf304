"""Reading a filled XLSX bulk-entry form and checking it as a whole, naming every problem's cell."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from govperf.domain.achievement import HUNDRED, AchievementError, Kind
from govperf.domain.achievement import SubMeasure as SubFigures
from govperf.domain.text import LONG_TEXT_MAX_LENGTH, TextError, clean_text
from govperf.domain.values import Measure, ValueParseError, decimal_text
from govperf.evaluation.bulk_form import (
    ACTUAL,
    ANALYSIS,
    ID,
    MAIN_COLUMNS,
    MAIN_SHEET,
    MISSED,
    SUB_ACTUAL,
    SUB_COLUMNS,
    SUB_SHEET,
    Column,
)
from govperf.evaluation.bulk_limits import MAX_ROWS, too_many_rows, xlsx_refusal
from govperf.evaluation.entry import (
    achievement_of,
    actual_parse,
    counts,
    formula_actual,
    summed,
)
from govperf.evaluation.models import KpiYear

ID_DIGITS = re.compile(r"[0-9]{1,18}")  # ASCII only: "²".isdigit() is True, int("²") fails


def _put(template: str, **values: object) -> str:
    return template % values


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, placed as Excel shows it (sheet, 1-based row, column)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # letter, e.g. "F"
    header: str = ""

    def __str__(self) -> str:
        """The message after its place, in the active language; the sheet and header quoted."""
        place = self.place()
        if not place:
            return self.message
        return _("%(place)s：%(message)s") % {"place": place, "message": self.message}

    def place(self, put: Callable[..., str] = _put) -> str:
        """Where the problem is, as Excel shows it, or "" for the upload as a whole; `put`
        puts the values into the translated template (a page's `with_data` marks them)."""
        values = {"sheet": self.sheet, "row": self.row, "column": self.column}
        if self.column:
            template = _("工作表『%(sheet)s』第 %(row)s 列 %(column)s 欄（%(header)s）")
            return put(template, **values, header=self.header)
        if self.row is not None:
            return put(_("工作表『%(sheet)s』第 %(row)s 列"), **values)
        return put(_("工作表『%(sheet)s』"), sheet=self.sheet) if self.sheet else ""


class BulkUploadError(ValidationError):
    """An upload refused as a whole; `problems` lists everything found, nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])


@dataclass(frozen=True)
class Entry:
    """A main-sheet row as uploaded: its row number, the actual read from it, and its texts."""

    row: int
    actual: Measure | None  # None: summed from the sub-measures
    analysis: str
    missed_reason: str


@dataclass
class Upload:
    """What the checked upload says, by KPI-year and sub-measure id."""

    entries: dict[int, Entry] = field(default_factory=dict)
    subs: dict[int, tuple[int, Measure]] = field(default_factory=dict)  # id → (row, actual)
    problems: list[Problem] = field(default_factory=list)


def kpi_form_check(*, allowed: dict[int, KpiYear], data: bytes) -> Upload:
    """What a filled form says for the `allowed` KPI-years (by id), checked as a whole.

    Raises BulkUploadError listing every problem (by sheet, row and column).
    """
    workbook = _open(data)
    upload = Upload()
    try:
        _read_main(workbook, allowed, upload)
        _read_subs(workbook, allowed, upload)
    finally:
        workbook.close()  # a read-only workbook keeps its archive open
    upload.problems.extend(
        problem
        for year in allowed.values()
        if (problem := _check_sum(year, upload) or _check_missed(year, upload))
    )
    if upload.problems:
        raise BulkUploadError(upload.problems)
    return upload


# --- reading the sheets ----------------------------------------------------------------------


def _unreadable(error: Exception) -> BulkUploadError:
    return BulkUploadError(
        [
            Problem(
                _("無法讀取上傳的檔案，請上傳由本系統下載並以 Excel 存檔的 .xlsx 表單（%(error)s）")
                % {"error": error}
            )
        ]
    )


def _open(data: bytes) -> Workbook:
    """The workbook, opened read-only (rows are streamed) once its zip directory is in bounds."""
    refusal = xlsx_refusal(data)
    if refusal:
        raise BulkUploadError([Problem(refusal)])
    try:
        return load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # whatever openpyxl cannot read is an unreadable upload
        raise _unreadable(error) from error


def _sheet_rows(workbook: Workbook, name: str, width: int) -> list[list[str]] | None:
    """The sheet's rows as texts, header first, `width` columns; None past MAX_ROWS rows."""
    sheet = workbook[name]
    sheet.reset_dimensions()  # read every row, not only those the file's <dimension> claims
    found: list[list[str]] = []
    try:
        for row in sheet.iter_rows(max_col=width, values_only=True):
            if len(found) >= MAX_ROWS:  # blank rows count: a far-away cell brings all before it
                return None
            found.append([cell_text(value) for value in row])
    except Exception as error:  # read-only sheets are parsed only now: bad XML, a bad checksum
        raise _unreadable(error) from error
    return found


def cell_text(value: Any) -> str:
    """A cell's content as a person typed it: numbers without a spurious `.0`, ends stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def _cell_problem(sheet: str, row: int, columns: Sequence[Column], index: int, msg: str) -> Problem:
    return Problem(msg, sheet, row, get_column_letter(index), columns[index - 1].header)


def _rows(
    workbook: Workbook, name: str, columns: Sequence[Column], upload: Upload
) -> list[tuple[int, list[str]]]:
    """The sheet's non-blank data rows as (row number, texts), after checking its header."""
    if name not in workbook.sheetnames:
        upload.problems.append(Problem(_("缺少此工作表；請勿刪除或更名工作表"), name))
        return []
    rows = _sheet_rows(workbook, name, len(columns))
    if rows is None:
        upload.problems.append(Problem(too_many_rows(), name))
        return []
    header = rows[0] if rows else []
    header += [""] * (len(columns) - len(header))
    wrong = [
        _cell_problem(
            name,
            1,
            columns,
            index,
            _("表頭應為「%(expected)s」，卻是「%(given)s」")
            % {"expected": column.header, "given": given},
        )
        for index, (column, given) in enumerate(zip(columns, header, strict=True), start=1)
        if given != column.header
    ]
    if wrong:
        upload.problems.extend(
            [*wrong, Problem(_("表頭已變更，本工作表無法檢查；請重新下載表單"), name)]
        )
        return []
    return [(number, texts) for number, texts in enumerate(rows[1:], start=2) if any(texts)]


def _foreign_id(pk: int, main: bool) -> str:
    if main:
        message = _(
            "編號 %(id)s 不是本單位此次可填報的關鍵績效指標；A 欄編號不得修改，"
            "也不能藉由修改編號填報其他單位的指標"
        )
    else:
        message = _(
            "編號 %(id)s 不是本單位此次可填報的分項指標；A 欄編號不得修改，"
            "也不能藉由修改編號填報其他單位的指標"
        )
    return message % {"id": pk}


def _repeated_id(pk: int, row: int, main: bool) -> str:
    if main:
        message = _("編號 %(id)s 與第 %(row)s 列重複；每個關鍵績效指標只能出現一次")
    else:
        message = _("編號 %(id)s 與第 %(row)s 列重複；每個分項指標只能出現一次")
    return message % {"id": pk, "row": row}


def _row_id(
    row: int, given: str, allowed: dict[int, Any], seen: dict[int, int], main: bool
) -> tuple[int | None, str | None]:
    """The row's id if it is one the unit may fill, else why not; `main`: a KPI, not a sub."""
    if not given:
        return None, _("缺少編號；請勿清除或修改 A 欄（編號）")
    if not ID_DIGITS.fullmatch(given):
        return None, _("「%(given)s」不是有效的編號；請勿修改 A 欄（編號）") % {"given": given}
    pk = int(given)
    if pk not in allowed:
        return None, _foreign_id(pk, main)
    if pk in seen:
        return None, _repeated_id(pk, seen[pk], main)
    seen[pk] = row
    return pk, None


def _identified_rows(
    workbook: Workbook,
    name: str,
    columns: Sequence[Column],
    allowed: dict[int, Any],
    main: bool,
    upload: Upload,
) -> Iterator[tuple[int, int, list[str]]]:
    """The rows whose id the unit may fill, as (row number, id, texts); the rest are problems."""
    seen: dict[int, int] = {}
    for row, texts in _rows(workbook, name, columns, upload):
        pk, wrong = _row_id(row, texts[ID - 1], allowed, seen, main)
        if pk is None:
            upload.problems.append(_cell_problem(name, row, columns, ID, str(wrong)))
            continue
        yield row, pk, texts


def _read_main(workbook: Workbook, allowed: dict[int, KpiYear], upload: Upload) -> None:
    rows = _identified_rows(workbook, MAIN_SHEET, MAIN_COLUMNS, allowed, True, upload)
    for row, pk, texts in rows:
        wrong = [
            _cell_problem(MAIN_SHEET, row, MAIN_COLUMNS, index, problem)
            for index in (ANALYSIS, MISSED)
            if (problem := _text_problem(texts[index - 1], MAIN_COLUMNS[index - 1].header))
        ]
        actual = _main_actual(allowed[pk], texts[ACTUAL - 1])
        if isinstance(actual, str):
            wrong.append(_cell_problem(MAIN_SHEET, row, MAIN_COLUMNS, ACTUAL, actual))
        if wrong:
            upload.problems.extend(wrong)
            continue
        assert not isinstance(actual, str)
        upload.entries[pk] = Entry(row, actual, texts[ANALYSIS - 1], texts[MISSED - 1])


def _text_problem(text: str, header: str) -> str | None:
    """What keeps a narrative cell from being stored as typed, or None."""
    try:
        clean_text(text, field=header, max_length=LONG_TEXT_MAX_LENGTH)
    except TextError as error:
        return error.text(_)
    return None


def _main_actual(year: KpiYear, text: str) -> Measure | str | None:
    if year.kind != Kind.SUB_MEASURES:
        actual = actual_parse(
            text,
            year.actual_text,
            year.target_value,
            year.target_unit,
            negative_ok=not counts(year),
        )
        return _formula_checked(year, text, actual)
    if text and text != year.actual_text.strip():
        return _(
            "此指標由分項加總，實際值「%(text)s」請勿在此填寫，請於「%(sheet)s」工作表填寫各分項"
        ) % {"text": text, "sheet": SUB_SHEET}
    return None


def _formula_checked(year: KpiYear, text: str, actual: Measure | str) -> Measure | str:
    """A formula KPI's actual typed in the form must be the one its stored inputs give."""
    computed = formula_actual(year, dict(year.inputs or {}))
    if not isinstance(computed, Measure) or isinstance(actual, str):
        return actual
    if text in ("", year.actual_text.strip()) or actual.value == computed.value:
        return computed
    return _(
        "此指標的實際值由公式「%(formula)s」依公式原始數值計算為 %(computed)s，"
        "與填寫的「%(text)s」不符；請清空實際值，或於網頁修正公式原始數值"
    ) % {"formula": year.formula, "computed": computed.text, "text": text}


def _read_subs(workbook: Workbook, allowed: dict[int, KpiYear], upload: Upload) -> None:
    subs = {sub.pk: sub for year in allowed.values() for sub in year.sub_measures.all()}
    rows = _identified_rows(workbook, SUB_SHEET, SUB_COLUMNS, subs, False, upload)
    for row, pk, texts in rows:
        sub = subs[pk]
        actual = actual_parse(
            texts[SUB_ACTUAL - 1],
            sub.actual_text,
            sub.target_value,
            sub.target_unit,
            negative_ok=False,
        )
        if isinstance(actual, str):
            upload.problems.append(_cell_problem(SUB_SHEET, row, SUB_COLUMNS, SUB_ACTUAL, actual))
            continue
        upload.subs[pk] = (row, actual)


# --- missed targets -------------------------------------------------------------------------


def _sub_figures(year: KpiYear, upload: Upload) -> list[SubFigures] | None:
    """The sub-measures' targets and actuals after the upload; None while any is missing."""
    figures = []
    for sub in year.sub_measures.all():
        actual = upload.subs[sub.pk][1].value if sub.pk in upload.subs else sub.actual_value
        if sub.target_value is None or actual is None:
            return None
        figures.append(SubFigures(sub.target_value, actual))
    return figures or None


def _rate(year: KpiYear, upload: Upload) -> Decimal | None:
    """The achievement the upload gives the KPI-year, or None when it cannot be told yet."""
    if year.kind == Kind.SUB_MEASURES:
        return achievement_of(year, None, _sub_figures(year, upload))
    entry = upload.entries[year.pk]
    return achievement_of(year, entry.actual.value if entry.actual else None, None)


def _check_sum(year: KpiYear, upload: Upload) -> Problem | None:
    """A sub-measure KPI's summed actual must fit its column."""
    if year.kind != Kind.SUB_MEASURES or not any(
        s.pk in upload.subs for s in year.sub_measures.all()
    ):
        return None
    values = [
        upload.subs[sub.pk][1].value if sub.pk in upload.subs else sub.actual_value
        for sub in year.sub_measures.all()
    ]
    try:
        summed(year, values)
    except ValueParseError as error:
        message = _("「%(kpi)s」：%(problem)s") % {
            "kpi": year.cycle_kpi.kpi.name,
            "problem": error.text(_),
        }
        return Problem(message, SUB_SHEET)
    return None


def _check_missed(year: KpiYear, upload: Upload) -> Problem | None:
    """A missed target needs 未達成原因分析暨因應策略; a criteria count out of range is wrong."""
    entry = upload.entries.get(year.pk)
    if entry is None:
        if not any(sub.pk in upload.subs for sub in year.sub_measures.all()):
            return None
        entry = Entry(0, None, year.analysis, year.missed_reason.strip())
    try:
        achieved = _rate(year, upload)
    except AchievementError as error:
        return _cell_problem(MAIN_SHEET, entry.row, MAIN_COLUMNS, ACTUAL, str(error))
    if achieved is None or achieved >= HUNDRED or entry.missed_reason:
        return None
    values = {
        "kpi": year.cycle_kpi.kpi.name,
        "target": year.target_text,
        "rate": decimal_text(achieved),
    }
    if entry.row == 0:  # filled through the sub-measures only; its row was left out
        message = _(
            "「%(kpi)s」未達原訂目標值 %(target)s（達成度 %(rate)s%%），"
            "須填寫未達成原因分析暨因應策略；請將此指標的列加回主表並填寫"
        )
        return Problem(message % values, MAIN_SHEET)
    message = _(
        "「%(kpi)s」未達原訂目標值 %(target)s（達成度 %(rate)s%%），須填寫未達成原因分析暨因應策略"
    )
    return _cell_problem(MAIN_SHEET, entry.row, MAIN_COLUMNS, MISSED, message % values)
