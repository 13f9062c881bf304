"""Traditional Chinese first, English available: the frame and every domain label."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from govperf.domain import lights, workflow

DOMAIN_LABELS = [
    *workflow.ROLE_LABELS_ZH.values(),
    *workflow.CYCLE_STATE_LABELS_ZH.values(),
    *workflow.CYCLE_ACTION_LABELS_ZH.values(),
    *workflow.SUBMISSION_STATE_LABELS_ZH.values(),
    *workflow.SUBMISSION_ACTION_LABELS_ZH.values(),
    *workflow.GUARD_LABELS_ZH.values(),
    *workflow.PERMISSION_LABELS_ZH.values(),
    *lights.LABELS_ZH.values(),
]


@pytest.mark.parametrize("label", DOMAIN_LABELS)
def test_every_domain_label_has_an_english_name(label: str) -> None:
    with translation.override("en"):
        english = translation.gettext(label)
    assert english != label
    assert english.isascii()


@pytest.mark.django_db
def test_the_home_page_is_chinese_first_and_english_on_request(client: Client) -> None:
    chinese = client.get("/").content.decode()
    assert '<html lang="zh-Hant-TW">' in chinese
    assert "尚無已公告的報告。" in chinese
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    assert '<html lang="en">' in english
    assert "No report has been published yet." in english
    assert "繁體中文" in english  # the way back


@pytest.mark.django_db
def test_choosing_a_language_sticks(client: Client) -> None:
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Sign in" in client.get("/").content.decode()


def test_a_light_reads_as_symbol_and_word_in_either_language() -> None:
    from govperf.web.templatetags.govperf import light

    with translation.override("zh-hant"):
        assert light("green") == '<span class="light light-green">★ 綠燈</span>'
    with translation.override("en"):
        assert light("red") == '<span class="light light-red">● Red</span>'
    assert light("") == ""


CATALOGS = sorted(
    Path(__file__).resolve().parents[2].glob("govperf/**/locale/en/LC_MESSAGES/django.po")
)


def po_entries(path: Path) -> dict[object, str]:
    """The entries of a .po file as `gettext` keys them: msgid, or (msgid, n) for plural forms."""
    entries: dict[object, str] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("msg"):
                key, _, rest = line.partition(" ")
                fields[key] = ast.literal_eval(rest)
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        msgid = fields.get("msgid", "")
        if not msgid:
            continue  # the header, or an obsolete entry
        if "msgid_plural" in fields:
            forms = sorted(k for k in fields if k.startswith("msgstr["))
            entries.update({(msgid, int(k[7:-1])): fields[k] for k in forms})
        else:
            entries[msgid] = fields.get("msgstr", "")
    return entries


def test_there_is_a_catalog_per_app_with_pages() -> None:
    apps = {path.parts[-5] for path in CATALOGS}
    assert {"web", "evaluation", "workflow", "finance", "narrative", "govperf"} <= apps


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-5])
def test_every_message_is_translated_and_compiled(catalog: Path) -> None:
    entries = po_entries(catalog)
    assert entries
    assert [key for key, msgstr in entries.items() if not msgstr] == []
    assert "#, fuzzy" not in catalog.read_text(encoding="utf-8")
    with catalog.with_suffix(".mo").open("rb") as compiled:
        catalog_mo = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    assert {k: v for k, v in catalog_mo.items() if k} == entries  # the .mo is the .po compiled


@pytest.mark.django_db
def test_a_browser_asking_for_english_still_gets_chinese_until_it_chooses(client: Client) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-Hant-TW">' in page.content.decode()
    assert page["Content-Language"] == "zh-hant"
    client.cookies["django_language"] = "fr"  # not offered: Chinese
    assert '<html lang="zh-Hant-TW">' in client.get("/").content.decode()
