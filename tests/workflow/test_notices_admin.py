"""The notices in the admin: a superuser lists and reads them, and can add, change or delete none."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from govperf.evaluation.models import Cycle, KpiYear
from govperf.evaluation.targets import target_revision_decide, target_revision_request
from govperf.workflow.models import Notice
from tests.workflow.helpers import client_for, open_year

pytestmark = pytest.mark.django_db
LIST = "/admin/workflow/notice/"


@pytest.fixture
def notice(people: dict[str, Any], draft_cycle: Cycle) -> Notice:
    """The notice a rejected target revision writes to the unit that asked for it."""
    open_year(people["planning"], draft_cycle)
    year = KpiYear.objects.filter(
        cycle_kpi__cycle=draft_cycle, cycle_kpi__unit__name="亞太司", year=draft_cycle.year
    ).first()
    assert year is not None
    revision = target_revision_request(
        actor=people["staff-asia"], kpi_year=year, revised_text="50人次", reason="預算刪減"
    )
    target_revision_decide(
        actor=people["planning"], revision=revision, approve=False, note="理由不足以修正"
    )
    return Notice.objects.filter(recipient=people["staff-asia"]).get()


@pytest.fixture
def superuser() -> Any:
    return get_user_model().objects.create_superuser(username="root", password="x")


def test_a_superuser_lists_filters_and_reads_notices(superuser: Any, notice: Notice) -> None:
    admin = client_for(superuser)
    listing = admin.get(LIST)
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "staff-asia" in text and notice.get_kind_display() in text
    unread = admin.get(LIST, {"kind": "revision_rejected", "read_at__isempty": "1"})
    assert f"/admin/workflow/notice/{notice.pk}/change/" in unread.content.decode()
    assert "staff-asia" not in admin.get(LIST, {"kind": "dispute"}).content.decode()
    found = admin.get(LIST, {"q": "理由不足以修正"}).content.decode()
    assert f"/admin/workflow/notice/{notice.pk}/change/" in found
    page = admin.get(f"{LIST}{notice.pk}/change/")
    assert page.status_code == 200 and "理由不足以修正" in page.content.decode()


def test_a_superuser_adds_changes_and_deletes_no_notice(superuser: Any, notice: Notice) -> None:
    admin = client_for(superuser)
    before = list(Notice.objects.values())
    assert admin.get(f"{LIST}add/").status_code == 403
    assert admin.post(f"{LIST}add/", {"text": "x"}).status_code == 403
    changed = admin.post(f"{LIST}{notice.pk}/change/", {"text": "改寫", "kind": "dispute"})
    assert changed.status_code == 403
    assert admin.post(f"{LIST}{notice.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [notice.pk], "post": "yes"}
    admin.post(LIST, bulk)
    assert list(Notice.objects.values()) == before
    page = admin.get(f"{LIST}{notice.pk}/change/").content.decode()
    assert 'name="_save"' not in page and "/delete/" not in page
