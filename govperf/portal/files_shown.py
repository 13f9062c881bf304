"""How the download pages show what they list: versions' files, a correction's changes by
KPI and chapter, the data dictionary, dates in ROC form."""

from __future__ import annotations

import difflib
from datetime import date
from itertools import groupby
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from govperf.domain.lights import LightParseError, parse_light
from govperf.domain.version_diff import TextChange, ValueChange, sentences
from govperf.opendata.published import DATA_SUFFIXES
from govperf.opendata.tables import TABLES
from govperf.web.templatetags.govperf import roc_date_text
from govperf.workflow import public_selectors

REPORT_LABELS = {"pdf": "PDF", "odt": "ODT", "docx": "DOCX", "html": "HTML", "txt": "TXT"}
DATA_LABELS = {"json": "JSON", "csv": "CSV (ZIP)", "xlsx": "XLSX"}
LIGHT_FIELDS = ("初核結果", "複核結果")
TEXT_FIELDS = ("衡量標準", "績效衡量暨達成情形分析", "未達成原因分析暨因應策略")
TYPE_LABELS = {"text": gettext_noop("文字"), "integer": gettext_noop("整數"),
               "decimal": gettext_noop("數值")}  # fmt: skip


def roc_date(value: date) -> str:
    """The date as every page shows one (`roc_date_text`)."""
    return roc_date_text(value)


def version_rows(files: public_selectors.YearFiles) -> list[dict[str, Any]]:
    """Each version with its dates and the addresses of its files, for the template."""
    where = (files.agency_id, files.year)
    recorded = {version.number for version in files.versions if version.recorded}
    return [
        {
            "version": version,
            "published_on": roc_date(version.published_on),
            "reports": [
                (REPORT_LABELS.get(link.format, link.format.upper()), link.size,
                 reverse("portal:report_file", args=[*where, version.number, link.format]))
                for link in version.reports
            ],
            "data": [
                (DATA_LABELS.get(link.format, link.format), link.size,
                 reverse("portal:data_file",
                         args=[*where, version.number, DATA_SUFFIXES[link.format]]))
                for link in version.data if link.format in DATA_SUFFIXES
            ],
            "changes": (
                reverse("portal:changes", args=[*where, version.number])
                if {version.number, version.number - 1} <= recorded
                else None
            ),
        }
        for version in reversed(files.versions)
    ]  # fmt: skip


def latest_links(files: public_selectors.YearFiles) -> list[tuple[str, str]]:
    """The addresses that always serve the year's latest version, in the formats it has."""
    where, latest = (files.agency_id, files.year), files.latest
    reports = [
        (
            REPORT_LABELS.get(link.format, link.format.upper()),
            reverse("portal:latest_report_file", args=[*where, link.format]),
        )
        for link in latest.reports
    ]
    data = [
        (
            _("開放資料") + " " + DATA_LABELS[link.format],
            reverse("portal:latest_data_file", args=[*where, DATA_SUFFIXES[link.format]]),
        )
        for link in latest.data
        if link.format in DATA_SUFFIXES
    ]
    return reports + data  # fmt: skip


def sentence_changes(old: str, new: str) -> list[tuple[str, str]]:
    """The sentences `new` dropped ("del") and those it wrote instead ("ins"), in order."""
    was, now = sentences(old), sentences(new)
    found: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=was, b=now, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            found += [("del", text) for text in was[i1:i2]] + [("ins", text) for text in now[j1:j2]]
    return found


def _light_of(text: str) -> str:
    try:
        return parse_light(text) or ""
    except LightParseError:
        return ""


def _shown(change: ValueChange) -> dict[str, Any]:
    """A changed value as the page shows it: a light as symbol and word, a narrative as the
    sentences changed, else the text before and after."""
    shown: dict[str, Any] = {"change": change}
    if change.field in LIGHT_FIELDS:
        shown |= {"old_light": _light_of(change.old), "new_light": _light_of(change.new)}
    elif change.field in TEXT_FIELDS:
        shown["sentences"] = sentence_changes(change.old, change.new)
    return shown


def kpi_groups(changes: tuple[ValueChange, ...]) -> list[dict[str, Any]]:
    """The value changes by KPI, in the report's order."""
    return [
        {"goal": goal, "kpi": kpi, "changes": [_shown(change) for change in group]}
        for (goal, kpi), group in groupby(changes, key=lambda c: (c.goal, c.kpi))
    ]


def chapter_groups(changes: tuple[TextChange, ...]) -> list[dict[str, Any]]:
    """The chapters' changed sentences by chapter, dropped ones before their replacements."""
    return [
        {
            "title": title,
            "sentences": [
                (kind, text)
                for change in group
                for kind, texts in (("del", change.removed), ("ins", change.added))
                for text in texts
            ],
        }
        for title, group in groupby(changes, key=lambda c: c.chapter)
    ]


def data_rows(years: Any) -> list[dict[str, Any]]:
    """Each agency-year of the page with its latest open data's addresses."""
    return [
        {
            "year": item,
            "files": [
                (DATA_LABELS[format],
                 reverse("portal:latest_data_file", args=[item.agency_id, item.year, suffix]))
                for format, suffix in DATA_SUFFIXES.items()
            ],
        }
        for item in years
    ]  # fmt: skip


def dictionary() -> list[dict[str, Any]]:
    """The data dictionary of the open data's tables, in the page's language."""
    english = (get_language() or "").startswith("en")
    return [
        {
            "name": table.name,
            "title": table.title,
            "columns": [
                {
                    "name": column.name,
                    "type": column.type,
                    "type_label": _(TYPE_LABELS.get(column.type, column.type)),
                    "description": column.en if english else column.zh,
                }
                for column in table.columns
            ],
        }
        for table in TABLES
    ]


def all_data_links() -> list[tuple[str, str]]:
    """The file of all agencies in each format: its label and address."""
    return [
        (DATA_LABELS[format], reverse("portal:all_data", args=[suffix]))
        for format, suffix in DATA_SUFFIXES.items()
    ]
