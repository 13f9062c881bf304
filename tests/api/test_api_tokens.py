"""Personal API tokens: an agency's own system enters values as its person, with that person's
roles and no more; bad tokens are refused in JSON naming the problem; only a hash is stored."""

from __future__ import annotations

import hashlib
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from govperf.accounts.models import ApiToken
from govperf.accounts.tokens import api_token_create
from govperf.evaluation.models import Cycle, KpiYear

pytestmark = pytest.mark.django_db

HIGH_LEVEL = "深化與友邦高層政要之情誼"  # 亞太司's KPI


def own_year(cycle: Cycle, unit: str) -> KpiYear:
    return KpiYear.objects.filter(
        cycle_kpi__cycle=cycle, cycle_kpi__unit__name=unit, year=cycle.year
    ).order_by("pk")[0]


def token_of(people: dict[str, Any], username: str) -> str:
    return api_token_create(actor=people[username], name="填報系統")[1]


def send(
    method: str, path: str, token: str, body: dict[str, Any] | None = None, **extra: Any
) -> Any:
    client = Client(enforce_csrf_checks=True)  # a token needs no CSRF token
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", **extra}
    if method == "get":
        return client.get(f"/api/v1{path}", **headers)
    send_body = getattr(client, method)
    return send_body(f"/api/v1{path}", body or {}, content_type="application/json", **headers)


def test_a_token_enters_an_actual_as_its_person_without_csrf(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    token = token_of(people, "staff-asia")
    year = own_year(open_cycle, "亞太司")
    done = send("patch", f"/kpi-years/{year.pk}", token, {"version": 0, "actual": "120人次"})
    assert done.status_code == 200
    assert done.json()["actual"]["text"] == "120人次"
    assert not done.cookies
    record = year.history.first()
    assert record.history_user.username == "staff-asia"
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_has_exactly_its_persons_roles(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    staff = token_of(people, "staff-asia")
    other_unit = own_year(open_cycle, "國際組織司")
    assert send("get", f"/kpi-years/{other_unit.pk}", staff).status_code == 404
    body = {"version": 0, "actual": "1"}
    assert send("patch", f"/kpi-years/{other_unit.pk}", staff, body).status_code == 404
    refused = send("post", f"/cycles/{open_cycle.pk}/actions", staff, {"action": "close_entry"})
    assert refused.status_code in (403, 409)
    assert send("get", f"/cycles/{open_cycle.pk}/findings", staff).status_code == 403
    planning = token_of(people, "planning")
    assert send("get", f"/cycles/{open_cycle.pk}/findings", planning).status_code == 200
    seen = send("get", f"/cycles/{open_cycle.pk}/kpi-years?page_size=100", planning).json()
    assert {row["unit"] for row in seen["items"]} == {"亞太司", "國際組織司", "國際傳播司"}


def test_a_token_wins_over_a_session_and_gets_no_cookie(people, open_cycle, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["planning"])
    token = token_of(people, "staff-asia")
    seen = client.get(
        f"/api/v1/cycles/{open_cycle.pk}/kpi-years?page_size=100",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert {row["unit"] for row in seen.json()["items"]} == {"亞太司"}
    assert not seen.cookies
    assert "public" not in seen["Cache-Control"]


@pytest.mark.parametrize(
    ("header", "chinese", "english"),
    [
        ("Bearer gpt_not-a-real-token", "API 權杖不正確", "API token is not valid"),
        ("Bearer abc", "格式不正確", "not in the right form"),
        ("Basic dXNlcjpwYXNz", "Bearer", "Bearer"),
    ],
)
def test_a_bad_token_is_401_naming_the_problem_in_the_callers_language(
    imported_cycle: Cycle, header: str, chinese: str, english: str
) -> None:
    refused = Client().get("/api/v1/cycles", HTTP_AUTHORIZATION=header)
    assert refused.status_code == 401
    assert chinese in refused.json()["detail"]
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert not refused.cookies
    english_answer = Client().get(
        "/api/v1/cycles", HTTP_AUTHORIZATION=header, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8"
    )
    assert english in english_answer.json()["detail"]


def test_a_revoked_token_and_an_inactive_persons_token_are_refused(people, open_cycle) -> None:  # type: ignore[no-untyped-def]
    token = token_of(people, "staff-asia")
    assert send("get", "/cycles", token).status_code == 200
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    revoked = send("get", "/cycles", token)
    assert revoked.status_code == 401 and "已撤銷" in revoked.json()["detail"]
    other = token_of(people, "staff-io")
    people["staff-io"].is_active = False
    people["staff-io"].save()
    assert "停用" in send("get", "/cycles", other).json()["detail"]


def test_only_the_hash_of_a_token_is_stored(people) -> None:  # type: ignore[no-untyped-def]
    token, secret = api_token_create(actor=people["planning"], name="介接")
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert stored["digest"] == hashlib.sha256(secret.encode()).hexdigest()
    assert not [value for value in stored.values() if value == secret]
    assert secret.startswith(stored["prefix"]) and len(stored["prefix"]) < len(secret) / 4


def test_bad_tokens_past_the_limit_answer_429_and_a_good_one_still_works(
    people,
    open_cycle,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.GOVPERF_API_TOKEN_FAILURE_LIMIT = 3
    answers = [send("get", "/cycles", "gpt_wrong").status_code for _ in range(5)]
    assert answers == [401, 401, 401, 429, 429]
    limited = send("get", "/cycles", "gpt_wrong")
    assert int(limited["Retry-After"]) > 0 and limited.json()["detail"]
    assert send("get", "/cycles", token_of(people, "planning")).status_code == 200


def test_a_person_makes_sees_once_and_revokes_a_token_on_the_web(people, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["staff-asia"])
    assert "/account/tokens/" in client.get("/").content.decode()
    made = client.post("/account/tokens/", {"name": "本司填報系統"})
    assert made.status_code == 200
    secret = made.content.decode().split('<code id="token-secret">')[1].split("</code>")[0]
    assert send("get", "/cycles", secret).status_code == 200
    listed = client.get("/account/tokens/").content.decode()
    assert "本司填報系統" in listed and secret not in listed
    assert "no-store" in client.get("/account/tokens/")["Cache-Control"]
    token = ApiToken.objects.get()
    client.force_login(people["staff-io"])
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert send("get", "/cycles", secret).status_code == 200
    client.force_login(people["staff-asia"])
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert send("get", "/cycles", secret).status_code == 401
    assert "已於" in client.get("/account/tokens/").content.decode()


def test_a_nameless_token_is_refused_naming_the_field(people, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["staff-asia"])
    client.cookies["django_language"] = "en"
    refused = client.post("/account/tokens/", {"name": "  "})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Name the token" in page and 'aria-invalid="true"' in page
    assert not ApiToken.objects.exists()


def test_an_administrator_manages_tokens_from_the_command_line(people) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("api_token", "create", "--user", "planning", "--name", "研考系統", stdout=out)
    secret = out.getvalue().strip().splitlines()[-1]
    assert send("get", "/cycles", secret).status_code == 200
    out = StringIO()
    call_command("api_token", "list", "--user", "planning", stdout=out)
    token = ApiToken.objects.get()
    assert (
        f"{token.pk}\t{token.prefix}…\t研考系統" in out.getvalue() and secret not in out.getvalue()
    )
    call_command("api_token", "revoke", "--user", "planning", "--id", str(token.pk), stdout=out)
    assert send("get", "/cycles", secret).status_code == 401
