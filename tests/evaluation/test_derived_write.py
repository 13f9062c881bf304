"""A year run in govperf gets its shortfalls, light table and light statistics from its data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from govperf.audit.selectors import cycle_findings
from govperf.evaluation.derived_write import cycle_write_derived_tables, numeral
from govperf.evaluation.models import Cycle, KpiYear, LightStatistic
from govperf.published_files import published_bytes
from govperf.reports.builder import document_build
from govperf.reports.formats import RENDERERS, report_render
from govperf.workflow.carryover import cycle_create_next
from govperf.workflow.models import PublishedVersion
from govperf.workflow.publishing import cycle_publish
from tests.workflow.writing import required_chapters_write

pytestmark = pytest.mark.django_db

MISSED = "提高駐外館宿舍自有率及節省鉅額租金支出"
REASON = "洛杉磯館舍購置案另覓標的，延至次年度完成。"
# 院管 KPIs of 108 and their (初核, 複核) lights; every other KPI is 部會管 with ★.
EXECUTIVE = {
    "深化與友邦高層政要之情誼": ("green", "green"),
    "精進我國際文宣工作": ("green", "yellow"),
    MISSED: ("yellow", "yellow"),
}
SYMBOLS = {"green": "★", "yellow": "▲"}


def _published(cycle: Cycle) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(state=Cycle.State.PUBLISHED)
    cycle.refresh_from_db()
    return cycle


def _fill(year: KpiYear) -> None:
    """108's actual: the target met, except 宿舍自有率 (15 of 17件, 88.24%)."""
    name = year.cycle_kpi.kpi.name
    initial, review = EXECUTIVE.get(name, ("green", ""))
    year.actual_text, year.actual_value, year.actual_unit = (
        year.target_text,
        year.target_value,
        year.target_unit,
    )
    year.achievement_text, year.achievement_value = "100%", Decimal(100)
    for sub in year.sub_measures.all():
        sub.actual_text, sub.actual_value, sub.actual_unit = (
            sub.target_text,
            sub.target_value,
            sub.target_unit,
        )
        sub.save()
    if name == MISSED:
        year.actual_text, year.actual_value = "15件", Decimal(15)
        year.achievement_text, year.achievement_value = "88.24%", Decimal("88.24")
        year.missed_reason = REASON
    year.initial_light, year.initial_light_text = initial, SYMBOLS[initial]
    year.review_light = review
    year.review_light_text = SYMBOLS[review] if review else ""
    year.tier = KpiYear.Tier.EXECUTIVE if review else KpiYear.Tier.AGENCY
    year.save()


@pytest.fixture
def cycle_108(imported_cycle: Cycle, people: dict[str, Any]) -> Cycle:
    """108 carried over from the 107 sample, in the post-reform layout, its data entered."""
    cycle = cycle_create_next(
        actor=people["planning"], previous=_published(imported_cycle), year=108
    )
    return _entered(cycle)


def _entered(cycle: Cycle) -> Cycle:
    for year in KpiYear.objects.filter(cycle_kpi__cycle=cycle, year=108).select_related(
        "cycle_kpi__kpi"
    ):
        _fill(year)
    return cycle


@pytest.fixture
def written(cycle_108: Cycle, people: dict[str, Any]) -> Cycle:
    cycle_write_derived_tables(actor=people["planning"], cycle=cycle_108)
    return cycle_108


