"""The portal's pages of agencies and their years, as the public reads them: the home page, an
agency's years, a year, its chapters; only official published data; the staff pages of a
published cycle send the public there; fixed query counts; kept per published state."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bench.national_data import Size, national_data_generate
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.selectors import kpi_year_suggested_light
from govperf.workflow.models import PublicKpiYear, PublicYear
from tests.query_counts import LARGE, Measured, assert_same_count, measure_both

pytestmark = pytest.mark.django_db

# The staff side's labels and links, which no public page may show (the report's own text
# may use the words: 審查 is in its narrative, so labels are matched as an element's whole text).
INTERNAL = (
    "建議燈號",
    "上傳者",
    "異動紀錄",
    ">佐證資料<",
    ">審查<",
    ">期限<",
    ">填報<",
    'href="/cycles/',
    'href="/kpi-years/',
    'href="/evidence/',
)


def urls(cycle: Cycle) -> dict[str, str]:
    ids = {"agency_id": cycle.agency_id, "year": cycle.year}
    return {
        "home": "/",
        "agencies": reverse("portal:agencies"),
        "agency": reverse("portal:agency", kwargs={"agency_id": cycle.agency_id}),
        "year": reverse("portal:year", kwargs=ids),
        "chapters": reverse("portal:chapters", kwargs=ids),
    }


def page(url: str, client: Client | None = None) -> str:
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


def main(html: str) -> str:
    """The page's main content, without the site's frame."""
    return html.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def test_the_home_page_says_what_the_site_is_and_lists_each_agencys_latest_year(
    imported_cycle: Cycle,
) -> None:
    html = page("/")
    assert "本站提供已公告的報告與資料" in html
    assert f'href="/agencies/{imported_cycle.agency_id}/"' in html
    assert f'href="/agencies/{imported_cycle.agency_id}/107/">107年度</a>' in html
    assert "108年3月19日" in html
    assert "★ 綠燈</span> 13" in html and "▲ 黃燈</span> 3" in html
    for name in ("portal:compare", "portal:search", "portal:data"):
        assert f'href="{reverse(name)}"' in html
    assert 'href="/data/api/"' in html and 'href="/api/v1/openapi.json"' in html
    assert 'role="search"' in html and 'name="q"' in html  # the frame's search box, a GET
    assert 'href="/login/"' in html


def test_a_signed_in_person_keeps_the_staff_home_with_a_link_to_the_portal(
    imported_cycle: Cycle, django_user_model: Any
) -> None:
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    html = page("/", client)
    assert f'href="/cycles/{imported_cycle.pk}/"' in html
    assert f'href="{reverse("portal:agencies")}"' in html
    assert "本站提供已公告的報告與資料" not in html


def test_before_any_publication_the_portal_says_nothing_is_published(draft_cycle: Cycle) -> None:
    assert "尚無已公告的報告。" in page("/")
    assert "尚無已公告的報告。" in page(reverse("portal:agencies"))


def test_the_agencies_page_links_each_agency_and_its_latest_year(imported_cycle: Cycle) -> None:
    html = main(page(reverse("portal:agencies")))
    assert f'<a href="/agencies/{imported_cycle.agency_id}/">外交部</a>' in html
    assert f'<a href="/agencies/{imported_cycle.agency_id}/107/">107年度</a>' in html


def test_an_agency_page_has_its_years_in_a_table_and_a_chart_with_a_text_alternative(
    imported_cycle: Cycle,
) -> None:
    html = main(page(urls(imported_cycle)["agency"]))
    assert "<h1>外交部</h1>" in html
    row = re.search(
        r'<tr>\s*<th scope="row"[^>]*><a href="/agencies/\d+/107/">.*?</tr>', html, re.S
    )
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0))
    assert cells == ["第 1 版", "108年3月19日", "16", "13", "3", "0", "0", "90.21"]
    assert 'role="img"' in html and '<title id="lights-chart-title">各年度燈號統計</title>' in html
    assert "107年度：綠燈 13 項、黃燈 3 項、紅燈 0 項、白燈 0 項" in html  # the chart's <desc>
    assert 'data-light="green"' in html and "★13" in html
    assert "style=" not in html  # the policy allows no inline style


def test_an_agencys_years_are_newest_first() -> None:
    national_data_generate(size=Size(agencies=1, years=3, kpis=4), files="small")
    agency_id = PublicYear.objects.values_list("agency_id", flat=True).first()
    html = main(page(reverse("portal:agency", kwargs={"agency_id": agency_id})))
    years = [
        int(y) for y in re.findall(r'<th scope="row"[^>]*><a href="/agencies/\d+/(\d+)/">', html)
    ]
    assert years == sorted(years, reverse=True) and len(years) == 3


def test_the_year_page_shows_goals_kpis_and_their_official_lights(imported_cycle: Cycle) -> None:
    html = main(page(urls(imported_cycle)["year"]))
    assert "<h1>外交部 107年度施政績效報告</h1>" in html
    assert "<dd>第 1 版</dd>" in html and "<dd>108年3月19日</dd>" in html
    assert "<dd>90.21%</dd>" in html
    assert "（一）鞏固我與邦交國外交關係。</h3>" in html
    rows = PublicKpiYear.objects.filter(version__cycle=imported_cycle).order_by("position")
    assert rows.count() == 16
    for row in rows:
        assert f'<a href="/kpis/{row.kpi_id}/">{row.kpi_label} {row.kpi_name}</a>' in html
    capital = rows.get(kpi_name="機關年度資本門預算執行率")
    cell = html.split(f'<a href="/kpis/{capital.kpi_id}/">', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<td>(.*?)</td>", cell) == [
        '<span class="light light-yellow">▲ 黃燈</span>',
        "49.31%",
        "90%",
        "44.38%",
    ]


def test_the_year_page_never_shows_a_suggested_light_where_it_differs(
    imported_cycle: Cycle,
) -> None:
    html = main(page(urls(imported_cycle)["year"]))
    differing = []
    for row in PublicKpiYear.objects.filter(version__cycle=imported_cycle):
        kpi_year = KpiYear.objects.get(cycle_kpi__kpi_id=row.kpi_id, year=107)
        suggested = kpi_year_suggested_light(kpi_year).value
        if suggested != row.light:
            differing.append((row, suggested))
    assert differing, "the sample has KPIs whose official light is not the suggested one"
    for row, suggested in differing:
        cell = html.split(f'<a href="/kpis/{row.kpi_id}/">', 1)[1].split("</tr>", 1)[0]
        assert f"light-{row.light}" in cell and f"light-{suggested}" not in cell


def test_the_year_page_has_the_light_statistics_and_the_budget_trend(
    imported_cycle: Cycle,
) -> None:
    html = main(page(urls(imported_cycle)["year"]))
    assert "<td>13</td><td>81.25</td>" in html and "<td>3</td><td>18.75</td>" in html
    budget = html.split('<h2 id="budget">', 1)[1].split('<h2 id="downloads">', 1)[0]
    assert 'role="img"' in budget and '<title id="govperf-budget-title">' in budget
    assert (
        '<th scope="row" class="nowrap">104年度</th><td>24,327</td><td>23,790</td><td>97.79%</td>'
        in budget
    )


def test_the_year_page_links_the_downloads_chapters_and_versions(imported_cycle: Cycle) -> None:
    html = main(page(urls(imported_cycle)["year"]))
    ids = {"agency_id": imported_cycle.agency_id, "year": 107}
    for format in ("html", "pdf", "docx", "odt", "txt"):
        url = reverse("portal:latest_report_file", kwargs={**ids, "format": format})
        assert f'href="{url}"' in html
    for format in ("json", "csv.zip", "xlsx"):  # each link answers: the crawl follows them
        assert (
            f'href="{reverse("portal:latest_data_file", kwargs={**ids, "format": format})}"' in html
        )
    assert f'href="{reverse("portal:versions", kwargs=ids)}"' in html
    assert f'href="{reverse("portal:chapters", kwargs=ids)}"' in html
    html_url = reverse("portal:latest_report_file", kwargs={**ids, "format": "html"})
    assert html.index(f'href="{html_url}"') < html.index("report.pdf")


def test_the_chapters_page_has_a_table_of_contents_and_every_chapter(
    imported_cycle: Cycle,
) -> None:
    html = main(page(urls(imported_cycle)["chapters"]))
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    headings = re.findall(r'<a href="#chapter-(\w+)">(.*?)</a>', toc)
    assert [key for key, _ in headings] == [
        "preface",
        "budget",
        "goals",
        "achievements",
        "assessment",
        "recommendations",
        "closing",
    ]
    assert headings[0][1] == "壹、前言"
    for key, heading in headings:
        assert f'<h2 id="chapter-{key}">{heading}</h2>' in html
    assert "本部依循「踏實外交，互惠互助」理念" in html  # 前言's first paragraph
    assert "一、亞太事務：" in html  # 推動成果
    assert "本部遵示辦理。" in html  # an answer to last year's recommendation
    assert "<td>24,327</td>" in html and "7,288,976" in html  # budget and headcount tables
    assert "主因係駐洛杉磯辦事處館舍購置案" in html  # a shortfall's reason
    assert "績效衡量暨達成情形分析" in html and "107年來訪友邦元首及重要訪賓" in html
    assert 'id="headcount"' in html and 'id="program-costs"' in html
    assert 'id="recommendations"' in html
    assert html.count('role="img"') == 1  # the report's picture is the budget chart


@pytest.mark.parametrize("name", ["home", "agencies", "agency", "year", "chapters"])
def test_no_page_shows_internal_material_or_links_to_staff_pages(
    imported_cycle: Cycle, name: str
) -> None:
    html = main(page(urls(imported_cycle)[name]))
    found = [word for word in INTERNAL if word in html]
    assert found == []
    assert 'method="post"' not in html


@pytest.mark.parametrize(
    "url",
    [
        "/agencies/999999/",
        "/agencies/999999/107/",
        "/agencies/{agency}/106/",
        "/agencies/{agency}/99999/",
        "/agencies/999999/107/chapters/",
        "/agencies/{agency}/106/chapters/",
    ],
)
def test_an_unknown_agency_or_year_is_not_found(imported_cycle: Cycle, url: str) -> None:
    response = Client().get(url.format(agency=imported_cycle.agency_id))
    assert response.status_code == 404


def test_a_year_never_published_is_not_found(draft_cycle: Cycle) -> None:
    for name in ("agency", "year", "chapters"):
        assert Client().get(urls(draft_cycle)[name]).status_code == 404


def test_the_pages_read_in_english_with_chinese_data_marked(imported_cycle: Cycle) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    home = page("/", client)
    assert "Compare agencies" in home and "Open data" in home and "Search" in home
    assert '<span lang="zh-Hant">外交部</span>' in home
    assert "19 Mar 2019 (ROC 108)" in home
    year = main(page(urls(imported_cycle)["year"], client))
    assert "performance report, ROC year 107" in year
    assert "Version 1" in year and "Mean achievement" in year and "Budget trend" in year
    assert "★ Green" in year and "燈號統計" not in year
    assert '<span lang="zh-Hant">深化與友邦高層政要之情誼</span>' in year
    assert '<figure class="chart" lang="zh-Hant">' in year  # the report's own chart
    agency = main(page(urls(imported_cycle)["agency"], client))
    assert "ROC year 107: Green 13, Yellow 3, Red 0, White 0" in agency
    chapters = main(page(urls(imported_cycle)["chapters"], client))
    assert "Contents" in chapters and '<span lang="zh-Hant">壹、前言</span>' in chapters


STAFF_TO_PORTAL = [
    ("/cycles/{cycle}/", "/agencies/{agency}/107/"),
    ("/cycles/{cycle}/kpis/", "/agencies/{agency}/107/#kpis"),
    ("/cycles/{cycle}/budget/", "/agencies/{agency}/107/#budget"),
    ("/cycles/{cycle}/headcount/", "/agencies/{agency}/107/chapters/#headcount"),
    ("/cycles/{cycle}/program-costs/", "/agencies/{agency}/107/chapters/#program-costs"),
    ("/cycles/{cycle}/chapters/", "/agencies/{agency}/107/chapters/"),
    ("/cycles/{cycle}/recommendations/", "/agencies/{agency}/107/chapters/#recommendations"),
    ("/cycles/{cycle}/versions/", "/agencies/{agency}/107/versions/"),
    ("/kpi-years/{kpi_year}/", "/kpis/{kpi}/"),
]


@pytest.mark.parametrize(("staff", "portal"), STAFF_TO_PORTAL)
def test_the_public_is_sent_from_a_staff_page_to_its_portal_page(
    imported_cycle: Cycle, staff: str, portal: str
) -> None:
    kpi_year = KpiYear.objects.filter(cycle_kpi__cycle=imported_cycle, year=107).first()
    assert kpi_year is not None
    ids = {
        "cycle": imported_cycle.pk,
        "agency": imported_cycle.agency_id,
        "kpi_year": kpi_year.pk,
        "kpi": kpi_year.cycle_kpi.kpi_id,
    }
    response = Client().get(staff.format(**ids))
    assert response.status_code == 302
    assert response["Location"] == portal.format(**ids)


def test_a_signed_in_person_still_reads_the_staff_pages(
    imported_cycle: Cycle, django_user_model: Any
) -> None:
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    for staff, _portal in STAFF_TO_PORTAL[:-1]:
        url = staff.format(cycle=imported_cycle.pk)
        assert client.get(url).status_code == 200, url


def test_the_staff_pages_of_an_unpublished_cycle_ask_the_public_to_sign_in(
    draft_cycle: Cycle,
) -> None:
    for staff, _portal in STAFF_TO_PORTAL[:-1]:
        response = Client().get(staff.format(cycle=draft_cycle.pk))
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


def test_the_published_report_files_of_the_staff_routes_still_download(
    imported_cycle: Cycle,
) -> None:
    read = Client().get(f"/cycles/{imported_cycle.pk}/versions/1/read/")
    assert read.status_code == 200 and "108人次" in read.content.decode()
    assert Client().get(f"/cycles/{imported_cycle.pk}/versions/1/pdf/").status_code == 200


def test_a_portal_page_sets_no_cookie(imported_cycle: Cycle) -> None:
    first = Client().get(urls(imported_cycle)["year"])
    assert first.status_code == 200
    assert not first.cookies and "Set-Cookie" not in first.headers


# The query counts: each page rendered (the answer cache emptied) at two sizes of the national set.
PAGES = ("home", "agencies", "agency", "year", "chapters")


def _latest_cycle() -> Cycle:
    latest = PublicYear.objects.filter(is_latest=True).order_by("agency__name", "-year")[0]
    return Cycle.objects.get(agency_id=latest.agency_id, year=latest.year)


@pytest.fixture(scope="module")
def measured(django_db_setup: None, django_db_blocker: Any) -> dict[Size, dict[str, Measured]]:
    pages = {name: (lambda cycle, name=name: urls(cycle)[name]) for name in PAGES}
    return measure_both(django_db_blocker, pages, _latest_cycle)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_runs_the_same_queries_at_one_agency_as_at_five(
    measured: dict[Size, dict[str, Measured]], name: str
) -> None:
    assert_same_count(measured, name)
    assert measured[LARGE][name].count <= 5, "\n".join(measured[LARGE][name].sql)


def test_the_year_page_lists_files_without_reading_their_bytes(
    measured: dict[Size, dict[str, Measured]],
) -> None:
    sql = measured[LARGE]["year"].sql
    assert any("workflow_publishedfile" in q for q in sql)
    assert not [q for q in sql if re.search(r'"content"', q)]
