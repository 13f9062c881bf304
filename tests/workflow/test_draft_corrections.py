"""Corrections say so: every published file of version 2 states its version, date and reason."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile

import docx
import pytest
from django.utils import timezone
from openpyxl import load_workbook

from govperf.demo.people import cycle_assign_units, people_ensure
from govperf.domain.roc import format_roc_date
from govperf.domain.workflow import CycleAction
from govperf.evaluation.models import Cycle
from govperf.published_files import published_bytes
from govperf.workflow.actions import cycle_act
from govperf.workflow.models import PublishedVersion
from tests.reports.page_check import page_texts

pytestmark = pytest.mark.django_db
REASON = "更正亞太司實際值誤植"


@pytest.fixture
def correction(imported_cycle: Cycle) -> PublishedVersion:
    """The imported 107 report, corrected and published again as version 2 today."""
    cycle_assign_units(cycle=imported_cycle)
    planning = people_ensure(agency=imported_cycle.agency, password="pw")["planning"]
    for action in (CycleAction.START_CORRECTION, CycleAction.PUBLISH_CORRECTION):
        acted = cycle_act(actor=planning, cycle=imported_cycle, action=action, reason=REASON)
    assert acted.version is not None and acted.version.number == 2
    return acted.version


def report_files(version: PublishedVersion) -> dict[str, bytes]:
    return {file.format: published_bytes(file) for file in version.files.all()}


def data_files(version: PublishedVersion) -> dict[str, bytes]:
    return {file.format: published_bytes(file) for file in version.data_files.all()}


def today_roc() -> str:
    return format_roc_date(timezone.localdate())


def note() -> str:
    return f"第 2 版（更正）：{today_roc()}公告，{REASON}"


def test_the_html_states_the_version_date_and_reason(correction: PublishedVersion) -> None:
    html = report_files(correction)["html"].decode()
    assert f'<p class="version">{note()}</p>' in html


def test_the_text_export_states_them_below_its_header(correction: PublishedVersion) -> None:
    lines = report_files(correction)["txt"].decode().splitlines()
    assert lines[2].startswith("公告日期：") and lines[3] == note()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_states_them_on_the_cover_and_every_page_says_第_2_版(
    correction: PublishedVersion,
) -> None:
    pages = [page for page in page_texts(report_files(correction)["pdf"]) if page]
    squeezed = re.sub(r"\s", "", note()).replace("（", "(").replace("）", ")").replace("，", ",")
    assert squeezed.replace("：", ":") in pages[0]
    assert [n for n, page in enumerate(pages[1:], 2) if "第2版(更正)" not in page] == []


def test_the_docx_states_them_on_the_cover_and_in_the_header(
    correction: PublishedVersion,
) -> None:
    word = docx.Document(io.BytesIO(report_files(correction)["docx"]))
    assert note() in [p.text for p in word.paragraphs[:5]]
    header = word.sections[0].header.paragraphs[0].text
    assert header.startswith("第 2 版（更正）　外交部")


def test_the_odt_states_them_on_the_cover_and_in_the_header(
    correction: PublishedVersion,
) -> None:
    with zipfile.ZipFile(io.BytesIO(report_files(correction)["odt"])) as archive:
        content, styles = (archive.read(name).decode() for name in ("content.xml", "styles.xml"))
    assert note() in content
    assert "第 2 版（更正）　外交部" in styles


def test_the_open_data_json_states_them(correction: PublishedVersion) -> None:
    cycle = json.loads(data_files(correction)["json"])["cycles"][0]
    assert cycle["version"] == {
        "number": 2,
        "published_on": timezone.localdate().isoformat(),
        "reason": REASON,
    }


def test_the_csv_and_xlsx_state_them_in_their_versions_table(
    correction: PublishedVersion,
) -> None:
    files = data_files(correction)
    expected = ["外交部", "107", "2", timezone.localdate().isoformat(), today_roc(), REASON]
    with zipfile.ZipFile(io.BytesIO(files["csv"])) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("versions.csv").decode("utf-8-sig"))))
        dictionary = archive.read("data-dictionary.csv").decode("utf-8-sig")
    assert rows == [
        ["agency", "cycle_year", "version", "published_on", "published_on_roc", "reason"],
        expected,
    ]
    assert "\nversions,公告版本,reason,text," in dictionary
    sheet = load_workbook(io.BytesIO(files["xlsx"]), read_only=True)["公告版本"]
    cells = [[str(value) for value in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == [expected]


def test_version_1_stays_as_it_was_published(correction: PublishedVersion) -> None:
    first = correction.cycle.versions.get(number=1)
    assert "（更正）" not in report_files(first)["txt"].decode()
