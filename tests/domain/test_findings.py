"""A finding's sentence: zh-Hant as written, any other language through its msgids and values."""

from __future__ import annotations

from govperf.domain.findings import Finding, Joined, Phrase, Place, Severity
from govperf.domain.text import TextError, clean_text

CATALOG = {
    "燈號表缺少「%(kpi)s」。": "The light table lacks “%(kpi)s”.",
    "%(count)s項%(light)s": "%(count)s %(light)s",
    "綠燈": "green",
    "紅燈": "red",
    "、": ", ",
    "%(field)s超過 %(limit)s 字（目前 %(length)s 字）。": "%(field)s is over %(limit)s (%(length)s).",
    "修改說明": "Reason",
}


def english(msgid: str) -> str:
    return CATALOG.get(msgid, msgid)


def test_a_finding_reads_in_chinese_as_written_and_translates_around_its_data() -> None:
    phrase = Phrase("燈號表缺少「%(kpi)s」。", {"kpi": "深化友誼"})
    finding = Finding("light-table-missing", Severity.ERROR, Place("肆"), phrase)
    assert finding.message == "燈號表缺少「深化友誼」。"
    assert finding.text(english) == "The light table lacks “深化友誼”."
    assert finding.as_dict()["message"] == finding.message


def test_terms_within_a_phrase_are_translated_and_joined_in_the_language() -> None:
    lights = Joined(
        tuple(
            Phrase("%(count)s項%(light)s", {"count": count, "light": Phrase(light)})
            for count, light in ((13, "綠燈"), (2, "紅燈"))
        )
    )
    assert lights.text(str) == "13項綠燈、2項紅燈"
    assert lights.text(english) == "13 green, 2 red"


def test_a_text_error_names_its_field_in_the_language() -> None:
    try:
        clean_text("x" * 12, field="修改說明", max_length=10)
    except TextError as error:
        assert str(error) == "修改說明超過 10 字（目前 12 字）。"
        assert error.text(english) == "Reason is over 10 (12)."
    else:
        raise AssertionError("not refused")
