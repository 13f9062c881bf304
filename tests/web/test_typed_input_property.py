"""Whatever is typed at any door, no page or API answer is 500 afterwards, and what was
accepted reads back as typed."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from govperf.agencies.models import Unit
from govperf.domain.text import LONG_TEXT_MAX_LENGTH, clean_text, unreadable
from govperf.evaluation.bulk_form import MAIN_SHEET
from govperf.evaluation.models import Cycle, KpiYear
from govperf.finance.models import BudgetFigure, HeadcountFigure
from govperf.narrative.models import Chapter
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司
FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")
PROPERTY = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

digits = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=0, max_value=10**20).map(lambda n: f"{n:,}"),
    st.decimals(allow_nan=False, allow_infinity=False, places=9).map(lambda d: f"{d:f}"),
    st.decimals(min_value=0, max_value=10**6, places=2).map(lambda d: f"{d:,f}"),
)
numbers = st.one_of(
    st.builds(
        lambda number, full, unit: (number.translate(FULL_WIDTH) if full else number) + unit,
        digits,
        st.booleans(),
        st.sampled_from(["", "人次", "%", "％", "次"]),
    ),
    st.sampled_from(
        [
            *("NaN", "Infinity", "-Infinity", "1e400", "1E5", "8,500", "--", "", "1" * 19),
            *("\x00", "１２，３４５人次", "12\ud800", "0.0000001", "-5人次", "1" * 15 + "人次"),
        ]
    ),
    st.text(max_size=12),
)
texts = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec=None, categories=["Cs", "Cc", "Lo"]), max_size=8),
    st.sampled_from(["\x00", "a\ud800b", "說明" * (LONG_TEXT_MAX_LENGTH // 2 + 1), "中文敘述"]),
)


@pytest.fixture
def cycle(people, draft_cycle) -> Cycle:  # type: ignore[no-untyped-def]
    return open_year(people["planning"], draft_cycle)


@pytest.fixture
def year(cycle) -> KpiYear:  # type: ignore[no-untyped-def]
    return KpiYear.objects.get(
        cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=HIGH_LEVEL, year=cycle.year
    )


def signed_in(people: dict[str, Any], username: str) -> Client:
    client = Client()
    client.force_login(people[username])
    return client


def form_post(client: Client, url: str, data: dict[str, str]) -> Any:
    """POST as a browser would, even what a browser cannot type (surrogates go as bytes)."""
    body = urlencode(data, encoding="utf-8", errors="surrogatepass")
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def pages_answer(people: dict[str, Any], cycle: Cycle, year: KpiYear) -> None:
    """Every page and API answer that shows the entered figures answers, none with a 500."""
    unit = year.cycle_kpi.unit
    planning, staff = signed_in(people, "planning"), signed_in(people, "staff-asia")
    for client, url in [
        (staff, f"/kpi-years/{year.pk}/"),
        (staff, f"/kpi-years/{year.pk}/edit/"),
        (staff, f"/cycles/{cycle.pk}/kpis/"),
        (planning, f"/cycles/{cycle.pk}/board/"),
        (planning, f"/cycles/{cycle.pk}/lights/"),
        (staff, f"/cycles/{cycle.pk}/units/{unit.pk}/form.xlsx"),
        (staff, f"/api/v1/kpi-years/{year.pk}"),
        (planning, f"/cycles/{cycle.pk}/budget/"),
        (planning, f"/cycles/{cycle.pk}/headcount/"),
        (planning, f"/cycles/{cycle.pk}/chapters/"),
    ]:
        status = client.get(url).status_code
        assert status < 500, f"{url} answered {status}"


def stored(year: KpiYear) -> KpiYear:
    """The row read back from the database, as every page reads it."""
    return KpiYear.objects.get(pk=year.pk)


def typeable(text: str) -> bool:
    """Whether a browser can send `text` as it is (a lone surrogate cannot be UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@PROPERTY
@given(actual=numbers, analysis=texts, reason=texts)
@example(actual="1" * 16, analysis="", reason="")  # the cases
@example(actual="8,500人次", analysis="\x00", reason="\x00")
def test_the_web_entry_form(people, cycle, year, actual, analysis, reason) -> None:  # type: ignore[no-untyped-def]
    staff = signed_in(people, "staff-asia")
    before = stored(year)
    data = {
        "version": str(before.version),
        "actual_text": actual,
        "analysis": analysis,
        "missed_reason": "颱風取消訪問",
        "reason": reason,
    }
    answer = form_post(staff, f"/kpi-years/{year.pk}/edit/", data)
    assert answer.status_code in (200, 302, 400)  # saved, or the page again with the reason
    after = stored(year)
    if answer.status_code == 302 and typeable(actual) and typeable(analysis):
        assert after.actual_text == actual.strip() and after.analysis == analysis.strip()
    elif answer.status_code != 302:
        assert after.version == before.version  # refused: nothing written
    pages_answer(people, cycle, year)


@PROPERTY
@given(actual=numbers, analysis=texts, reason=texts, input_text=numbers)
@example(actual="1" * 15 + "人次", analysis="", reason="", input_text="")  # the cases
@example(actual="110人次", analysis="", reason="\ud800", input_text="8,500")
@example(actual="110人次", analysis="\x00", reason="長" * 150, input_text="\ud800")
def test_the_api_patch(people, cycle, year, actual, analysis, reason, input_text) -> None:  # type: ignore[no-untyped-def]
    staff = signed_in(people, "staff-asia")
    before = stored(year)
    body = {
        "version": before.version,
        "actual": actual,
        "analysis": analysis,
        "missed_reason": "颱風取消訪問",
        "reason": reason,
        "inputs": {"甲": input_text},
    }
    answer = staff.patch(
        f"/api/v1/kpi-years/{year.pk}", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code in (200, 422)
    after = stored(year)
    if answer.status_code == 200:
        assert after.actual_text == actual.strip() and after.analysis == analysis.strip()
        parsed = answer.json()["actual"]["value"]
        assert (Decimal(parsed) if parsed else None) == after.actual_value
    else:
        assert after.version == before.version
    pages_answer(people, cycle, year)


@PROPERTY
@given(actual=numbers, analysis=texts)
@example(actual="1" * 19, analysis="")  # the case
@example(actual="-3人次", analysis="中文敘述")
def test_the_xlsx_upload(people, cycle, year, actual, analysis) -> None:  # type: ignore[no-untyped-def]
    staff = signed_in(people, "staff-asia")
    unit = Unit.objects.get(agency=cycle.agency, name="亞太司")
    form = staff.get(f"/cycles/{cycle.pk}/units/{unit.pk}/form.xlsx").content
    workbook = load_workbook(BytesIO(form))
    sheet = workbook[MAIN_SHEET]
    row = next(
        r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, 1).value) == str(year.pk)
    )
    try:
        sheet.cell(row, 6).value = actual
        sheet.cell(row, 7).value = analysis
        sheet.cell(row, 8).value = "颱風取消訪問"
        buffer = BytesIO()
        workbook.save(buffer)
    except (IllegalCharacterError, UnicodeEncodeError):
        return  # a workbook cannot hold it: no upload can carry it
    before = stored(year)
    upload = SimpleUploadedFile("form.xlsx", buffer.getvalue())
    answer = staff.post(f"/cycles/{cycle.pk}/units/{unit.pk}/bulk/", {"file": upload})
    assert answer.status_code < 500
    after = stored(year)
    if after.version != before.version:
        assert after.actual_text == actual.strip() or not actual.strip()
    pages_answer(people, cycle, year)


