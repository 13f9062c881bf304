"""Problems found while importing a report, each naming the file and line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem at one place of the source file."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source} 第 {self.line} 行：{self.message}"


class ReportImportError(Exception):
    """The report cannot be imported; nothing was written. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
