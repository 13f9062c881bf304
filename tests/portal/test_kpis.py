"""The portal's KPI history, comparison of agencies and search, as the public reads them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.national_data import Size, national_data_generate
from govperf.evaluation.models import Cycle, Kpi
from govperf.portal import views_kpis
from govperf.workflow.models import PublicKpiYear, PublicText, PublicYear
from govperf.workflow.public_selectors import kpi_record, text_search

pytestmark = pytest.mark.django_db

NGO = "協助我NGO進行國際交流"  # 衡量標準 differs in each of 104–107
VISITS = "深化與友邦高層政要之情誼"  # 衡量標準 changes in 105 only
# Internal material the public never sees (the staff pages' words for it).
INTERNAL = ("建議燈號", "佐證", "上傳者", "異動紀錄", "審查", "截止", "csrfmiddlewaretoken")


def page_of(url: str, client: Client | None = None) -> str:
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    assert not response.cookies, f"{url} sets a cookie"
    return response.content.decode()


def row_of(page: str, header: str) -> str:
    """The table row whose header cell is `header`."""
    found = re.search(
        rf"<tr>\s*<th scope=\"row\"[^>]*>{re.escape(header)}</th>(.*?)</tr>", page, re.S
    )
    assert found, header
    return found.group(1)


def kpi_url(name: str) -> str:
    return f"/kpis/{Kpi.objects.get(name=name).pk}/"


# The KPI's history


def test_a_kpi_page_has_every_year_its_reports_print_with_the_official_light(
    imported_cycle: Cycle,
) -> None:
    page = page_of(kpi_url(NGO))
    assert f"<h1>{NGO}</h1>" in page
    for year in (104, 105, 106, 107):
        assert f"{year}年度" in page
    earliest = row_of(page, "104年度")
    # 104: 初核 ★ but 複核 ▲: the official light is the re-review's.
    assert "15次" in earliest and "75次" in earliest and "▲ 黃燈" in earliest
    assert "★" not in earliest
    assert "該年度未另公告報告" in earliest  # 104 is read from the 107 report
    own = row_of(page, "107年度")
    assert "158次" in own and "299次" in own and "★ 綠燈" in own
    assert "該年度未另公告報告" not in own
    assert f'href="/agencies/{imported_cycle.agency_id}/107/"' in own


def test_the_measurement_standard_is_shown_per_year_with_each_change_marked(
    imported_cycle: Cycle,
) -> None:
    page = page_of(kpi_url(VISITS))
    changed = re.search(r"衡量標準變更的年度：(.*?)</p>", page, re.S)
    assert changed and re.findall(r"(\d+)年度", changed.group(1)) == ["105"]
    year_105 = page[page.index('id="standard-105"') : page.index('id="standard-106"')]
    assert "<del>年度邀訪計畫人次</del>" in year_105
    assert "<ins>我國及外國現任部長級以上政要互訪人次</ins>" in year_105
    year_106 = page[page.index('id="standard-106"') : page.index('id="standard-107"')]
    assert "衡量標準變更" not in year_106 and "我國及外國現任部長級以上政要互訪人次" in year_106
    ngo = page_of(kpi_url(NGO))
    changed = re.search(r"衡量標準變更的年度：(.*?)</p>", ngo, re.S)
    assert changed and re.findall(r"(\d+)年度", changed.group(1)) == ["105", "106", "107"]


def test_the_charts_are_inline_svg_with_a_text_alternative_and_the_table_beside(
    imported_cycle: Cycle,
) -> None:
    page = page_of(kpi_url(VISITS))
    charts = re.findall(r"<svg [^>]*>", page)
    assert len(charts) == 2  # target vs actual (105–107 in 人次), achievement (104–107)
    for chart in charts:
        assert 'role="img"' in chart and 'aria-describedby="kpi-data"' in chart
        labelled = re.search(r'aria-labelledby="([^"]+)"', chart)
        assert labelled and f'<title id="{labelled.group(1)}">' in page
    assert '<title id="kpi-values-chart-title">歷年原訂目標值與實際值</title>' in page
    assert "單位與最近年度不同的年度未繪入：104年度。" in page  # 104 counted 次, not 人次
    assert re.search(
        r'class="table-scroll" role="region" tabindex="0"[^>]*>\s*<table id="kpi-data">', page
    )
    main = page[page.index("<main") :]
    assert "<script" not in main and "style=" not in main  # the CSP allows neither inline


def test_an_unknown_kpi_or_one_never_published_is_not_found(imported_cycle: Cycle) -> None:
    unpublished = Kpi.objects.create(agency=imported_cycle.agency, name="尚未公告之指標")
    for url in ("/kpis/999999/", f"/kpis/{unpublished.pk}/", "/kpis/0/", f"/kpis/{10**20}/"):
        assert Client().get(url).status_code == 404


def test_a_kpis_history_follows_the_same_kpi_through_each_years_report() -> None:
    national_data_generate(size=Size(agencies=1, years=5, kpis=6), files="small")
    kept = Kpi.objects.order_by("pk").first()  # slot 0: the same KPI every year
    assert kept is not None
    history = kpi_record(kpi_id=kept.pk)
    assert [(y.year, y.own) for y in history.years] == [
        (97, False), (98, False), (99, False),  # printed in the 100 report
        (100, True), (101, True), (102, True), (103, True), (104, True),
    ]  # fmt: skip
    assert {y.report_year for y in history.years if not y.own} == {100}
    page = page_of(f"/kpis/{kept.pk}/")
    for year in range(100, 105):
        assert f'href="/agencies/{history.agency_id}/{year}/"' in page
    # A KPI that replaced another in 103: its history starts there (100–102 print `--`).
    new = PublicKpiYear.objects.filter(year=103).exclude(
        kpi__in=PublicKpiYear.objects.filter(year=102).values("kpi")
    )
    first_new = new.order_by("kpi_id").first()
    assert first_new is not None
    assert [y.year for y in kpi_record(kpi_id=first_new.kpi_id).years] == [103, 104]


# The comparison of agencies and years


def test_the_comparison_shows_light_counts_and_achievement_per_agency_year(
    imported_cycle: Cycle,
) -> None:
    page = page_of("/compare/")
    row = row_of(page, f'<a href="/agencies/{imported_cycle.agency_id}/107/">外交部</a>')
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert cells[1:] == ["16", "13", "3", "0", "0", "90.21%"]
    assert 'aria-sort="ascending"' in page and page.count("aria-sort=") == 1
    for light in ("★ 綠燈", "▲ 黃燈", "● 紅燈", "□ 白燈"):
        assert light in page


@pytest.fixture
def national() -> None:
    """Four agencies, four years each (16 agency-years), six KPIs a year."""
    national_data_generate(size=Size(agencies=4, years=4, kpis=6), files="small")


def agency_years(page: str) -> list[tuple[int, int]]:
    """(agency id, year) of each comparison row, in order."""
    rows = re.findall(r'<th scope="row" class="name"><a href="/agencies/(\d+)/(\d+)/">', page)
    return [(int(agency), int(year)) for agency, year in rows]


def test_the_comparison_sorts_by_a_column_either_way(national: None) -> None:
    page = page_of("/compare/?sort=-achievement")
    expected = PublicYear.objects.filter(is_latest=True).order_by(
        "-mean_achievement", "agency__name", "pk"
    )
    assert agency_years(page) == [(row.agency_id, row.year) for row in expected]
    sorted_heading = re.search(
        r'<th scope="col" aria-sort="descending">\s*<a href="([^"]+)">平均達成度', page
    )
    assert sorted_heading and sorted_heading.group(1) == "?sort=achievement"  # reversed
    assert page.count("aria-sort=") == 1
    assert '<a href="?sort=agency">機關' in page
    ascending = page_of("/compare/?sort=achievement")
    expected = expected.order_by("mean_achievement", "agency__name", "pk")
    assert agency_years(ascending) == [(row.agency_id, row.year) for row in expected]
    assert '<th scope="col" aria-sort="ascending">' in ascending


def test_the_comparison_filters_by_year_light_and_agency(national: None) -> None:
    assert {year for _a, year in agency_years(page_of("/compare/?year=101"))} == {101}
    agency = PublicYear.objects.order_by("agency_id").first()
    assert agency is not None
    only = agency_years(page_of(f"/compare/?agency={agency.agency_id}&sort=year"))
    assert only == [(agency.agency_id, year) for year in (100, 101, 102, 103)]
    red = agency_years(page_of("/compare/?light=red"))
    with_red = PublicYear.objects.filter(is_latest=True, red__gt=0)
    assert sorted(red) == sorted((row.agency_id, row.year) for row in with_red)
    form = page_of("/compare/?year=101&light=red")
    assert '<form method="get" action="/compare/"' in form
    for name in ("year", "light", "agency"):
        assert re.search(
            rf'<label for="compare-{name}">.*?</label>\s*<select id="compare-{name}" name="{name}">',
            form,
            re.S,
        )
    assert '<option value="101" selected>' in form and '<option value="red" selected>' in form


def test_the_comparison_pages_keep_the_sort_and_filters(
    national: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_kpis, "PAGE_SIZE", 5)
    first = page_of("/compare/?sort=-year&light=green")
    assert "第 1 頁，共 " in first
    assert 'href="?light=green&amp;sort=-year&amp;page=2" rel="next"' in first
    second = page_of("/compare/?light=green&sort=-year&page=2")
    assert 'href="?light=green&amp;sort=-year" rel="prev"' in second
    assert set(agency_years(first)).isdisjoint(agency_years(second))


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc&light=purple&agency=-3&sort=drop;table&page=x",
        "?page=0&year=99999999999999999999999",
        "?page=99999&sort=-",
        "?agency=&year=&light=&sort=&page=",
        "?agency=99999999999&year=1e3",
        "?year=%00&agency=%00",
    ],
)
def test_bad_query_values_fall_back_to_the_defaults(imported_cycle: Cycle, query: str) -> None:
    page = page_of(f"/compare/{query}")
    assert agency_years(page) == [(imported_cycle.agency_id, 107)]
    search = page_of(f"/search/{query}&q=友邦")
    assert "<mark>友邦</mark>" in search


def test_a_year_or_agency_without_data_or_a_nul_is_an_empty_answer(imported_cycle: Cycle) -> None:
    assert "沒有符合條件的公告年度。" in page_of("/compare/?year=32767&agency=2147483647")
    assert "共 0 筆結果" in page_of("/search/?q=友邦&year=32767")
    assert "<mark>友邦</mark>" in page_of("/search/?q=%00友邦%00")


# The search


def results(page: str) -> list[tuple[str, str]]:
    """(link, title) of each result, the title's <mark> kept."""
    return re.findall(r'<h3><a href="([^"]+)">(.*?)</a></h3>', page, re.S)


