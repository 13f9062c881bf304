"""docs/policy.md prints the policy table as the code has it."""

from __future__ import annotations

from pathlib import Path

from govperf.domain.policy import table_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "policy.md"


def test_the_documented_table_is_the_table() -> None:
    assert table_markdown() in DOC.read_text(encoding="utf-8")
