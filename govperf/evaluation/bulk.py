"""Bulk entry of a unit's KPI-years through an XLSX form: build it, check an upload, apply it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from govperf.domain.achievement import (
    HUNDRED,
    AchievementError,
    Kind,
)
from govperf.domain.achievement import SubMeasure as SubFigures
from govperf.domain.values import Measure, decimal_text
from govperf.evaluation.entry import achievement_of, actual_parse, recompute, summed
from govperf.evaluation.models import Cycle, KpiYear, SubMeasure

MAIN_SHEET = "關鍵績效指標填報"
SUB_SHEET = "分項指標"
HELP_SHEET = "填報說明"
CHANGE_REASON = "XLSX 批次填報"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024

HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    editable: bool = False


MAIN_COLUMNS = (
    Column("編號", 10),
    Column("關鍵策略目標", 28),
    Column("關鍵績效指標", 28),
    Column("衡量標準", 40),
    Column("原訂目標值", 14),
    Column("實際值", 14, editable=True),
    Column("績效衡量暨達成情形分析", 60, editable=True),
    Column("未達成原因分析暨因應策略", 60, editable=True),
)
SUB_COLUMNS = (
    Column("編號", 10),
    Column("關鍵績效指標", 28),
    Column("分項名稱", 40),
    Column("目標值", 14),
    Column("實際值", 14, editable=True),
)
ID, ACTUAL, ANALYSIS, MISSED = 1, 6, 7, 8  # main sheet columns, 1-based
SUB_ACTUAL = 5

HELP_LINES = (
    "填報說明",
    "1. 本表單列出貴單位本年度的關鍵績效指標；請於黃色欄位填寫，灰色欄位為唯讀。",
    "2. 「實際值」請依原訂目標值的寫法連同單位填寫，例如 108人次、44.38%、1,629次；"
    "尚無數值者可留空，該年度無此指標者填 --。",
    "3. 實際值未達原訂目標值者（越低越好的指標為高於目標值），"
    "必須填寫「未達成原因分析暨因應策略」。",
    "4. 分項加總類指標的實際值由「分項指標」工作表各分項的實際值加總而得，"
    "請於該工作表填寫各分項；主表中該指標的實際值欄已鎖定。",
    "5. 請勿修改表頭、工作表名稱與隱藏的「編號」欄；編號對應貴單位的指標，"
    "不能改為其他單位的指標。不需填報的列可整列刪除，該指標即維持原狀。",
    "6. 上傳時系統會先檢查整份檔案：只要有任何問題，所有資料都不會寫入，"
    "並逐一列出問題所在的工作表、列與欄；全部無誤才會一次寫入。",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, placed as Excel shows it (sheet, 1-based row, column)."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # letter, e.g. "F"
    header: str = ""

    def __str__(self) -> str:
        place = f"工作表『{self.sheet}』" if self.sheet else ""
        if self.row is not None:
            place += f"第 {self.row} 列 "
        if self.column:
            place += f"{self.column} 欄（{self.header}）"
        return f"{place.strip()}：{self.message}" if place else self.message


class BulkUploadError(ValidationError):
    """An upload refused as a whole; `problems` lists everything found, nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])


@dataclass(frozen=True)
class _Entry:
    row: int
    actual: Measure | None  # None: summed from the sub-measures
    analysis: str
    missed_reason: str


@dataclass
class _Upload:
    """What the checked upload says, by KPI-year and sub-measure id."""

    entries: dict[int, _Entry] = field(default_factory=dict)
    subs: dict[int, tuple[int, Measure]] = field(default_factory=dict)  # id → (row, actual)
    problems: list[Problem] = field(default_factory=list)


# --- building the form ----------------------------------------------------------------------


def kpi_form_build(*, cycle: Cycle, kpi_years: Iterable[KpiYear]) -> bytes:
    """The XLSX form a unit fills for `kpi_years` (of `cycle`'s own year)."""
    years = list(_allowed(cycle, kpi_years).values())
    workbook = Workbook()
    main = workbook.active
    main.title = MAIN_SHEET
    _fill_sheet(main, MAIN_COLUMNS, [_main_row(year) for year in years])
    for row, year in enumerate(years, start=2):
        if year.kind == Kind.SUB_MEASURES:
            _lock(main.cell(row, ACTUAL))
    subs = [_sub_row(year, sub) for year in years for sub in year.sub_measures.all()]
    _fill_sheet(workbook.create_sheet(SUB_SHEET), SUB_COLUMNS, subs)
    _fill_help(workbook.create_sheet(HELP_SHEET))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _main_row(year: KpiYear) -> list[Any]:
    kpi = year.cycle_kpi
    return [
        year.pk,
        f"{kpi.goal.label}{kpi.goal.name}",
        kpi.kpi.name,
        year.measurement_standard,
        year.target_text,
        year.actual_text,
        year.analysis,
        year.missed_reason,
    ]