@pytest.fixture
def printed_108(
    imported_cycle: Cycle, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> str:
    """The text of 108 in the 107 layout, whose 績效總評 prints the light table and statistics
    (the post-reform layout has no such chapter), after its derived tables are written."""
    monkeypatch.setattr("govperf.workflow.carryover.REFORM_YEAR", 109)
    cycle = cycle_create_next(
        actor=people["planning"], previous=_published(imported_cycle), year=108
    )
    assert cycle.layout == Cycle.Layout.ROC107
    cycle_write_derived_tables(actor=people["planning"], cycle=_entered(cycle))
    return _text(cycle)


def _text(cycle: Cycle) -> str:
    return report_render(document_build(cycle), "txt").decode()


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def _statistics(cycle: Cycle, year: int) -> list[tuple[str, str, str, str, str, str]]:
    return list(
        LightStatistic.objects.filter(cycle=cycle, year=year)
        .order_by("position")
        .values_list("category", "stage", "light_text", "stage_text", "count_text", "percent_text")
    )


def test_the_light_table_lists_every_108_kpi_with_its_initial_light(written: Cycle) -> None:
    kpis = list(written.cycle_kpis.order_by("goal__position", "position"))
    rows = list(written.light_rows.all())
    assert [row.cycle_kpi_id for row in rows] == [kpi.pk for kpi in kpis]
    first, second, missed = rows[0], rows[1], rows[-1]
    assert (first.goal_number, first.goal_name, first.item) == (
        "1",
        "鞏固我與邦交國外交關係",
        "(1)",
    )
    assert (second.goal_number, second.goal_name, second.item) == ("", "", "(2)")
    assert (second.initial_light_text, second.review_light_text) == ("★", "---")
    assert (missed.kpi_name, missed.item) == (MISSED, "(3)")
    assert (missed.initial_light_text, missed.review_light_text) == ("▲", "▲")


def test_the_printed_light_table_lists_every_kpi_with_its_lights(printed_108: str) -> None:
    table = _section(printed_108, "（一）各關鍵績效指標燈號", "（二）績效燈號統計")
    lines = table.split("\n")
    names = KpiYear.objects.filter(year=108).values_list("cycle_kpi__kpi__name", flat=True)
    assert len(names) == 16
    for name in names:
        assert f"\t{name}" in lines
    assert lines.count("\t★") == 13 + 2 + 1 and lines.count("\t▲") == 3
    assert lines.count("\t---") == 13


def test_the_108_statistics_count_the_executive_kpis(written: Cycle) -> None:
    rows = {(c, s): (count, percent) for c, s, _, _, count, percent in _statistics(written, 108)}
    assert rows[("total", "initial")] == ("3", "100.00")
    assert rows[("green", "initial")] == ("2", "66.67")
    assert rows[("yellow", "initial")] == ("1", "33.33")
    assert rows[("green", "review")] == ("1", "33.33")
    assert rows[("yellow", "review")] == ("2", "66.67")
    assert rows[("red", "review")] == ("0", "0.00")
    labels = [(light, stage) for _, _, light, stage, _, _ in _statistics(written, 108)][:4]
    assert labels == [("小計", "初核"), ("", "複核"), ("綠燈", "初核"), ("", "複核")]


def test_the_printed_statistics_show_108_and_the_earlier_years_as_printed(
    printed_108: str,
) -> None:
    table = _section(printed_108, "（二）績效燈號統計", "二、綜合評估分析").split("\n")
    years = [line for line in table if line.strip() in {"104", "105", "106", "107", "108"}]
    assert [line.strip() for line in years[:4]] == ["105", "106", "107", "108"]
    # 綠燈 初核: 105 12 (85.71), 106 2 (100.00), 107 0 (0.00) as the 107 report printed; 108 2.
    green = table[table.index("\t綠燈") + 2 : table.index("\t綠燈") + 10]
    assert [cell.strip() for cell in green] == [
        "12",
        "85.71",
        "2",
        "100.00",
        "0",
        "0.00",
        "2",
        "66.67",
    ]


def test_the_earlier_years_stay_as_the_107_report_printed_them(
    imported_cycle: Cycle, written: Cycle
) -> None:
    for year in (105, 106, 107):
        assert _statistics(written, year) == _statistics(imported_cycle, year)
    assert written.table_headers["light_statistics"][0][2:] == ["105", "106", "107", "108"]


def test_the_missed_kpi_is_reviewed_with_its_gap_and_reason(written: Cycle) -> None:
    (entry,) = written.shortfalls.all()
    assert entry.goal_heading == "（一）關鍵策略目標：妥適配置預算資源，提升預算執行效率。"
    assert (entry.kpi_name, entry.standard) == (MISSED, "駐外館宿舍自有總數量")
    assert (entry.target_text, entry.actual_text, entry.gap_text) == ("17", "15", "11.76")
    assert entry.gap_value == Decimal("11.76")
    text = _section(_text(written), "未達目標項目檢討", "施政績效成果亮點")
    assert MISSED in text and "達成度差異值：11.76" in text and REASON in text
    assert "原訂目標值：17" in text and "實際值：15" in text


def test_the_audit_finds_no_difference_in_the_derived_tables(written: Cycle) -> None:
    Cycle.objects.filter(pk=written.pk).update(state=Cycle.State.PUBLISHED)
    written.refresh_from_db()
    findings = cycle_findings(cycle=written)
    codes = [finding.code for finding in findings]
    assert not [c for c in codes if c.startswith(("light-table-", "shortfall-"))], codes
    assert not [f for f in findings if f.place.table == "各關鍵績效指標燈號"]
    statistics = [(f.code, f.place.cell) for f in findings if f.place.table == "績效燈號統計"]
    # Only the note the audit gives any report: 105 counted KPIs this report does not hold.
    assert statistics == [("statistics-not-derivable", "105年度")]


def test_agency_kpis_get_their_review_cell_marked_in_history(
    written: Cycle, people: dict[str, Any]
) -> None:
    year = KpiYear.objects.get(
        cycle_kpi__cycle=written, year=108, cycle_kpi__kpi__name="我與友邦合作計畫執行項數"
    )
    assert year.review_light_text == "---"
    latest = year.history.first()
    assert latest.history_user == people["planning"]
    assert "部會評估指標" in latest.history_change_reason


def test_writing_again_replaces_the_rows(written: Cycle, people: dict[str, Any]) -> None:
    year = KpiYear.objects.get(cycle_kpi__cycle=written, year=108, cycle_kpi__kpi__name=MISSED)
    year.achievement_text, year.achievement_value = "100%", Decimal(100)
    year.save()
    cycle_write_derived_tables(actor=people["planning"], cycle=written)
    assert not written.shortfalls.exists()
    assert written.light_rows.count() == written.cycle_kpis.count()
    assert LightStatistic.objects.filter(cycle=written, year=108).count() == 10


def test_publishing_a_year_run_in_govperf_writes_the_tables(
    cycle_108: Cycle, people: dict[str, Any]
) -> None:
    required_chapters_write(cycle=cycle_108, actor=people["planning"])
    Cycle.objects.filter(pk=cycle_108.pk).update(state=Cycle.State.APPROVED)
    cycle_108.refresh_from_db()
    version = cycle_publish(actor=people["planning"], cycle=cycle_108)
    assert cycle_108.shortfalls.count() == 1
    assert cycle_108.light_rows.count() == cycle_108.cycle_kpis.count()
    text = published_bytes(version.files.get(format="txt")).decode()
    assert "達成度差異值：11.76" in text and REASON in text


def test_publishing_an_imported_report_keeps_its_printed_tables(
    draft_cycle: Cycle, people: dict[str, Any]
) -> None:
    def printed(cycle: Cycle) -> tuple[list[Any], list[Any], list[Any]]:
        return (
            list(cycle.shortfalls.values_list("kpi_name", "target_text", "gap_text")),
            list(cycle.light_rows.values_list("goal_number", "kpi_name", "initial_light_text")),
            list(cycle.light_statistics.values_list("year", "count_text", "percent_text")),
        )

    before = printed(draft_cycle)
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.APPROVED)
    draft_cycle.refresh_from_db()
    assert draft_cycle.source_sha256
    # A 部會管 KPI changed after the import: its printed tables still stand as printed.
    KpiYear.objects.filter(cycle_kpi__cycle=draft_cycle, year=107).update(achievement_value=50)
    cycle_publish(actor=people["planning"], cycle=draft_cycle)
    assert PublishedVersion.objects.filter(cycle=draft_cycle).exists()
    assert printed(draft_cycle) == before
    assert before[0] and before[1] and before[2]


