"""In English, the refusals of the XLSX upload, a chapter's stale save, a finance cell's formula,
the deadlines, the carry-over and the audit's findings read in English around their data; in
Chinese they read as they always did.

Each is driven through its door where one reaches it (the bulk page, the chapter page, the
finance table, the board), else through the service in the language a page would have.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import lxml.html
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from govperf.agencies.models import Unit
from govperf.audit.selectors import cycle_findings
from govperf.domain.achievement import Direction, Kind
from govperf.evaluation.bulk_form import MAIN_SHEET, SUB_SHEET
from govperf.evaluation.models import KpiYear
from govperf.finance.models import BudgetFigure
from govperf.narrative.models import Block, Chapter
from govperf.workflow.carryover import cycle_create_next
from govperf.workflow.deadlines import deadlines_set
from tests.narrative.test_chapters import _form
from tests.web.test_english_pages import CJK, QUOTED, chinese_left, english_client, years

pytestmark = pytest.mark.django_db
__all__ = ["years"]  # the fixture, shared with the English pages' test


def chinese_client(user: Any) -> Client:
    client = Client()
    client.cookies["django_language"] = "zh-hant"
    client.force_login(user)
    return client


def page_text(response: Any) -> str:
    """<main>'s text, whitespace folded."""
    main = lxml.html.fromstring(response.getvalue().decode()).xpath("//main")[0]
    return " ".join(main.text_content().split())


def no_chinese(text: str) -> bool:
    """A message has no CJK character outside the data it quotes (“…”)."""
    return not CJK.search(QUOTED.sub("", text))


# --- the XLSX upload ------------------------------------------------------------------------


def _missable(rows: list[Any]) -> tuple[int, KpiYear]:
    """A main-sheet row whose KPI is missed by an actual of 1 in its target's unit."""
    for number, row in enumerate(rows[1:], start=2):
        year = KpiYear.objects.get(pk=int(row[0].value))
        plain = year.kind in (Kind.COUNT, Kind.RATIO, Kind.CUMULATIVE) and not year.formula
        if plain and year.direction == Direction.HIGHER and (year.target_value or 0) > 1:
            return number, year
    raise AssertionError("no KPI to miss")


def broken_form(data: bytes) -> SimpleUploadedFile:
    """The downloaded form with a bad id, a missed target without reason and no sub sheet."""
    workbook = load_workbook(BytesIO(data))
    main = workbook[MAIN_SHEET]
    rows = list(main.iter_rows())
    number, year = _missable(rows)
    main[f"F{number}"] = f"1{year.target_unit}"
    main[f"H{number}"] = ""
    bad = 3 if number != 3 else 2
    main[f"A{bad}"] = "abc"
    if SUB_SHEET in workbook.sheetnames:
        del workbook[SUB_SHEET]
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("form.xlsx", buffer.getvalue())


def _bulk_post(client: Client, path: str, upload: bytes) -> Any:
    return client.post(path, {"file": SimpleUploadedFile("form.xlsx", upload)})


def test_an_upload_s_problems_read_in_english_and_in_chinese(years: dict[str, Any]) -> None:
    opened, staff = years["opened"], years["people"]["staff-asia"]
    asia = Unit.objects.get(agency=opened.agency, name="亞太司")
    path = f"/cycles/{opened.pk}/units/{asia.pk}"
    form = english_client(staff).get(f"{path}/form.xlsx").content
    upload = broken_form(form).read()
    english = _bulk_post(english_client(staff), f"{path}/bulk/", upload)
    chinese = _bulk_post(chinese_client(staff), f"{path}/bulk/", upload)
    assert english.status_code == chinese.status_code == 400
    text, zh = page_text(english), page_text(chinese)
    assert (
        f"Sheet “{MAIN_SHEET}”, row " in text
        and ", column A (“編號”): “abc” is not a valid ID" in text
    )
    assert f"Sheet “{SUB_SHEET}”: This sheet is missing; do not delete or rename the sheets" in text
    assert "missed its target" in text and "the analysis of why and the response" in text
    assert chinese_left(english.getvalue().decode()) == []
    marked = f'Sheet “<span lang="zh-Hant">{MAIN_SHEET}</span>”, row '
    assert marked in english.getvalue().decode()  # the form's sheet name, marked as data
    assert (
        f"工作表『{MAIN_SHEET}』第 " in zh
        and " A 欄（編號）：「abc」不是有效的編號；請勿修改 A 欄（編號）" in zh
    )
    assert f"工作表『{SUB_SHEET}』：缺少此工作表；請勿刪除或更名工作表" in zh
    assert "，須填寫未達成原因分析暨因應策略" in zh


