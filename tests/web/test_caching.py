"""Anonymous public pages set no cookie and may be cached; signed-in pages are never kept."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from django.test import Client

from govperf.evaluation.models import Cycle
from govperf.workflow.models import PublicSnapshot, PublicYear

pytestmark = pytest.mark.django_db


def public_urls(cycle: Cycle) -> list[str]:
    year = f"/agencies/{cycle.agency_id}/{cycle.year}/"
    return [
        "/",
        "/agencies/",
        f"/agencies/{cycle.agency_id}/",
        year,
        f"{year}chapters/",
        f"/cycles/{cycle.pk}/versions/1/read/",
        f"/cycles/{cycle.pk}/versions/1/pdf/",
        f"/cycles/{cycle.pk}/versions/1/odt/",
    ]


def year_url(cycle: Cycle) -> str:
    """The portal's page of the cycle's published year (the public's page of a cycle)."""
    return f"/agencies/{cycle.agency_id}/{cycle.year}/"


def test_anonymous_public_pages_set_no_cookie_and_may_be_cached(imported_cycle: Cycle) -> None:
    for url in public_urls(imported_cycle):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, response.cookies)
        assert "Set-Cookie" not in response.headers, url
        assert response["Cache-Control"] == "public, max-age=60", url
        assert response.has_header("ETag"), url
        assert "Content-Security-Policy" in response.headers, url


def test_a_repeated_request_with_the_etag_is_answered_304_without_the_page(
    imported_cycle: Cycle,
) -> None:
    client = Client()
    first = client.get(year_url(imported_cycle))
    again = client.get(year_url(imported_cycle), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(year_url(imported_cycle), HTTP_IF_NONE_MATCH='"not-this-page"')
    assert other.status_code == 200


def test_english_is_cached_apart_from_chinese(imported_cycle: Cycle) -> None:
    chinese = Client().get("/")
    client = Client()
    client.cookies["django_language"] = "en"
    english = client.get("/")
    assert "Sign in" in english.content.decode()
    assert english["Cache-Control"] == "public, max-age=60"
    assert english["ETag"] != chinese["ETag"]
    for response in (chinese, english):
        assert "Cookie" in response["Vary"]  # a browser that switches is not shown the other copy


def test_signed_in_pages_are_private_and_not_stored(
    imported_cycle: Cycle, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    for url in public_urls(imported_cycle):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
        assert not response.has_header("ETag"), url


def test_the_sign_in_page_and_redirects_are_not_stored(imported_cycle: Cycle) -> None:
    client = Client()
    login = client.get("/login/")
    assert "csrftoken" in login.cookies  # its form needs one
    assert "no-store" in login["Cache-Control"]
    to_login = client.get(f"/cycles/{imported_cycle.pk}/deadlines/")
    assert to_login.status_code in (302, 405)
    assert "no-store" in to_login["Cache-Control"]
    assert "no-store" in client.get("/no-such-page/")["Cache-Control"]


def test_an_api_request_with_credentials_is_never_public(imported_cycle: Cycle) -> None:
    response = Client().get("/api/v1/cycles", HTTP_AUTHORIZATION="Bearer something")
    assert "public" not in response.get("Cache-Control", "")


def test_the_language_switch_is_a_get_that_needs_no_csrf_cookie(imported_cycle: Cycle) -> None:
    client = Client(enforce_csrf_checks=True)
    url = year_url(imported_cycle)
    page = client.get(url).content.decode()
    assert 'method="get" action="/language/"' in page
    assert 'name="language" value="en"' in page
    switched = client.get("/language/", {"language": "en", "next": url})
    assert switched.status_code == 302
    assert switched["Location"] == url
    assert switched.cookies["django_language"].value == "en"
    english = client.get(url).content.decode()
    assert '<html lang="en">' in english
    back = client.get("/language/", {"language": "zh-hant", "next": "/"})
    assert back.cookies["django_language"].value == "zh-hant"
    assert '<html lang="zh-Hant-TW">' in client.get("/").content.decode()


def test_the_language_switch_goes_back_only_to_this_site(imported_cycle: Cycle) -> None:
    client = Client()
    switched = client.get("/language/", {"language": "en", "next": "https://evil.example/"})
    assert switched["Location"] == "/"
    unknown = client.get("/language/", {"language": "fr", "next": "/"})
    assert "django_language" not in unknown.cookies


def test_the_policy_allows_no_inline_script_or_style_but_the_reports_own(
    imported_cycle: Cycle,
) -> None:
    policy = Client().get(year_url(imported_cycle))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    read = Client().get(f"/cycles/{imported_cycle.pk}/versions/1/read/")
    style = re.search(rb"<style>(.*?)</style>", read.content, re.DOTALL)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1)).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in read["Content-Security-Policy"]
    assert "unsafe-inline" not in read["Content-Security-Policy"]


def test_the_public_year_page_is_kept_per_version_and_a_publication_shows_at_once(
    imported_cycle: Cycle, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    url = year_url(imported_cycle)
    first = Client().get(url).content
    with django_assert_max_num_queries(1):  # the published state, for the key; not the page
        kept = Client().get(url)
    assert kept.content == first
    assert Client(HTTP_ACCEPT_LANGUAGE="en").get(url).content == first
    english = Client()
    english.cookies["django_language"] = "en"
    assert "Sign in" in english.get(url).content.decode()  # kept apart, per language

    correction_publish(imported_cycle, reason="更正第二版")
    page = Client().get(url).content.decode()
    assert "更正第二版" not in first.decode()
    assert "第 2 版" in page and "更正第二版" in page


def correction_publish(cycle: Cycle, *, reason: str) -> None:
    """What a correction's publication stores for the public, by hand: version 2 with its
    snapshot and year summary, now the latest."""
    version = cycle.versions.get()
    snapshot, year = version.snapshot, version.public_year
    version.pk, version.number, version.reason = None, 2, reason
    version.save()
    PublicYear.objects.filter(pk=year.pk).update(is_latest=False)
    year.pk, year.version, year.number = None, version, 2
    year.save()
    document = {**snapshot.document, "version": {**snapshot.document["version"], "number": 2}}
    document["version"]["reason"] = reason
    PublicSnapshot.objects.create(version=version, document=document)


def test_a_signed_in_person_is_never_served_the_kept_public_page(
    imported_cycle: Cycle, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    url = year_url(imported_cycle)
    Client().get(url)
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader", password="pw-reader-1"))
    assert "reader" in client.get(url).content.decode()