def test_goal_headings_count_in_chinese_numerals() -> None:
    assert [numeral(n) for n in (1, 7, 10, 12, 20, 23)] == [
        "一",
        "七",
        "十",
        "十二",
        "二十",
        "二十三",
    ]


def test_without_printed_statistics_the_kept_years_are_derived_too(
    imported_cycle: Cycle, people: dict[str, Any]
) -> None:
    """A previous report without 績效燈號統計: every year the table shows comes from the data."""
    imported_cycle.light_statistics.all().delete()
    headers = dict(imported_cycle.table_headers)
    del headers["light_statistics"]
    Cycle.objects.filter(pk=imported_cycle.pk).update(table_headers=headers)
    cycle = cycle_create_next(
        actor=people["planning"], previous=_published(imported_cycle), year=108
    )
    assert not cycle.light_statistics.exists()
    cycle_write_derived_tables(actor=people["planning"], cycle=_entered(cycle))
    cycle.refresh_from_db()
    first, second = cycle.table_headers["light_statistics"]
    assert first == ["構面", "年度", "105", "106", "107", "108"]
    assert second[:4] == ["關鍵策略目標", "燈號", "項數", "比例(%)"] and len(second) == 10
    totals = dict(
        cycle.light_statistics.filter(category="total", stage="initial").values_list(
            "year", "count_text"
        )
    )
    assert totals == {105: "10", 106: "2", 107: "0", 108: "3"}
    assert cycle.history.first().history_user == people["planning"]


def test_a_failing_format_writes_no_tables(
    cycle_108: Cycle, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(document: object) -> bytes:
        raise RuntimeError("typst missing")

    monkeypatch.setitem(RENDERERS, "pdf", broken)
    required_chapters_write(cycle=cycle_108, actor=people["planning"])
    Cycle.objects.filter(pk=cycle_108.pk).update(state=Cycle.State.APPROVED)
    cycle_108.refresh_from_db()
    with pytest.raises(RuntimeError):
        cycle_publish(actor=people["planning"], cycle=cycle_108)
    assert Cycle.objects.get(pk=cycle_108.pk).state == Cycle.State.APPROVED
    assert not cycle_108.shortfalls.exists() and not cycle_108.light_rows.exists()
    assert not LightStatistic.objects.filter(cycle=cycle_108, year=108).exists()
    year = KpiYear.objects.get(
        cycle_kpi__cycle=cycle_108, year=108, cycle_kpi__kpi__name="我與友邦合作計畫執行項數"
    )
    assert year.review_light_text == ""
