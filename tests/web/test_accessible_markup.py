"""What a screen reader and a phone get from the markup: Chinese data marked as Chinese on an
English page, wide tables in labelled regions that scroll, no empty table header."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from govperf.web.templatetags.govperf import zh

pytestmark = pytest.mark.django_db

KPI = "深化與友邦高層政要之情誼"


@pytest.fixture
def reader(client: Client, django_user_model) -> Client:  # type: ignore[no-untyped-def]
    """Signed in, of no agency: reads a published cycle's staff pages as they stand (the
    public is sent to the portal's pages)."""
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    return client


def english(client: Client) -> Client:
    client.get("/language/", {"language": "en", "next": "/"})
    return client


def test_chinese_data_is_marked_on_an_english_page_only() -> None:
    with translation.override("en"):
        assert zh("外交部") == '<span lang="zh-Hant">外交部</span>'
        assert zh("95%") == "95%"  # nothing to mark
        assert zh("<b>外交部</b>") == '<span lang="zh-Hant">&lt;b&gt;外交部&lt;/b&gt;</span>'
    with translation.override("zh-hant"):
        assert zh("外交部") == "外交部"  # the page itself is zh-Hant


def test_the_kpi_list_in_english_marks_names_and_has_no_empty_header(
    reader: Client,
    imported_cycle,  # type: ignore[no-untyped-def]
) -> None:
    page = english(reader).get(f"/cycles/{imported_cycle.pk}/kpis/").content.decode()
    assert '<html lang="en">' in page
    assert f'<span lang="zh-Hant">{KPI}</span>' in page
    assert re.search(r"<th[^>]*>\s*</th>", page) is None
    regions = re.findall(
        r'class="table-scroll" role="region" tabindex="0" aria-label="(.+?)"', page
    )
    assert regions[0] == "（一）鞏固我與邦交國外交關係。"  # each goal's table, named by its goal


def test_a_readers_kpi_list_has_no_column_of_entry_links(reader: Client, imported_cycle) -> None:  # type: ignore[no-untyped-def]
    page = reader.get(f"/cycles/{imported_cycle.pk}/kpis/").content.decode()
    assert KPI in page
    assert ">填報<" not in page


@pytest.mark.parametrize("table", ["budget", "headcount", "program-costs"])
def test_finance_tables_scroll_in_a_region_and_head_no_row_with_nothing(
    reader: Client,
    imported_cycle,  # type: ignore[no-untyped-def]
    table: str,
) -> None:
    page = reader.get(f"/cycles/{imported_cycle.pk}/{table}/").content.decode()
    assert 'class="table-scroll" role="region" tabindex="0"' in page
    headers = re.findall(r"<th[^>]*>(.*?)</th>", page, flags=re.S)
    assert headers and all(header.replace("\xa0", "").strip() for header in headers)