def test_search_finds_chinese_substrings_in_kpi_names_goals_and_paragraphs(
    imported_cycle: Cycle,
) -> None:
    agency = imported_cycle.agency_id
    visits = Kpi.objects.get(name=VISITS).pk
    found = results(page_of("/search/?q=友邦高層政要"))
    assert found[0] == (f"/kpis/{visits}/", "深化與<mark>友邦高層政要</mark>之情誼")
    goal = results(page_of("/search/?q=實質關係"))
    assert (f"/agencies/{agency}/107/", "強化我與無邦交國家<mark>實質關係</mark>。") in goal
    paragraph = page_of("/search/?q=互惠互助")
    assert (f"/agencies/{agency}/107/chapters/", "壹、前言") in results(paragraph)
    assert "<mark>互惠互助</mark>" in paragraph and "報告段落" in paragraph
    assert "外交部 · 107年度 · 關鍵績效指標" in page_of("/search/?q=友邦")


@pytest.mark.parametrize("text", ["邦", "友邦", "ngo", "NGO", "國際交流"])
def test_search_finds_queries_of_any_length_and_case(imported_cycle: Cycle, text: str) -> None:
    found = text_search(text=text)
    assert found.paginator.count > 0
    for item in found:
        assert text.lower() in (item.title + item.text).lower()
    page = page_of(f"/search/?q={text}")
    assert re.search(rf"<mark>{text}</mark>", page, re.I)


