"""Problems found while importing a report, each naming the file and its place in it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem at one place of the source file.

    A text export names its line; a DOCX or ODT document names its `place` instead (「段落 N」,
    「表格 T 第 R 列第 C 欄」), or "" for the file as a whole."""

    source: str
    line: int
    message: str
    place: str | None = None

    def __str__(self) -> str:
        if self.place is None:
            return f"{self.source} 第 {self.line} 行：{self.message}"
        if not self.place:
            return f"{self.source}：{self.message}"
        return f"{self.source} {self.place}：{self.message}"


class ReportImportError(Exception):
    """The report cannot be imported; nothing was written. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def file_problem(source: str, message: str) -> ReportImportError:
    """The refusal of a whole file (not a document, broken, too large)."""
    return ReportImportError([Problem(source=source, line=0, message=message, place="")])
