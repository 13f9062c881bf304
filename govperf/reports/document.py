"""A format-neutral report document: headings, paragraphs, image placeholders and tables."""

from __future__ import annotations

from dataclasses import dataclass

from govperf.domain.lights import Light
from govperf.domain.workflow import CycleAction
from govperf.reports.chart import BudgetTrend


@dataclass(frozen=True)
class Heading:
    """A heading; its level follows the numbering: 2 壹、 3 一、 4 （一） 5 １、 (1: the title)."""

    level: int
    text: str  # as printed, numbering included


@dataclass(frozen=True)
class Paragraph:
    """A paragraph as printed; `label` is a lead-in such as 「衡量標準：」 or 「答：」."""

    text: str
    style: str = "normal"  # normal, footnote (＊… or ---表示… under a table), caption (單位：千元)
    label: str = ""


@dataclass(frozen=True)
class Image:
    """Where the report shows a picture: the text export's `[image: …]` line, and, where the
    picture is the budget trend chart, the data to draw it from (formats other than text do)."""

    text: str
    trend: BudgetTrend | None = None


@dataclass(frozen=True)
class Cell:
    """A table cell as printed.

    A merged cell is printed once, in its top-left position, with its colspan and rowspan; each
    lower row it reaches holds a `covered` cell in its place (printed empty in the text export,
    left out in HTML), as Word's vertical merges and ODF's covered cells do.
    """

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    covered: bool = False
    light: Light | None = None  # the light the cell shows (★ ▲ ● □), for a symbol-and-word view


@dataclass(frozen=True)
class Table:
    """A table: its first `header_rows` rows are column headers, its first `header_columns`
    columns are row headers; `caption` names it where a format can say so (HTML, DOCX)."""

    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int = 1
    header_columns: int = 1
    caption: str = ""


Block = Heading | Paragraph | Image | Table


@dataclass(frozen=True)
class Document:
    """A whole 施政績效報告: its header and its blocks in reading order."""

    agency: str  # 外交部
    title: str  # 107年度施政績效報告
    published_on_text: str  # 108年03月19日, as printed
    blocks: tuple[Block, ...]
    version: int = 0  # the published version these files are; 0: a build, not published
    version_reason: str = ""  # why it was published: 匯入已公告報告, a correction's reason
    version_published_on_text: str = ""  # this version's 公告日期 (a correction's own day)
    draft: bool = False  # a draft read before publication: every page says 草稿

    @property
    def is_correction(self) -> bool:
        """A published version after the first: 更正."""
        return self.version >= 2


# The reason a publication records when none was typed names only the action: it says nothing.
ACTION_ONLY_REASONS = frozenset(
    {CycleAction.PUBLISH.label_zh, CycleAction.PUBLISH_CORRECTION.label_zh}
)
DRAFT_MARK = "草稿"
DRAFT_NOTE = "草稿：尚未公告，內容依目前資料產製，可能再修改"


def version_note(document: Document) -> str:
    """What every published file says of its version: 「第 1 版：匯入已公告報告」; a correction
    「第 2 版（更正）：115年12月01日公告，更正錯字」; empty for a build that is not published."""
    if document.version <= 0:
        return ""
    number = f"第 {document.version} 版" + ("（更正）" if document.is_correction else "")
    reason = "" if document.version_reason in ACTION_ONLY_REASONS else document.version_reason
    said = [
        f"{document.version_published_on_text}公告" if document.version_published_on_text else "",
        reason,
    ]
    detail = "，".join(part for part in said if part)
    return f"{number}：{detail}" if detail else number


def page_mark(document: Document) -> str:
    """What the running header or footer of every page adds: 草稿, or 「第 2 版（更正）」."""
    if document.draft:
        return DRAFT_MARK
    if document.is_correction:
        return f"第 {document.version} 版（更正）"
    return ""