def test_search_counts_the_same_on_either_path_of_a_short_query(imported_cycle: Cycle) -> None:
    """Two characters (PostgreSQL's index of character pairs) and a LIKE agree."""
    for text in ("友邦", "邦", "NG"):
        expected = sum(
            text.upper() in (item.title + "\n" + item.text).upper()
            or text.upper() in item.title.upper()
            for item in PublicText.objects.filter(is_latest=True)
        )
        assert text_search(text=text).paginator.count == expected


def test_the_empty_search_shows_the_form_only(imported_cycle: Cycle) -> None:
    for query in ("", "?q=", "?q=%20%20", "?page=3"):
        page = page_of(f"/search/{query}")
        assert '<form method="get" action="/search/" role="search"' in page
        assert '<label for="search-q">' in page
        assert "搜尋結果" not in page and "<mark>" not in page


def test_search_filters_by_agency_and_year_and_pages(
    national: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_kpis, "PAGE_SIZE", 5)
    agency = PublicYear.objects.order_by("agency_id").first()
    assert agency is not None
    page = page_of(f"/search/?q=服務&agency={agency.agency_id}&year=102")
    expected = text_search(text="服務", agency_id=agency.agency_id, year=102, page_size=5)
    assert expected.paginator.count > 5
    assert f"共 {expected.paginator.count} 筆結果" in page
    assert re.findall(r'class="muted">([^<·]+) · (\d+)年度', page) == [
        (item.agency.name, str(item.year)) for item in expected
    ]
    assert (
        f'href="?q=%E6%9C%8D%E5%8B%99&amp;agency={agency.agency_id}&amp;year=102&amp;page=2"'
        in page
    )


