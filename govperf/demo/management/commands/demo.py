"""`govperf demo`: prepare the database, import the sample, add people and 108, serve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from govperf.database import database_ensure
from govperf.demo.people import DEMO_PASSWORD, PEOPLE, cycle_assign_units, people_ensure
from govperf.demo.year import next_cycle_ensure
from govperf.domain.workflow import ROLE_LABELS_ZH
from govperf.evaluation.models import Cycle
from govperf.imports.services import reports_import_files
from govperf.opendata.exporters import FORMATS, export_write
from govperf.opendata.selectors import cycle_list

SAMPLE = Path(settings.BASE_DIR) / "examples" / "mofa-107-performance-report.txt"
DEMO_ADMIN = ("admin", DEMO_PASSWORD)


class Command(BaseCommand):
    help = (
        "示範：建立資料庫、匯入外交部107年度報告、產製報告與開放資料、"
        "建立示範帳號與填報中的108年度，並啟動網站。"
    )
    requires_system_checks: list[str] = []  # checked by runserver, before it serves (below)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="準備好資料即結束，不啟動網站")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="網站位址與埠號")
        parser.add_argument("--out", type=Path, default=Path("out"), help="輸出目錄")

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        sample = None
        for outcome in reports_import_files(paths=[SAMPLE]):
            status = "已匯入" if outcome.changed else "已存在，內容相同"
            self.stdout.write(f"{outcome.cycle}：{status}")
            sample = outcome.cycle
        assert sample is not None
        self._export(options["out"] / "opendata")
        call_command(
            "build_report", year=sample.year, out=options["out"] / "reports", stdout=self.stdout
        )
        cycle_assign_units(cycle=sample)
        users = people_ensure(agency=sample.agency, password=DEMO_PASSWORD)
        created, cycle = next_cycle_ensure(previous=sample, planning=users["planning"])
        status = "已建立並開始填報" if created else f"已存在（{cycle.get_state_display()}）"
        self.stdout.write(f"{cycle}：{status}")
        self._ensure_admin()
        self._print_people()
        if not options["no_serve"]:
            call_command("runserver", options["addrport"], use_reloader=False, skip_checks=False)

    def _export(self, directory: Path) -> None:
        cycles = list(cycle_list().filter(state=Cycle.State.PUBLISHED))
        for format in FORMATS:
            path = export_write(cycles=cycles, format=format, directory=directory)[0]
            self.stdout.write(f"開放資料：{path}")

    def _ensure_admin(self) -> None:
        username, password = DEMO_ADMIN
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username=username, password=password)
        self.stdout.write(f"管理介面 /admin/：帳號 {username}，密碼 {password}（僅供示範）")

    def _print_people(self) -> None:
        self.stdout.write("\n示範帳號（密碼僅供示範；已存在的帳號保留原密碼）：")
        rows = [("帳號", "角色", "單位", "密碼")]
        rows += [(p.username, ROLE_LABELS_ZH[p.role], p.unit or "—", DEMO_PASSWORD) for p in PEOPLE]
        widths = [max(_width(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            cells = [
                cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)
            ]
            self.stdout.write("  ".join(cells).rstrip())


def _width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters take two."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)
