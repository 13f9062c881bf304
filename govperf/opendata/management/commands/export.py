"""`govperf export`: open data of one cycle or of every cycle, with its data dictionary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govperf.database import database_ensure
from govperf.opendata.exporters import FORMATS, export_write
from govperf.opendata.selectors import cycle_list


class Command(BaseCommand):
    help = "匯出開放資料（JSON、CSV、XLSX）與資料說明；未指定機關或年度即匯出全部。"
    requires_system_checks: list[str] = []  # reads the database only; serves no page

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="機關名稱，如 外交部")
        parser.add_argument("--year", type=int, help="年度（民國），如 107")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--out", type=Path, default=Path("out/opendata"), help="輸出目錄")

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        cycles = list(cycle_list(agency=options["agency"], year=options["year"]))
        if not cycles:
            raise CommandError(self._nothing_found(options["agency"], options["year"]))
        paths = export_write(cycles=cycles, format=options["format"], directory=options["out"])
        for path in paths:
            self.stdout.write(str(path))

    @staticmethod
    def _nothing_found(agency: str | None, year: int | None) -> str:
        wanted = " ".join(part for part in (agency, f"{year}年度" if year else None) if part)
        return f"找不到評估年度：{wanted or '資料庫中尚無任何報告，請先執行 govperf import-report'}"