def plan_of(text: str, *, latest_only: bool = True) -> str:
    """PostgreSQL's plan of the search for `text`."""
    found = text_search(text=text, latest_only=latest_only)
    sql, params = found.paginator.object_list.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(line for (line,) in cursor.fetchall())


def test_on_postgresql_short_and_long_queries_use_an_index() -> None:
    """Two characters hold no trigram: their own index answers them; longer queries have the
    trigram index. On a set this small other plans cost less (a scan, or the latest-version
    index), so each index is shown to serve its query with those off; on the national set the
    planner picks them itself."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite searches with a plain LIKE")
    national_data_generate(size=Size(agencies=12, years=4, kpis=6), files="small")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE workflow_publictext")
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
    short = plan_of("海洋", latest_only=False)
    assert "Seq Scan on workflow_publictext" not in short
    assert "public_text_text_grams" in short and "public_text_title_grams" in short
    long = plan_of("資料開放", latest_only=False)
    assert "public_text_text_trgm" in long and "public_text_title_trgm" in long


# All three pages


def test_no_page_shows_internal_material(imported_cycle: Cycle) -> None:
    for url in (kpi_url(NGO), "/compare/", "/search/?q=友邦", "/search/?q=燈號"):
        page = page_of(url)
        for word in INTERNAL:
            assert word not in page, (url, word)


PAGES = {
    "kpi": None,
    "compare": "/compare/?sort=-achievement&light=green",
    "search": "/search/?q=服務&year=101",
}
QUERIES = {"kpi": 3, "compare": 5, "search": 5}


@pytest.mark.parametrize(
    "size", [Size(agencies=1, years=2, kpis=4), Size(agencies=6, years=6, kpis=8)]
)
@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_runs_the_same_queries_at_any_size(size: Size, name: str) -> None:
    national_data_generate(size=size, files="small")
    url = PAGES[name] or f"/kpis/{Kpi.objects.order_by('pk').values_list('pk', flat=True)[0]}/"
    with CaptureQueriesContext(connection) as queries:
        page_of(url)
    assert len(queries) == QUERIES[name], [q["sql"][:120] for q in queries]


def test_the_pages_in_english_mark_chinese_data(imported_cycle: Cycle) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    kpi = page_of(kpi_url(VISITS), client)
    assert f'<h1><span lang="zh-Hant">{VISITS}</span></h1>' in kpi
    assert "Targets and actuals over the years" in kpi and "ROC year 105" in kpi
    assert "How the measurement standard changed" in kpi
    compare = page_of("/compare/", client)
    assert "Lights and achievement by agency and year" in compare
    assert '<span lang="zh-Hant">外交部</span>' in compare and "Mean achievement" in compare
    search = page_of("/search/?q=友邦", client)
    assert "Search KPIs and reports" in search and "Key performance indicator" in search
    for page in (kpi, compare, search):
        assert not re.search(r">[^<]*[\u4e00-\u9fff][^<]*<", _without_marked(page)), "untranslated"


def _without_marked(page: str) -> str:
    """The page's main part without what is marked as Chinese data (elements lang="zh-Hant")."""
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r'<(span|option|text)[^>]*lang="zh-Hant"[^>]*>.*?</\1>', "", main, flags=re.S)
    return main