@PROPERTY
@given(fund=numbers, staff_count=numbers, reason=texts)
@example(fund="1" * 20, staff_count="1" * 15, reason="長" * 150)
def test_the_finance_tables(people, cycle, year, fund, staff_count, reason) -> None:  # type: ignore[no-untyped-def]
    general = BudgetFigure.objects.get(
        cycle=cycle, fund="普通基金(總預算)", measure="budget", year=cycle.year
    )
    clerks = HeadcountFigure.objects.get(cycle=cycle, label="職員", year=cycle.year)
    accounting, personnel = signed_in(people, "accounting"), signed_in(people, "personnel")
    data = {f"budget-{general.pk}-value": fund, "reason": reason}
    answer = form_post(accounting, f"/cycles/{cycle.pk}/budget/save/", data)
    assert answer.status_code < 500
    saved = BudgetFigure.objects.get(pk=general.pk)
    if saved.text != general.text:
        assert saved.text == fund.strip()
    data = {f"headcount-{clerks.pk}-value": staff_count, "reason": reason}
    assert form_post(personnel, f"/cycles/{cycle.pk}/headcount/save/", data).status_code < 500
    total = BudgetFigure.objects.get(cycle=cycle, fund="合計", measure="budget", year=cycle.year)
    funds = BudgetFigure.objects.filter(cycle=cycle, measure="budget", year=cycle.year)
    typed = [f.value for f in funds.exclude(fund="合計") if f.value is not None]
    if typed:
        assert total.value == sum(typed, Decimal(0))  # the total is the funds' sum
    pages_answer(people, cycle, year)


@PROPERTY
@given(text=texts, reason=texts)
def test_a_chapter_save(people, cycle, year, text, reason) -> None:  # type: ignore[no-untyped-def]
    planning = signed_in(people, "planning")
    chapter = Chapter.objects.get(cycle=cycle, key="closing")
    block = chapter.blocks.first()
    data = {
        "version": str(chapter.version),
        "block": str(block.pk),
        f"order-{block.pk}": str(block.position),
        f"text-{block.pk}": text,
        "reason": reason,
    }
    answer = form_post(planning, f"/chapters/{chapter.pk}/edit/", data)
    assert answer.status_code < 500
    saved = chapter.blocks.filter(pk=block.pk).first()
    if saved is not None and saved.text != block.text and typeable(text):
        assert unreadable(text) is None and saved.text == clean_text(text, field="段落")
    pages_answer(people, cycle, year)
    assert planning.get(f"/chapters/{chapter.pk}/edit/").status_code == 200
