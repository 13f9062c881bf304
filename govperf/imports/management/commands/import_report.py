"""`govperf import-report FILE…`: import published reports, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from govperf.database import database_ensure
from govperf.imports.errors import ReportImportError
from govperf.imports.services import reports_import_files


class Command(BaseCommand):
    help = "匯入施政績效報告的文字檔、DOCX 或 ODT（可多個）；任一檔有誤則全部不匯入。"
    requires_system_checks: list[str] = []  # writes data; serves no page

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", type=Path, help="施政績效報告的文字檔、DOCX 或 ODT 文件"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        paths: list[Path] = options["files"]
        try:
            outcomes = self._import(paths)
        except ReportImportError as error:
            raise CommandError(f"未匯入任何資料：\n{error}") from error
        for outcome in outcomes:
            status = "已匯入" if outcome.changed else "內容相同，未變更"
            self.stdout.write(f"{outcome.cycle}：{status}")

    def _import(self, paths: list[Path]) -> list[Any]:
        if len(paths) == 1:
            return reports_import_files(paths=paths)
        with Progress(transient=True) as progress:
            task = progress.add_task("檢查報告", total=len(paths))
            return reports_import_files(
                paths=paths, on_checked=lambda _path: progress.advance(task)
            )
