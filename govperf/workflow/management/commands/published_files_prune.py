"""`govperf published-files-prune`: remove published files no row names (a publication that
rolled back, a replaced re-import, a past state's file of all agencies)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govperf.database import database_ensure
from govperf.workflow.published_prune import GRACE, published_orphans_remove


class Command(BaseCommand):
    help = (
        "移除公告檔案儲存區中已無任何紀錄使用的檔案（如未完成的公告、已被取代的檔案），"
        "僅限寫入超過指定時數者。"
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=GRACE.total_seconds() / 3600,
            help="只移除寫入超過此時數的檔案（預設 %(default)s，進行中的公告不受影響）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出，不移除")

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        grace = timedelta(hours=options["older_than_hours"])
        removed = published_orphans_remove(grace=grace, dry_run=options["dry_run"])
        if options["verbosity"] == 0:
            return
        verb = "可移除" if options["dry_run"] else "已移除"
        for key in removed:
            self.stdout.write(f"{verb}：{key}")
        self.stdout.write(f"{verb} {len(removed)} 個檔案。")
