"""The KPI pages on the web: list, KPI page with history, edit with optimistic concurrency."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.services import kpi_year_assign_light
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司; target 95人次, actual 108人次
IO_KPI = "積極爭取參與我尚未參加之功能性政府間國際"  # 國際組織司
NGO = "協助我NGO進行國際交流"  # 國際組織司; sub-measures


def year_of(cycle: Cycle, name: str) -> KpiYear:
    return KpiYear.objects.get(
        cycle_kpi__cycle=cycle, cycle_kpi__kpi__name__startswith=name, year=cycle.year
    )


@pytest.fixture
def open_cycle(people, draft_cycle) -> Cycle:  # type: ignore[no-untyped-def]
    return open_year(people["planning"], draft_cycle)


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password="pw")
    return client


def form_data(year: KpiYear, **typed: str) -> dict[str, str]:
    data = {
        "version": str(year.version),
        "actual_text": year.actual_text,
        "analysis": year.analysis,
        "missed_reason": year.missed_reason,
        "reason": "",
    }
    return data | typed


def test_the_list_shows_own_unit_kpis_with_lights_and_edit_links(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    page = signed_in("staff-asia").get(f"/cycles/{open_cycle.pk}/kpis/").content.decode()
    year = year_of(open_cycle, HIGH_LEVEL)
    assert HIGH_LEVEL in page and "95人次" in page and "108人次" in page
    assert "★ 綠燈" in page
    assert f"/kpi-years/{year.pk}/edit/" in page
    assert IO_KPI not in page
    asia = year.cycle_kpi.unit
    assert f"/cycles/{open_cycle.pk}/units/{asia.pk}/bulk/" in page


def test_a_reader_sees_a_published_cycles_list_without_edit_links(
    client, imported_cycle, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    page = client.get(f"/cycles/{imported_cycle.pk}/kpis/").content.decode()
    assert HIGH_LEVEL in page and IO_KPI in page and "/edit/" not in page


def test_staff_save_shows_in_the_history_with_who_and_reason(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    staff = signed_in("staff-asia")
    response = staff.post(
        f"/kpi-years/{year.pk}/edit/",
        form_data(year, actual_text="110人次", analysis="新的分析", reason="更新年底數字"),
    )
    assert response.status_code == 302
    page = staff.get(f"/kpi-years/{year.pk}/").content.decode()
    history = page.split('id="history"')[1]
    assert "staff-asia" in history and "更新年底數字" in history
    assert "108人次" in history and "110人次" in history and "新的分析" in history


def test_a_light_assigned_appears_in_the_history(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    Cycle.objects.filter(pk=open_cycle.pk).update(state=Cycle.State.INITIAL_REVIEW)
    year = year_of(Cycle.objects.get(pk=open_cycle.pk), HIGH_LEVEL)
    kpi_year_assign_light(
        actor=people["planning"], kpi_year=year, stage="initial", light=Light.YELLOW,
        reason="外館回報數字待查證",
    )  # fmt: skip
    history = signed_in("planning").get(f"/kpi-years/{year.pk}/").content.decode()
    history = history.split('id="history"')[1]
    assert "初核燈號" in history and "外館回報數字待查證" in history and "planning" in history


def test_concurrent_edit_refuses_the_second_save_and_keeps_its_input(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    first, second = signed_in("staff-asia"), signed_in("planning")
    assert first.get(f"/kpi-years/{year.pk}/edit/").status_code == 200
    assert second.get(f"/kpi-years/{year.pk}/edit/").status_code == 200
    assert (
        first.post(
            f"/kpi-years/{year.pk}/edit/", form_data(year, actual_text="120人次")
        ).status_code
        == 302
    )
    typed = form_data(year, actual_text="99人次", analysis="研考改寫的分析")
    refused = second.post(f"/kpi-years/{year.pk}/edit/", typed)
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "已被他人修改" in page and "staff-asia" in page and "120人次" in page
    assert 'value="99人次"' in page and "研考改寫的分析" in page
    assert re.search(r'name="version" value="1"', page)
    year.refresh_from_db()
    assert year.actual_text == "120人次"
    again = second.post(f"/kpi-years/{year.pk}/edit/", typed | {"version": "1"})
    assert again.status_code == 302
    year.refresh_from_db()
    assert year.actual_text == "99人次" and year.version == 2


def test_a_save_after_publication_is_refused_on_the_web(people, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    year = year_of(draft_cycle, HIGH_LEVEL)
    for who in ("planning", "staff-asia"):
        response = signed_in(who).post(
            f"/kpi-years/{year.pk}/edit/", form_data(year, actual_text="1人次")
        )
        assert response.status_code == 403
        assert "已公告" in response.content.decode()
    year.refresh_from_db()
    assert year.actual_text == "108人次" and year.version == 0


def test_another_units_kpi_is_not_found_and_forged_fields_change_nothing(
    people, open_cycle
) -> None:  # type: ignore[no-untyped-def]
    staff = signed_in("staff-asia")
    io_year = year_of(open_cycle, IO_KPI)
    assert staff.get(f"/kpi-years/{io_year.pk}/").status_code == 404
    assert staff.get(f"/kpi-years/{io_year.pk}/edit/").status_code == 404
    assert (
        staff.post(
            f"/kpi-years/{io_year.pk}/edit/", form_data(io_year, actual_text="1次")
        ).status_code
        == 404
    )
    ngo_sub = year_of(open_cycle, NGO).sub_measures.first()
    own = year_of(open_cycle, HIGH_LEVEL)
    forged = form_data(own, **{f"sub_{ngo_sub.pk}": "999件", "target_text": "1人次"})
    assert staff.post(f"/kpi-years/{own.pk}/edit/", forged).status_code == 302
    ngo_sub.refresh_from_db()
    own.refresh_from_db()
    io_year.refresh_from_db()
    assert ngo_sub.actual_text != "999件" and own.target_text == "95人次"
    assert io_year.actual_text == "562次"


def test_the_head_and_other_roles_may_read_but_not_edit(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    head = signed_in("head-asia")
    assert head.get(f"/kpi-years/{year.pk}/").status_code == 200
    refused = head.get(f"/kpi-years/{year.pk}/edit/")
    assert refused.status_code == 403 and "承辦人" in refused.content.decode()


def test_the_kpi_page_renders_in_english(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    client = signed_in("staff-asia")
    client.cookies["django_language"] = "en"
    year = year_of(open_cycle, HIGH_LEVEL)
    page = client.get(f"/kpi-years/{year.pk}/").content.decode()
    assert "Change history" in page and "Evidence files" in page and "Actual value" in page
    listing = client.get(f"/cycles/{open_cycle.pk}/kpis/").content.decode()
    assert "Suggested light" in listing


def test_the_live_preview_shows_achievement_and_light_without_saving(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    year = year_of(open_cycle, HIGH_LEVEL)
    staff = signed_in("staff-asia")
    page = staff.post(
        f"/kpi-years/{year.pk}/preview/",
        form_data(year, actual_text="76人次"),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "80" in page and "▲ 黃燈" in page and "<html" not in page
    bad = staff.post(f"/kpi-years/{year.pk}/preview/", form_data(year, actual_text="很多"))
    assert "不是數值" in bad.content.decode()
    year.refresh_from_db()
    assert year.actual_text == "108人次" and year.version == 0


def test_a_summed_kpis_actual_comes_from_its_sub_measures_only(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    ngo = year_of(open_cycle, NGO)
    first = ngo.sub_measures.order_by("position").first()
    staff = signed_in("staff-io")
    assert "disabled" in staff.get(f"/kpi-years/{ngo.pk}/edit/").content.decode()
    subs = {f"sub_{sub.pk}": sub.actual_text for sub in ngo.sub_measures.all()}
    typed = form_data(ngo, actual_text="1次", **(subs | {f"sub_{first.pk}": "200件"}))
    assert staff.post(f"/kpi-years/{ngo.pk}/edit/", typed).status_code == 302
    ngo.refresh_from_db()
    assert ngo.actual_value == 299 - int(first.actual_value) + 200
