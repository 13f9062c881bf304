"""Who reaches each KPI entry route: every demo account and the anonymous visitor, by status."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from govperf.agencies.models import Unit
from govperf.evaluation.evidence import evidence_upload
from govperf.evaluation.models import KpiYear
from govperf.evaluation.targets import target_revision_request
from tests.workflow.helpers import open_year

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # owned by 亞太司
ACCOUNTS = (
    "anonymous", "planning", "minister", "accounting", "personnel", "reviewer", "administrator",
    "staff-asia", "head-asia", "staff-io", "head-io", "staff-ic", "head-ic",
)  # fmt: skip

# Expected status per route in an OPEN cycle, for the 亞太司 KPI, in the order of ACCOUNTS.
# 404: the selector does not reach it (another unit, or a role that reads no drafts);
# 403: reached but not allowed; 302: sent to sign in (the public reads published data on the
# portal, evidence never), or done and redirected.
MATRIX = {
    ("get", "kpi_list"): (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("get", "kpi"): (302, 200, 200, 404, 404, 200, 404, 200, 200, 404, 404, 404, 404),
    ("get", "kpi_edit"): (302, 200, 403, 404, 404, 403, 404, 200, 403, 404, 404, 404, 404),
    ("post", "kpi_preview"): (302, 200, 403, 404, 404, 403, 404, 200, 403, 404, 404, 404, 404),
    ("get", "evidence_download"): (302, 200, 200, 404, 404, 200, 404, 200, 200, 404, 404, 404, 404),
    ("post", "evidence_upload"): (302, 302, 403, 404, 404, 403, 404, 302, 403, 404, 404, 404, 404),
    ("post", "evidence_withdraw"): (302, 302, 403, 404, 404, 403, 404, 302, 403, 404, 404, 404, 404),
    ("get", "target_revision_new"): (302, 200, 403, 404, 404, 403, 404, 200, 403, 404, 404, 404, 404),
    ("get", "target_revisions"): (302, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    ("get", "target_revision_decide"): (302, 200, 403, 404, 404, 403, 404, 403, 403, 404, 404, 404, 404),
    ("get", "bulk"): (302, 200, 403, 403, 403, 403, 403, 200, 403, 404, 404, 404, 404),
    ("get", "bulk_form"): (302, 200, 403, 403, 403, 403, 403, 200, 403, 404, 404, 404, 404),
    ("get", "plan"): (302, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    ("get", "plan_kpi_new"): (302, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    ("get", "plan_kpi_edit"): (302, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    ("post", "plan_preview"): (302, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    ("post", "plan_goal_new"): (302, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
}  # fmt: skip


@pytest.fixture
def urls(people, draft_cycle, settings, tmp_path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    cycle = open_year(people["planning"], draft_cycle)
    year = KpiYear.objects.get(
        cycle_kpi__cycle=cycle, cycle_kpi__kpi__name=HIGH_LEVEL, year=cycle.year
    )
    evidence = evidence_upload(
        actor=people["staff-asia"], kpi_year=year, upload=SimpleUploadedFile("a.pdf", b"%PDF")
    )
    revision = target_revision_request(
        actor=people["staff-asia"], kpi_year=year, revised_text="100人次", reason="x"
    )
    unit = Unit.objects.get(agency=cycle.agency, name="亞太司")
    return {
        "kpi_list": f"/cycles/{cycle.pk}/kpis/",
        "kpi": f"/kpi-years/{year.pk}/",
        "kpi_edit": f"/kpi-years/{year.pk}/edit/",
        "kpi_preview": f"/kpi-years/{year.pk}/preview/",
        "evidence_download": f"/evidence/{evidence.pk}/",
        "evidence_upload": f"/kpi-years/{year.pk}/evidence/new/",
        "evidence_withdraw": f"/evidence/{evidence.pk}/withdraw/",
        "target_revision_new": f"/kpi-years/{year.pk}/target-revisions/new/",
        "target_revisions": f"/cycles/{cycle.pk}/target-revisions/",
        "target_revision_decide": f"/target-revisions/{revision.pk}/decide/",
        "bulk": f"/cycles/{cycle.pk}/units/{unit.pk}/bulk/",
        "bulk_form": f"/cycles/{cycle.pk}/units/{unit.pk}/form.xlsx",
        "plan": f"/cycles/{cycle.pk}/plan/",
        "plan_kpi_new": f"/cycles/{cycle.pk}/plan/kpis/new/",
        "plan_kpi_edit": f"/cycles/{cycle.pk}/plan/kpis/{year.cycle_kpi_id}/",
        "plan_preview": f"/cycles/{cycle.pk}/plan/preview/",
        "plan_goal_new": f"/cycles/{cycle.pk}/plan/goals/new/",
    }


def test_every_route_answers_each_account_as_expected(urls) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    assert reverse("evaluation:kpi_list", args=[1]) == "/cycles/1/kpis/"
    wrong = []
    for (method, name), expected in MATRIX.items():
        for account, status in zip(ACCOUNTS, expected, strict=True):
            client = Client()
            if account != "anonymous":
                assert client.login(username=account, password="pw")
            got = getattr(client, method)(urls[name]).status_code
            if got != status:
                wrong.append((name, account, status, got))
    assert wrong == []


def test_the_matrix_covers_every_evaluation_route() -> None:
    from govperf.evaluation.urls import urlpatterns

    assert {pattern.name for pattern in urlpatterns} == {name for _, name in MATRIX}


def test_the_public_reads_a_published_kpi_on_the_portal(client, imported_cycle) -> None:  # type: ignore[no-untyped-def]
    year = KpiYear.objects.filter(cycle_kpi__cycle=imported_cycle).first()
    page = client.get(f"/kpi-years/{year.pk}/")
    assert page["Location"] == f"/kpis/{year.cycle_kpi.kpi_id}/"
    assert client.get(f"/kpi-years/{year.pk}/edit/")["Location"].startswith("/login/")
