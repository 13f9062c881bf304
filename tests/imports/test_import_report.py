"""Importing a published report: atomic, idempotent, errors that name the line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from govperf.evaluation.models import Cycle, KpiYear
from govperf.imports.errors import ReportImportError
from govperf.imports.services import reports_import_files
from govperf.opendata.selectors import cycle_document

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    """How many rows every govperf table holds."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"agencies", "evaluation", "finance", "narrative"}
    }


def write_variant(tmp_path: Path, text: str, name: str = "variant.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replace_line(text: str, number: int, new: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


def test_sample_imports_every_kpi_year(imported_cycle: Cycle) -> None:
    assert imported_cycle.agency.name == "外交部"
    assert imported_cycle.year == 107
    assert imported_cycle.published_on_text == "108年03月19日"
    assert imported_cycle.goals.count() == 7
    assert imported_cycle.cycle_kpis.count() == 16
    assert KpiYear.objects.filter(cycle_kpi__cycle=imported_cycle).count() == 64


def test_capital_budget_kpi_keeps_text_and_number(imported_cycle: Cycle) -> None:
    year = KpiYear.objects.get(
        cycle_kpi__cycle=imported_cycle, cycle_kpi__kpi__name="機關年度資本門預算執行率", year=107
    )
    assert (year.target_text, year.actual_text, year.achievement_text) == (
        "90%",
        "44.38%",
        "49.31%",
    )
    assert float(year.actual_value) == 44.38
    assert year.actual_unit == "%"
    assert (year.initial_light, year.review_light_text, year.tier) == ("yellow", "---", "agency")
    assert year.missed_reason.startswith("主因係駐洛杉磯辦事處館舍購置案")
    older = KpiYear.objects.get(cycle_kpi=year.cycle_kpi, year=104)
    assert (older.target_text, older.tier) == ("90％", "executive")


def test_reimporting_the_same_report_changes_nothing(
    imported_cycle: Cycle, sample_path: Path
) -> None:
    before = row_counts()
    document = cycle_document(imported_cycle)
    outcome = reports_import_files(paths=[sample_path])[0]
    assert outcome.changed is False
    assert row_counts() == before
    assert cycle_document(Cycle.objects.get()) == document


def test_a_corrected_report_replaces_the_cycle_without_duplicates(
    imported_cycle: Cycle, sample_text: str, tmp_path: Path
) -> None:
    before = row_counts()
    corrected = sample_text.replace("\t108人次\n", "\t109人次\n", 1)
    outcome = reports_import_files(paths=[write_variant(tmp_path, corrected)])[0]
    assert outcome.changed is True
    after = row_counts()
    assert {k: v for k, v in after.items() if "Historical" not in k} == {
        k: v for k, v in before.items() if "Historical" not in k
    }
    year = KpiYear.objects.get(cycle_kpi__kpi__name="深化與友邦高層政要之情誼", year=107)
    assert year.actual_text == "109人次"


def test_a_file_does_not_replace_a_year_run_in_govperf(
    draft_cycle: Cycle, sample_text: str, tmp_path: Path
) -> None:
    before = row_counts()
    corrected = sample_text.replace("\t108人次\n", "\t109人次\n", 1)
    with pytest.raises(ReportImportError) as error:
        reports_import_files(paths=[write_variant(tmp_path, corrected)])
    assert "外交部 107年度已在 govperf 中作業（籌備中），不能以匯入檔覆蓋" in str(error.value)
    assert "第 1 行" in str(error.value)
    assert row_counts() == before


def next_year_report(text: str) -> str:
    """The sample moved one year on: title and every year header of its tables."""
    shifted = re.sub(
        r"^\t(10[4-7])(年度)?$",
        lambda match: f"\t{int(match.group(1)) + 1}{match.group(2) or ''}",
        text,
        flags=re.MULTILINE,
    )
    return replace_line(shifted, 2, "108年度施政績效報告")


def test_another_agency_and_another_year_sit_beside(
    imported_cycle: Cycle, sample_text: str, tmp_path: Path
) -> None:
    other_agency = write_variant(tmp_path, replace_line(sample_text, 1, "僑務委員會"), "a.txt")
    other_year = write_variant(tmp_path, next_year_report(sample_text), "b.txt")
    reports_import_files(paths=[other_agency, other_year])
    cycles = {(cycle.agency.name, cycle.year) for cycle in Cycle.objects.all()}
    assert cycles == {("外交部", 107), ("外交部", 108), ("僑務委員會", 107)}
    assert KpiYear.objects.count() == 3 * 64


BAD_INPUTS = {
    "truncated": (lambda text: "\n".join(text.split("\n")[:900]), 900, "伍、績效總評"),
    "missing_row": (
        lambda text: "\n".join(text.split("\n")[:179] + text.split("\n")[185:]),
        180,
        "實際值",
    ),
    "non_numeric_target": (lambda text: replace_line(text, 181, "\t七十八人次"), 181, "七十八人次"),
    "unknown_light": (lambda text: replace_line(text, 198, "\t◎"), 198, "◎"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_names_the_line_and_writes_nothing(
    case: str, imported_cycle: Cycle, sample_text: str, tmp_path: Path
) -> None:
    damage, line, expected = BAD_INPUTS[case]
    before, document = row_counts(), cycle_document(imported_cycle)
    path = write_variant(tmp_path, damage(sample_text))
    with pytest.raises(ReportImportError) as raised:
        reports_import_files(paths=[path])
    problem = raised.value.problems[0]
    assert problem.line == line
    assert expected in problem.message
    assert f"第 {line} 行" in str(raised.value)
    assert row_counts() == before
    assert cycle_document(Cycle.objects.get()) == document


def test_a_report_without_a_column_for_its_own_year_is_refused(
    sample_text: str, tmp_path: Path
) -> None:
    path = write_variant(tmp_path, replace_line(sample_text, 2, "108年度施政績效報告"))
    with pytest.raises(ReportImportError) as raised:
        reports_import_files(paths=[path])
    assert raised.value.problems[0].line == 162
    assert "108年度" in raised.value.problems[0].message
    assert Cycle.objects.count() == 0


def test_a_bad_file_among_several_imports_none(sample_text: str, tmp_path: Path) -> None:
    good = write_variant(tmp_path, replace_line(sample_text, 1, "僑務委員會"), "good.txt")
    bad = write_variant(tmp_path, replace_line(sample_text, 198, "\t◎"), "bad.txt")
    with pytest.raises(CommandError) as raised:
        call_command("import_report", str(good), str(bad))
    assert "bad.txt 第 198 行" in str(raised.value)
    assert Cycle.objects.count() == 0


def test_command_reports_each_cycle(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_report", str(sample_path))
    call_command("import_report", str(sample_path))
    output = capsys.readouterr().out
    assert "外交部 107年度：已匯入" in output
    assert "外交部 107年度：內容相同，未變更" in output
