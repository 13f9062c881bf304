"""The XLSX bulk-entry form (批次填報表單): its sheets and columns, and building it for a unit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from govperf.domain.achievement import Kind
from govperf.evaluation.models import Cycle, KpiYear, SubMeasure

MAIN_SHEET = "關鍵績效指標填報"
SUB_SHEET = "分項指標"
HELP_SHEET = "填報說明"

HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class Column:
    """A column of a form sheet: its header, its width, and whether the unit fills it."""

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


# --- building the form ----------------------------------------------------------------------


def kpi_form_build(*, cycle: Cycle, kpi_years: Iterable[KpiYear]) -> bytes:
    """The XLSX form a unit fills for `kpi_years` (of `cycle`'s own year)."""
    years = list(kpi_years_allowed(cycle, kpi_years).values())
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


# --- the KPI-years a form holds -------------------------------------------------------------


def kpi_years_allowed(cycle: Cycle, kpi_years: Iterable[KpiYear]) -> dict[int, KpiYear]:
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