def test_an_unreadable_upload_and_changed_headers_read_in_english(years: dict[str, Any]) -> None:
    opened, staff = years["opened"], years["people"]["staff-asia"]
    asia = Unit.objects.get(agency=opened.agency, name="亞太司")
    path = f"/cycles/{opened.pk}/units/{asia.pk}"
    workbook = load_workbook(BytesIO(english_client(staff).get(f"{path}/form.xlsx").content))
    workbook[MAIN_SHEET]["F1"] = "actual"
    buffer = BytesIO()
    workbook.save(buffer)
    headers = _bulk_post(english_client(staff), f"{path}/bulk/", buffer.getvalue())
    text = page_text(headers)
    assert "column F (“實際值”): The header should be “實際值” but is “actual”" in text
    assert "The headers were changed, so this sheet cannot be checked" in text
    assert chinese_left(headers.getvalue().decode()) == []
    unreadable = _bulk_post(english_client(staff), f"{path}/bulk/", b"PK\x03\x04 not a workbook")
    assert unreadable.status_code == 400
    assert chinese_left(unreadable.getvalue().decode()) == []
    zh = page_text(_bulk_post(chinese_client(staff), f"{path}/bulk/", buffer.getvalue()))
    assert "F 欄（實際值）：表頭應為「實際值」，卻是「actual」" in zh


# --- a chapter's stale save and a fixed block ----------------------------------------------


def test_a_stale_chapter_save_reads_in_english(years: dict[str, Any]) -> None:
    chapter = Chapter.objects.filter(cycle=years["opened"], blocks__kind="paragraph").first()
    assert chapter is not None
    first = chapter.blocks.filter(kind="paragraph").first()
    assert first is not None
    mine = _form(chapter, **{f"b{first.pk}": "我的版本"})
    url = reverse("narrative:chapter_edit", args=[chapter.pk])
    planning = years["people"]["planning"]
    english_client(planning).post(url, _form(chapter, **{f"b{first.pk}": "研考的版本"}))
    english = english_client(planning).post(url, mine)
    assert english.status_code == 409
    text = page_text(english)
    assert "was changed and saved by planning after you began editing" in text
    assert "Changed: Paragraph (block " in text
    assert chinese_left(english.getvalue().decode()) == []
    chinese = chinese_client(planning).post(url, mine)
    assert "在您開始編輯後已由 planning 修改並儲存；您的內容尚未儲存" in page_text(chinese)
    assert "修改段落（第" in page_text(chinese)


def test_removing_a_fixed_block_is_refused_in_english(years: dict[str, Any]) -> None:
    chapter = Chapter.objects.filter(cycle=years["opened"], blocks__kind="placeholder").first()
    assert chapter is not None
    placeholder = chapter.blocks.filter(kind="placeholder").first()
    assert placeholder is not None
    data = {**_form(chapter), f"remove-{placeholder.pk}": "1"}
    url = reverse("narrative:chapter_edit", args=[chapter.pk])
    planning = years["people"]["planning"]
    english = english_client(planning).post(url, data)
    assert f"Block {placeholder.position} is of the kind “Table place” and cannot" in (
        page_text(english)
    )
    assert chinese_left(english.getvalue().decode()) == []
    chinese = chinese_client(planning).post(url, data)
    assert f"第{placeholder.position}段是表格位置，不能在此刪除。" in page_text(chinese)
    assert Block.objects.filter(pk=placeholder.pk).exists()


# --- a finance cell the formula makes too large ----------------------------------------------


def test_an_overflowing_derived_cell_and_the_cells_names_read_in_english(
    years: dict[str, Any],
) -> None:
    opened, accounting = years["opened"], years["people"]["accounting"]
    figures = BudgetFigure.objects.filter(cycle=opened, fund="普通基金(總預算)", year=opened.year)
    budget, final = figures.get(measure="budget"), figures.get(measure="final")
    data = {f"budget-{budget.pk}-value": "0.000001", f"budget-{final.pk}-value": "99,999,999"}
    url = reverse("finance:budget_save", args=[opened.pk])
    english = english_client(accounting).post(url, data, follow=True)
    text = page_text(english)
    assert f"“普通基金(總預算)” Execution rate (%), ROC {opened.year}: the formula gives" in text
    assert "which is beyond the range that can be stored" in text
    assert chinese_left(english.getvalue().decode()) == []
    page = english_client(accounting).get(reverse("finance:budget", args=[opened.pk]))
    labels = lxml.html.fromstring(page.getvalue().decode()).xpath("//main//input/@aria-label")
    assert labels and all(no_chinese(label) and ", ROC " in label for label in labels)
    zh = page_text(chinese_client(accounting).post(url, data, follow=True))
    assert f"普通基金(總預算) 執行率(%) {opened.year}年度：依公式計算為 " in zh
    assert "超過可儲存的範圍（整數部分最多" in zh
    budget.refresh_from_db()
    assert budget.text == ""  # nothing was saved


