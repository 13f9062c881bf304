"""`govperf build-report`: a cycle's 施政績效報告 in the formats an agency publishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govperf.database import database_ensure
from govperf.evaluation.models import Cycle
from govperf.opendata.selectors import cycle_list
from govperf.reports.builder import document_build
from govperf.reports.formats import RENDERERS, reports_render


class Command(BaseCommand):
    help = (
        "產製施政績效報告（HTML、PDF、純文字等）；只有一個評估年度時可省略機關與年度。"
        "檔名為 <機關>-<年度>-施政績效報告.<格式>。"
    )
    requires_system_checks: list[str] = []  # reads the database only; serves no page

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="機關名稱，如 外交部")
        parser.add_argument("--year", type=int, help="年度（民國），如 107")
        parser.add_argument(
            "--format", default=",".join(RENDERERS), help=f"以逗號分隔：{'、'.join(RENDERERS)}"
        )
        parser.add_argument("--out", type=Path, default=Path("out/reports"), help="輸出目錄")

    def handle(self, *args: Any, **options: Any) -> None:
        formats = _formats(options["format"])
        database_ensure()
        cycle = _one_cycle(options["agency"], options["year"])
        document = document_build(cycle)
        directory: Path = options["out"]
        directory.mkdir(parents=True, exist_ok=True)
        for format, content in reports_render(document, formats).items():
            path = directory / f"{cycle.agency.name}-{cycle.year}-施政績效報告.{format}"
            path.write_bytes(content)
            self.stdout.write(str(path))


def _formats(text: str) -> list[str]:
    formats = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [format for format in formats if format not in RENDERERS]
    if unknown or not formats:
        named = "、".join(unknown) or "（空白）"
        raise CommandError(f"不支援的格式：{named}；支援的格式：{'、'.join(RENDERERS)}")
    return list(dict.fromkeys(formats))


def _one_cycle(agency: str | None, year: int | None) -> Cycle:
    """The cycle asked for; with agency or year left out, the only one that matches."""
    cycles = list(cycle_list(agency=agency, year=year))
    if len(cycles) == 1:
        return cycles[0]
    if cycles:
        raise CommandError(f"符合的評估年度不只一個，請以 --agency、--year 指定：{_named(cycles)}")
    present = list(cycle_list())
    if not present:
        raise CommandError("資料庫中尚無任何報告，請先執行 govperf import-report")
    wanted = " ".join(part for part in (agency, f"{year}年度" if year else None) if part)
    raise CommandError(f"找不到評估年度：{wanted}；資料庫中有：{_named(present)}")


def _named(cycles: list[Cycle]) -> str:
    return "、".join(f"{cycle.agency.name} {cycle.year}年度" for cycle in cycles)