def _sub_row(year: KpiYear, sub: SubMeasure) -> list[Any]:
    return [sub.pk, year.cycle_kpi.kpi.name, sub.name, sub.target_text, sub.actual_text]


def _fill_sheet(sheet: Worksheet, columns: Sequence[Column], rows: list[list[Any]]) -> None:
    """Header, rows, widths, a frozen header, a hidden id column; only editable cells unlocked."""
    for index, column in enumerate(columns, start=1):
        cell = _put(sheet, 1, index, column.header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row, values in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = _put(sheet, row, index, value)
            if column.editable:
                cell.protection, cell.fill, cell.number_format = (
                    Protection(locked=False),
                    EDITABLE_FILL,
                    "@",
                )
            else:
                _lock(cell)
    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = "B2"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # rows may be resized to read long text


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write a value as text (never as a formula) with wrapping, top-aligned."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _lock(cell: Any) -> None:
    cell.protection, cell.fill = Protection(locked=True), LOCKED_FILL


def _fill_help(sheet: Worksheet) -> None:
    sheet.column_dimensions["A"].width = 110
    for row, line in enumerate(HELP_LINES, start=1):
        _put(sheet, row, 1, line).font = Font(bold=row == 1)
    sheet.protection.sheet = True


# --- reading and checking an upload ---------------------------------------------------------


def _allowed(cycle: Cycle, kpi_years: Iterable[KpiYear]) -> dict[int, KpiYear]:
    """The KPI-years by id, with what the form shows; all must be of `cycle`'s own year."""
    ids = [year.pk for year in kpi_years]
    found = (
        KpiYear.objects.filter(pk__in=ids)
        .select_related("cycle_kpi__cycle", "cycle_kpi__goal", "cycle_kpi__kpi")
        .prefetch_related("sub_measures")
        .order_by("cycle_kpi__goal__position", "cycle_kpi__position")
    )
    years = {year.pk: year for year in found}
    for year in years.values():
        if year.cycle_kpi.cycle_id != cycle.pk or year.year != cycle.year:
            raise ValueError(f"{year} 不是 {cycle} 本年度的關鍵績效指標")
    return years


def _open(data: bytes) -> Workbook:
    if len(data) > MAX_UPLOAD_BYTES:
        raise BulkUploadError([Problem("檔案超過 10 MB，不是本系統下載的填報表單")])
    try:
        return load_workbook(BytesIO(data), data_only=True)
    except Exception as error:  # whatever openpyxl cannot read is an unreadable upload
        raise BulkUploadError(
            [
                Problem(
                    f"無法讀取上傳的檔案，請上傳由本系統下載並以 Excel 存檔的 .xlsx 表單（{error}）"
                )
            ]
        ) from error


def _text(value: Any) -> str:
    """A cell's content as a person typed it: numbers without a spurious `.0`, ends stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def _cell_problem(sheet: str, row: int, columns: Sequence[Column], index: int, msg: str) -> Problem:
    return Problem(msg, sheet, row, get_column_letter(index), columns[index - 1].header)


def _rows(
    workbook: Workbook, name: str, columns: Sequence[Column], upload: _Upload
) -> list[tuple[int, list[str]]]:
    """The sheet's non-blank data rows as (row number, texts), after checking its header."""
    if name not in workbook.sheetnames:
        upload.problems.append(Problem("缺少此工作表；請勿刪除或更名工作表", name))
        return []
    sheet = workbook[name]
    header = [_text(sheet.cell(1, index).value) for index in range(1, len(columns) + 1)]
    wrong = [
        _cell_problem(name, 1, columns, index, f"表頭應為「{column.header}」，卻是「{given}」")
        for index, (column, given) in enumerate(zip(columns, header, strict=True), start=1)
        if given != column.header
    ]
    if wrong:
        upload.problems.extend(
            [*wrong, Problem("表頭已變更，本工作表無法檢查；請重新下載表單", name)]
        )
        return []
    rows = sheet.iter_rows(min_row=2, max_col=len(columns), values_only=True)
    texts = ((number, [_text(value) for value in row]) for number, row in enumerate(rows, start=2))
    return [(number, row) for number, row in texts if any(row)]


def _row_id(
    row: int, given: str, allowed: dict[int, Any], seen: dict[int, int], what: str
) -> tuple[int | None, str | None]:
    """The row's id if it is one the unit may fill, else why not."""
    if not given:
        return None, "缺少編號；請勿清除或修改 A 欄（編號）"
    if not given.isdigit():
        return None, f"「{given}」不是有效的編號；請勿修改 A 欄（編號）"
    pk = int(given)
    if pk not in allowed:
        return None, (
            f"編號 {pk} 不是本單位此次可填報的{what}；A 欄編號不得修改，"
            "也不能藉由修改編號填報其他單位的指標"
        )
    if pk in seen:
        return None, f"編號 {pk} 與第 {seen[pk]} 列重複；每個{what}只能出現一次"
    seen[pk] = row
    return pk, None


def _read_main(workbook: Workbook, allowed: dict[int, KpiYear], upload: _Upload) -> None:
    seen: dict[int, int] = {}
    for row, texts in _rows(workbook, MAIN_SHEET, MAIN_COLUMNS, upload):
        pk, wrong = _row_id(row, texts[ID - 1], allowed, seen, "關鍵績效指標")
        if pk is None:
            upload.problems.append(_cell_problem(MAIN_SHEET, row, MAIN_COLUMNS, ID, str(wrong)))
            continue
        actual = _main_actual(allowed[pk], texts[ACTUAL - 1])
        if isinstance(actual, str):
            upload.problems.append(_cell_problem(MAIN_SHEET, row, MAIN_COLUMNS, ACTUAL, actual))
            continue
        upload.entries[pk] = _Entry(row, actual, texts[ANALYSIS - 1], texts[MISSED - 1])


def _main_actual(year: KpiYear, text: str) -> Measure | str | None:
    if year.kind != Kind.SUB_MEASURES:
        return actual_parse(text, year.actual_text, year.target_value, year.target_unit)
    if text and text != year.actual_text.strip():
        return (
            f"此指標由分項加總，實際值「{text}」請勿在此填寫，請於「{SUB_SHEET}」工作表填寫各分項"
        )
    return None


def _read_subs(workbook: Workbook, allowed: dict[int, KpiYear], upload: _Upload) -> None:
    subs = {sub.pk: sub for year in allowed.values() for sub in year.sub_measures.all()}
    seen: dict[int, int] = {}
    for row, texts in _rows(workbook, SUB_SHEET, SUB_COLUMNS, upload):
        pk, wrong = _row_id(row, texts[ID - 1], subs, seen, "分項指標")
        if pk is None:
            upload.problems.append(_cell_problem(SUB_SHEET, row, SUB_COLUMNS, ID, str(wrong)))
            continue
        sub = subs[pk]
        actual = actual_parse(
            texts[SUB_ACTUAL - 1], sub.actual_text, sub.target_value, sub.target_unit
        )
        if isinstance(actual, str):
            upload.problems.append(_cell_problem(SUB_SHEET, row, SUB_COLUMNS, SUB_ACTUAL, actual))
            continue
        upload.subs[pk] = (row, actual)


# --- missed targets -------------------------------------------------------------------------


def _sub_figures(year: KpiYear, upload: _Upload) -> list[SubFigures] | None:
    """The sub-measures' targets and actuals after the upload; None while any is missing."""
    figures = []
    for sub in year.sub_measures.all():
        actual = upload.subs[sub.pk][1].value if sub.pk in upload.subs else sub.actual_value
        if sub.target_value is None or actual is None:
            return None
        figures.append(SubFigures(sub.target_value, actual))
    return figures or None


def _rate(year: KpiYear, upload: _Upload) -> Decimal | None:
    """The achievement the upload gives the KPI-year, or None when it cannot be told yet."""
    if year.kind == Kind.SUB_MEASURES:
        return achievement_of(year, None, _sub_figures(year, upload))
    entry = upload.entries[year.pk]
    return achievement_of(year, entry.actual.value if entry.actual else None, None)


def _check_missed(year: KpiYear, upload: _Upload) -> Problem | None:
    """A missed target needs 未達成原因分析暨因應策略; a criteria count out of range is wrong."""
    entry = upload.entries.get(year.pk)
    if entry is None:
        if not any(sub.pk in upload.subs for sub in year.sub_measures.all()):
            return None
        entry = _Entry(0, None, year.analysis, year.missed_reason.strip())
    try:
        achieved = _rate(year, upload)
    except AchievementError as error:
        return _cell_problem(MAIN_SHEET, entry.row, MAIN_COLUMNS, ACTUAL, str(error))
    if achieved is None or achieved >= HUNDRED or entry.missed_reason:
        return None
    message = (
        f"「{year.cycle_kpi.kpi.name}」未達原訂目標值 {year.target_text}（達成度 "
        f"{decimal_text(achieved)}%），須填寫未達成原因分析暨因應策略"
    )
    if entry.row == 0:  # filled through the sub-measures only; its row was left out
        return Problem(message + "；請將此指標的列加回主表並填寫", MAIN_SHEET)
    return _cell_problem(MAIN_SHEET, entry.row, MAIN_COLUMNS, MISSED, message)


# --- applying -------------------------------------------------------------------------------


def kpi_form_apply(
    *, actor: AbstractBaseUser, cycle: Cycle, kpi_years: Iterable[KpiYear], data: bytes
) -> int:
    """Check the filled form as a whole, then apply it in one transaction; KPI-years changed.

    Raises BulkUploadError listing every problem (by sheet, row and column); nothing is written
    then. Rows left out of the form leave their KPI-years as they are.
    """
    if cycle.state == Cycle.State.PUBLISHED:
        raise BulkUploadError([Problem(f"{cycle}已公告，資料已鎖定；不能再以表單填報。")])
    allowed = _allowed(cycle, kpi_years)
    workbook = _open(data)
    upload = _Upload()
    _read_main(workbook, allowed, upload)
    _read_subs(workbook, allowed, upload)
    upload.problems.extend(
        problem for year in allowed.values() if (problem := _check_missed(year, upload))
    )
    if upload.problems:
        raise BulkUploadError(upload.problems)
    with transaction.atomic():
        return sum(_apply_year(actor, year, upload) for year in allowed.values())


def _apply_subs(actor: AbstractBaseUser, year: KpiYear, upload: _Upload) -> bool:
    """Store the sub-measures' new actuals; whether any changed."""
    changed = False
    for sub in year.sub_measures.all():
        if sub.pk not in upload.subs or upload.subs[sub.pk][1].text == sub.actual_text.strip():
            continue
        actual = upload.subs[sub.pk][1]
        sub.actual_text, sub.actual_value, sub.actual_unit = actual.text, actual.value, actual.unit
        sub._history_user = actor  # type: ignore[attr-defined]
        sub._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
        sub.save(update_fields=["actual_text", "actual_value", "actual_unit"])
        changed = True
    return changed


def _summed(year: KpiYear) -> Measure:
    """The KPI-year's actual as the sum of its sub-measures, printed like `1,629次`."""
    return summed(year, [sub.actual_value for sub in year.sub_measures.all()])


def _changes(year: KpiYear, entry: _Entry | None, subs_changed: bool) -> dict[str, Any]:
    actual = _summed(year) if subs_changed else entry.actual if entry else None
    changes: dict[str, Any] = {}
    if actual is not None and (subs_changed or actual.text != year.actual_text.strip()):
        changes.update(actual_text=actual.text, actual_value=actual.value, actual_unit=actual.unit)
    if entry is not None:
        for name in ("analysis", "missed_reason"):
            if getattr(entry, name) != _text(getattr(year, name)):
                changes[name] = getattr(entry, name)
    return changes


def _apply_year(actor: AbstractBaseUser, year: KpiYear, upload: _Upload) -> int:
    """Write one KPI-year's changes with its history; 1 if it changed, else 0."""
    changes = _changes(year, upload.entries.get(year.pk), _apply_subs(actor, year, upload))
    if not changes:
        return 0
    for name, value in changes.items():
        setattr(year, name, value)
    with contextlib.suppress(ValidationError):  # the check above refused impossible figures
        changes |= recompute(year)
    for name, value in changes.items():
        setattr(year, name, value)
    year.version += 1
    year._history_user = actor  # type: ignore[attr-defined]
    year._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
    year.save(update_fields=[*changes, "version"])
    return 1
