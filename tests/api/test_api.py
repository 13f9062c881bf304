"""What API callers see and do: scoped reads, workflow steps, refusals in JSON, CSRF."""

from __future__ import annotations

import pytest
from django.test import Client

from govperf.domain.lights import Light
from govperf.evaluation.models import Cycle, KpiYear
from govperf.workflow.models import UnitSubmission
from govperf.workflow.review import kpi_year_re_review

pytestmark = pytest.mark.django_db


def kpi_year_of(cycle: Cycle, unit: str) -> KpiYear:
    return KpiYear.objects.filter(cycle_kpi__cycle=cycle, cycle_kpi__unit__name=unit).first()  # type: ignore[return-value]


def test_unit_staff_list_only_their_units_kpi_years_while_in_progress(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    rows = call("staff-io", "get", f"/cycles/{open_cycle.pk}/kpi-years").json()["items"]
    assert rows and {row["unit"] for row in rows} == {"國際組織司"}
    everything = call("planning", "get", f"/cycles/{open_cycle.pk}/kpi-years?page_size=100").json()[
        "items"
    ]
    assert {row["unit"] for row in everything} == {"亞太司", "國際組織司", "國際傳播司"}


def test_the_public_reads_every_kpi_year_of_a_published_cycle(call, draft_cycle) -> None:  # type: ignore[no-untyped-def]
    Cycle.objects.filter(pk=draft_cycle.pk).update(state=Cycle.State.PUBLISHED)
    rows = call("anonymous", "get", f"/cycles/{draft_cycle.pk}/kpi-years?year=107").json()["items"]
    first = rows[0]
    assert first["year"] == 107
    assert first["target"] == {"text": "95人次", "value": "95", "unit": "人次"}
    assert call("anonymous", "get", f"/kpi-years/{first['id']}").status_code == 200


def test_another_units_kpi_year_is_not_found_by_id(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    asia = kpi_year_of(open_cycle, "亞太司")
    refused = call("staff-io", "get", f"/kpi-years/{asia.pk}")
    assert refused.status_code == 404
    assert "找不到此指標年度值" in refused.json()["detail"]
    own = call("staff-asia", "get", f"/kpi-years/{asia.pk}").json()
    assert own["kpi"] == asia.cycle_kpi.kpi.name and own["cycle_id"] == open_cycle.pk


def test_a_refused_step_answers_with_the_services_message(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    refused = call(
        "planning", "post", f"/cycles/{open_cycle.pk}/actions", {"action": "close_entry"}
    )
    assert refused.status_code == 409
    assert "尚有單位的填報未經主管簽核" in refused.json()["detail"]
    by_role = call("staff-asia", "post", f"/cycles/{open_cycle.pk}/actions", {"action": "approve"})
    assert by_role.status_code == 409  # wrong state comes first: approve is for 陳核中
    unknown = call("planning", "post", f"/cycles/{open_cycle.pk}/actions", {"action": "fly"})
    assert unknown.status_code == 422


def test_a_step_needing_a_reason_without_one_is_400(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    submission = UnitSubmission.objects.get(cycle=open_cycle, unit__name="亞太司")
    path = f"/submissions/{submission.pk}/actions"
    assert call("staff-asia", "post", path, {"action": "submit"}).status_code == 200
    refused = call("head-asia", "post", path, {"action": "return"})
    assert refused.status_code == 400
    assert "必須填寫理由" in refused.json()["detail"]
    done = call("head-asia", "post", path, {"action": "return", "reason": "請補佐證"})
    assert done.json()["state"] == "draft"
    submission.refresh_from_db()
    latest = submission.history.first()
    assert latest.history_change_reason == "請補佐證"
    assert latest.history_user.username == "head-asia"


def test_a_cycle_step_returns_the_cycle(call, open_cycle) -> None:  # type: ignore[no-untyped-def]
    for submission in UnitSubmission.objects.filter(cycle=open_cycle):
        submission.state = "signed_off"
        submission.save()
    done = call("planning", "post", f"/cycles/{open_cycle.pk}/actions", {"action": "close_entry"})
    assert done.status_code == 200
    assert done.json()["state"] == "initial_review"
    assert len(done.json()["submissions"]) == 3


def test_a_post_without_csrf_token_is_refused(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["staff-asia"])
    submission = UnitSubmission.objects.get(cycle=open_cycle, unit__name="亞太司")
    path = f"/api/v1/submissions/{submission.pk}/actions"
    body = {"action": "submit"}
    refused = client.post(path, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    submission.refresh_from_db()
    assert submission.state == "draft"
    client.get("/")
    token = client.cookies["csrftoken"].value
    done = client.post(path, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert done.status_code == 200


def test_schema_and_docs_are_served(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/cycles/{cycle_id}/kpi-years" in schema["paths"]
    assert "/api/v1/submissions/{submission_id}/actions" in schema["paths"]
    assert {"get", "patch"} <= set(schema["paths"]["/api/v1/kpi-years/{kpi_year_id}"])
    assert client.get("/api/v1/docs").status_code == 200


def test_a_kpi_year_reads_the_initial_and_the_re_review_reasons_apart(
    call, open_cycle, people
) -> None:  # type: ignore[no-untyped-def]
    year = kpi_year_of(open_cycle, "亞太司")
    year = KpiYear.objects.get(cycle_kpi=year.cycle_kpi, year=open_cycle.year)
    Cycle.objects.filter(pk=open_cycle.pk).update(state=Cycle.State.REVISION)
    KpiYear.objects.filter(pk=year.pk).update(tier="executive", light_reason="研考的理由")
    year.refresh_from_db()
    kpi_year_re_review(
        actor=people["reviewer"], kpi_year=year, light=Light.RED, reason="複核的理由"
    )
    read = call("planning", "get", f"/kpi-years/{year.pk}").json()
    assert read["review_light"] == "red"
    assert (read["light_reason"], read["review_light_reason"]) == ("研考的理由", "複核的理由")
