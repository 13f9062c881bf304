"""`govperf demo`: prepare the database, import the sample, build reports and open data, serve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from govperf.database import database_ensure
from govperf.imports.services import reports_import_files
from govperf.opendata.exporters import FORMATS, export_write
from govperf.opendata.selectors import cycle_list

SAMPLE = Path(settings.BASE_DIR) / "examples" / "mofa-107-performance-report.txt"
DEMO_ADMIN = ("admin", "govperf-demo")


class Command(BaseCommand):
    help = "示範：建立資料庫、匯入外交部107年度報告、產製各格式報告、匯出開放資料並啟動網站。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="準備好資料即結束，不啟動網站")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="網站位址與埠號")
        parser.add_argument("--out", type=Path, default=Path("out"), help="輸出目錄")

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        for outcome in reports_import_files(paths=[SAMPLE]):
            status = "已匯入" if outcome.changed else "已存在，內容相同"
            self.stdout.write(f"{outcome.cycle}：{status}")
        self._export(options["out"] / "opendata")
        call_command("build_report", out=options["out"] / "reports", stdout=self.stdout)
        self._ensure_admin()
        if not options["no_serve"]:
            call_command("runserver", options["addrport"], use_reloader=False)

    def _export(self, directory: Path) -> None:
        cycles = list(cycle_list())
        for format in FORMATS:
            path = export_write(cycles=cycles, format=format, directory=directory)[0]
            self.stdout.write(f"開放資料：{path}")

    def _ensure_admin(self) -> None:
        username, password = DEMO_ADMIN
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username=username, password=password)
        self.stdout.write(f"管理介面 /admin/：帳號 {username}，密碼 {password}（僅供示範）")
