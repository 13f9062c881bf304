"""The report rendered as text imports back to the very same data, cell for cell."""

from __future__ import annotations

import difflib

import pytest

from govperf.evaluation.models import Cycle
from govperf.imports.services import report_check_text, reports_write
from govperf.opendata.selectors import cycle_document
from govperf.reports.builder import document_build
from govperf.reports.render_text import render_text
from govperf.workflow.models import PublishedFile
from tests.opendata.test_export import raw_tables

pytestmark = pytest.mark.django_db


def rendered(cycle: Cycle) -> str:
    return render_text(document_build(cycle))


def test_rendered_text_imports_back_to_identical_data(imported_cycle: Cycle) -> None:
    original = cycle_document(imported_cycle)
    text = rendered(imported_cycle)
    PublishedFile.objects.filter(version__cycle=imported_cycle).delete()
    imported_cycle.versions.all().delete()  # the import's own version 1 protects the cycle
    imported_cycle.delete()  # a fresh write, not the no-op of an identical file
    (outcome,) = reports_write(checked=[report_check_text(text=text, source="rendered.txt")])
    assert outcome.changed
    assert cycle_document(outcome.cycle) == original


def test_rendered_text_prints_every_table_cell_of_the_sample(
    imported_cycle: Cycle, sample_text: str
) -> None:
    tables = raw_tables(rendered(imported_cycle))
    assert len(tables) == 21
    assert tables == raw_tables(sample_text)


def test_rendered_text_is_the_sample_line_for_line_but_for_its_noise(
    imported_cycle: Cycle, sample_text: str
) -> None:
    """Only what the data cannot know is missing: [bookmark: …] lines, the blank line between the
    first two shortfall entries, and the sample's last line, a lone space with no newline."""
    original = [line for line in sample_text.split("\n") if not line.startswith("[bookmark:")]
    lines = rendered(imported_cycle).removesuffix("\n").split("\n")
    matcher = difflib.SequenceMatcher(a=original, b=lines, autojunk=False)
    edits = [(tag, start, end) for tag, start, end, _, _ in matcher.get_opcodes() if tag != "equal"]
    assert edits == [("delete", 1254, 1255), ("delete", 1700, 1701)]
    assert original[1254:1256] == ["", "關鍵績效指標：機關於中程歲出概算額度內編報情形"]
    assert original[1700:] == [" "]
