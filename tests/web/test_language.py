"""Traditional Chinese first, English available: the frame and every domain label."""

from __future__ import annotations

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
    assert "目前沒有可閱覽的評估年度" in chinese
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    assert '<html lang="en">' in english
    assert "There is no evaluation year you may see yet." in english
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
