"""The changes a correction made, as a reader would want them listed."""

from __future__ import annotations

import copy
from typing import Any

from govperf.domain.version_diff import TextChange, ValueChange, sentences, snapshot_diff


def _column(year: int, actual: str) -> dict[str, Any]:
    return {
        "year": year, "measurement_standard": "年度累計數",
        "target": {"text": "100人次", "value": "100"}, "actual": {"text": actual, "value": None},
        "achievement": {"text": "100%", "value": "100"},
        "initial_light": {"text": "★", "light": "green"},
        "review_light": {"text": "---", "light": None}, "analysis": "", "missed_reason": "",
    }  # fmt: skip


def _snapshot() -> dict[str, Any]:
    return {
        "goals": [
            {
                "label": "（一）",
                "name": "鞏固邦誼",
                "kpis": [{"name": "政要互訪", "years": [_column(106, "90人次"), _column(107, "108人次")]}],
            }
        ],
        "chapters": [
            {
                "key": "preface", "numeral": "壹", "title": "前言",
                "blocks": [{"kind": "paragraph", "text": "本部持續推動外交。成果豐碩。"}],
            }
        ],
    }  # fmt: skip


def test_an_unchanged_snapshot_has_no_changes() -> None:
    assert snapshot_diff(_snapshot(), _snapshot()).is_empty


def test_the_diff_names_the_changed_value_old_and_new() -> None:
    new = _snapshot()
    new["goals"][0]["kpis"][0]["years"][1]["actual"] = {"text": "999人次", "value": "999"}
    diff = snapshot_diff(_snapshot(), new)
    assert diff.values == (
        ValueChange("鞏固邦誼", "政要互訪", 107, "實際值", "108人次", "999人次"),
    )
    assert diff.texts == ()


def test_the_diff_names_the_changed_sentence_only() -> None:
    new = _snapshot()
    new["chapters"][0]["blocks"][0]["text"] = "本部持續推動外交。成果略有不足。"
    diff = snapshot_diff(_snapshot(), new)
    assert diff.texts == (TextChange("壹、前言", ("成果豐碩。",), ("成果略有不足。",)),)
    assert diff.values == ()


def test_a_kpi_added_or_dropped_is_named() -> None:
    new = copy.deepcopy(_snapshot())
    new["goals"][0]["kpis"][0]["name"] = "政要來訪"
    diff = snapshot_diff(_snapshot(), new)
    assert (diff.kpis_added, diff.kpis_removed) == (("政要來訪",), ("政要互訪",))


def test_sentences_are_cut_after_chinese_stops() -> None:
    assert sentences("甲。乙！丙？丁；戊") == ["甲。", "乙！", "丙？", "丁；", "戊"]