# --- deadlines and carry-over, through their services --------------------------------------


def test_an_unknown_stage_is_refused_in_english(years: dict[str, Any]) -> None:
    opened, planning = years["opened"], years["people"]["planning"]
    due = {"no-such-stage": date(2020, 1, 1), "later": date(2020, 1, 2)}
    with translation.override("en"), pytest.raises(ValidationError) as english:
        deadlines_set(actor=planning, cycle=opened, due=due)
    assert english.value.messages == ["There are no such stages: later, no-such-stage"]
    with translation.override("zh-hant"), pytest.raises(ValidationError) as chinese:
        deadlines_set(actor=planning, cycle=opened, due=due)
    assert chinese.value.messages == ["沒有這些階段：later、no-such-stage"]


def test_carry_over_refusals_read_in_english(years: dict[str, Any]) -> None:
    published, people = years["published"], years["people"]
    name = published.agency.name
    with translation.override("en"):
        with pytest.raises(PermissionDenied, match=r"^Only the planning office may create"):
            cycle_create_next(actor=people["staff-asia"], previous=published, year=120)
        with pytest.raises(ValidationError) as early:
            cycle_create_next(actor=people["planning"], previous=published, year=published.year)
        with pytest.raises(ValidationError) as again:
            cycle_create_next(
                actor=people["planning"], previous=published, year=years["opened"].year
            )
    year = published.year
    assert early.value.messages == [
        f"The new year (ROC {year}) must be later than “{name}” ROC {year}."
    ]
    assert again.value.messages == [
        f"“{name}” ROC {year + 1} already exists and is not created again."
    ]
    with translation.override("zh-hant"), pytest.raises(ValidationError) as chinese:
        cycle_create_next(actor=people["planning"], previous=published, year=year)
    assert chinese.value.messages == [f"新年度（{year}）必須晚於{name} {year}年度。"]


# --- the audit's findings on the board -----------------------------------------------------


def test_the_board_s_findings_read_in_english(years: dict[str, Any]) -> None:
    cycle, planning = years["opened"], years["people"]["planning"]
    findings = cycle_findings(cycle=cycle)
    assert findings, "the sample has findings to show"
    url = reverse("workflow:board", args=[cycle.pk])
    english = english_client(planning).get(url).getvalue().decode()
    after = '//main//h2[normalize-space()="Audit findings"]/following-sibling::table[1]/tbody/tr'
    rows = lxml.html.fromstring(english).xpath(after)
    shown = [" ".join(row.xpath("td")[2].text_content().split()) for row in rows]
    assert len(shown) >= len(findings) and all(no_chinese(text) for text in shown)
    assert chinese_left(english) == []
    chinese = page_text(chinese_client(planning).get(url))
    assert all(" ".join(finding.message.split()) in chinese for finding in findings)


def test_text_that_cannot_be_stored_is_refused_in_english(years: dict[str, Any]) -> None:
    chapter = Chapter.objects.filter(cycle=years["opened"], blocks__kind="paragraph").first()
    assert chapter is not None
    first = chapter.blocks.filter(kind="paragraph").first()
    assert first is not None
    data = {**_form(chapter, **{f"b{first.pk}": "壞\x07字"}), "reason": "x" * 300}
    url = reverse("narrative:chapter_edit", args=[chapter.pk])
    planning = years["people"]["planning"]
    english = english_client(planning).post(url, data)
    text = page_text(english)
    assert "Paragraph text contains a control character and cannot be stored." in text
    assert "Reason for the change is longer than 200 characters (now 300)." in text
    assert chinese_left(english.getvalue().decode()) == []
    chinese = page_text(chinese_client(planning).post(url, data))
    assert "段落內容含有控制字元，無法儲存。" in chinese
    assert "修改說明超過 200 字（目前 300 字）。" in chinese
