"""Every date a person sees is one function's: ROC in Chinese, with the ROC year in English."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from govperf.web.templatetags.govperf import roc_date_text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hant", "115年12月1日"), ("en", "1 Dec 2026 (ROC 115)")],
)
def test_a_date_reads_in_the_roc_calendar_in_either_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert roc_date_text(date(2026, 12, 1)) == expected


@pytest.mark.parametrize(
    ("language", "with_time", "without"),
    [
        ("zh-hant", "108年3月19日 22:05", "108年3月19日"),
        ("en", "19 Mar 2019, 22:05 (ROC 108)", "19 Mar 2019 (ROC 108)"),
    ],
)
def test_a_moment_shows_its_local_time_after_the_date(
    settings, language: str, with_time: str, without: str
) -> None:  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "Asia/Taipei"
    moment = datetime(2019, 3, 19, 14, 5, tzinfo=UTC)  # 22:05 in Taipei
    with translation.override(language):
        assert roc_date_text(moment, with_time=True) == with_time
        assert roc_date_text(moment) == without


def test_a_moment_after_midnight_in_taipei_is_that_days_date(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "Asia/Taipei"
    with translation.override("zh-hant"):
        assert roc_date_text(datetime(2026, 11, 30, 17, 0, tzinfo=UTC)) == "115年12月1日"


def test_the_filter_is_the_function_and_blank_for_no_date() -> None:
    template = Template("{% load govperf %}{{ day|roc_date }}|{{ none|roc_date }}")
    with translation.override("en"):
        shown = template.render(Context({"day": date(2018, 1, 31), "none": None}))
    assert shown == "31 Jan 2018 (ROC 107)|"
