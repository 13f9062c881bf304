"""Accounts: sign-in locks after repeated failures, weak passwords are refused, idle sessions end."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from govperf.demo.people import PEOPLE
from govperf.web.signin import client_address

pytestmark = pytest.mark.django_db

User = get_user_model()
ROOT = Path(__file__).resolve().parents[2]
LOCKED = "登入失敗已達 5 次，此帳號暫時無法從這個位址登入（即使密碼正確）"


@pytest.fixture
def planning(db):  # type: ignore[no-untyped-def]
    return User.objects.create_user("planning", password="right-password-42")


def sign_in(client: Client, username: str, password: str, path: str = "/login/"):  # type: ignore[no-untyped-def]
    return client.post(path, {"username": username, "password": password})


def signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


# --- lockout ---------------------------------------------------------------------------------


@override_settings(AXES_ENABLED=True)
def test_after_five_wrong_passwords_even_the_right_one_is_refused(client: Client, planning) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        page = sign_in(client, "planning", "wrong")
        assert page.status_code == 200 and "帳號或密碼不正確" in page.content.decode()
    fifth = sign_in(client, "planning", "wrong")
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()
    right = sign_in(client, "planning", "right-password-42")
    assert right.status_code == 429
    assert LOCKED in right.content.decode() and "請於 15 分鐘後再試" in right.content.decode()
    assert signed_in_as(client) is None
    admin = sign_in(client, "planning", "right-password-42", path="/admin/login/")
    assert admin.status_code == 429 and signed_in_as(client) is None


@override_settings(AXES_ENABLED=True)
def test_the_lockout_is_told_in_english_to_an_english_visitor(client: Client, planning) -> None:  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = "en"
    for _ in range(5):
        page = sign_in(client, "planning", "wrong")
    assert page.status_code == 429
    assert "After 5 failed sign-ins" in page.content.decode()
    assert "even with the right password" in page.content.decode()


@override_settings(AXES_ENABLED=True)
def test_a_lockout_ends_after_the_cool_off_and_locks_only_that_account(
    client: Client, planning
) -> None:  # type: ignore[no-untyped-def]
    User.objects.create_user("minister", password="another-password-42")
    for _ in range(5):
        sign_in(client, "planning", "wrong")
    other = sign_in(client, "minister", "another-password-42")
    assert other.status_code == 302 and signed_in_as(client)
    client.post("/logout/")
    assert sign_in(client, "planning", "right-password-42").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "planning", "right-password-42").status_code == 302
    assert signed_in_as(client) == str(planning.pk)


# --- passwords -------------------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["1", "12345678901", "password123", "planning01"])
def test_a_short_numeric_common_or_username_like_password_is_refused(planning, weak: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        validate_password(weak, planning)


def test_changing_ones_password_to_1_is_refused_and_a_good_one_accepted(
    client: Client, planning
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(planning)
    data = {"old_password": "right-password-42", "new_password1": "1", "new_password2": "1"}
    page = client.post("/password/", data)
    text = page.content.decode()
    assert page.status_code == 200 and "密碼未變更" in text
    assert "密碼太短，必須至少 10 個字元" in text and "這個密碼只包含數字" in text
    planning.refresh_from_db()
    assert planning.check_password("right-password-42")
    good = "a-long-enough-passphrase"
    data |= {"new_password1": good, "new_password2": good}
    assert client.post("/password/", data).status_code == 302
    planning.refresh_from_db()
    assert planning.check_password(good)


def test_the_admin_refuses_to_create_an_account_with_password_1(client: Client) -> None:
    client.force_login(User.objects.create_superuser("root", password="root-password-42"))
    data = {"username": "newcomer", "password1": "1", "password2": "1", "usable_password": "true"}
    page = client.post("/admin/auth/user/add/", data)
    assert page.status_code == 200 and "密碼太短，必須至少 10 個字元" in page.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_the_changepassword_command_refuses_1(planning, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "1")
    with pytest.raises(CommandError, match="after 3 attempts"):
        call_command("changepassword", "planning", stdout=StringIO(), stderr=StringIO())
    planning.refresh_from_db()
    assert planning.check_password("right-password-42")


def test_the_demo_password_passes_the_validators_for_every_demo_account() -> None:
    for person in PEOPLE:
        validate_password("govperf-demo", User(username=person.username))


# --- idle timeout ----------------------------------------------------------------------------


def test_a_session_ends_after_thirty_idle_minutes_and_activity_renews_it(
    client: Client, planning
) -> None:  # type: ignore[no-untyped-def]
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(planning)
    session = Session.objects.get()
    # Ten minutes idle: the next page is served and the session runs 30 minutes from now.
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=20))
    assert client.get("/password/").status_code == 200
    session.refresh_from_db()
    assert session.expire_date > timezone.now() + timedelta(minutes=29)
    # Thirty-one minutes idle: signed out, a members' page sends to sign in.
    Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))
    page = client.get("/password/")
    assert page.status_code == 302 and page["Location"].startswith("/login/?next=")


# --- production settings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "told"), [("", "is not set"), ("short", "is too short (5 characters")]
)
def test_production_without_a_good_secret_key_says_what_to_set_and_how(key: str, told: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", "DJANGO_ALLOWED_HOSTS": "x"}
    if key:
        env["DJANGO_SECRET_KEY"] = key
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert f"ImproperlyConfigured: DJANGO_SECRET_KEY {told}" in done.stderr
    assert 'python -c "import secrets; print(secrets.token_urlsafe(64))"' in done.stderr


def test_behind_the_proxy_a_sign_in_counts_against_the_address_the_proxy_appended() -> None:
    spoofed = RequestFactory().post(
        "/login/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert client_address(spoofed) == "203.0.113.9"  # not the 1.2.3.4 the client wrote itself
    assert client_address(RequestFactory().post("/login/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
