"""`govperf public-record`: write the public record of versions published before it existed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from govperf.database import database_ensure
from govperf.workflow.public_record import public_record_backfill


class Command(BaseCommand):
    help = "為尚無公開紀錄的公告版本補寫公開紀錄（僅限各年度最新且未在更正中的版本）。"
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        written, skipped = public_record_backfill()
        if options["verbosity"] == 0:
            return
        for version in written:
            self.stdout.write(f"已寫入：{version}")
        for version in skipped:
            self.stdout.write(
                f"略過：{version}（已有較新版本或正在更正，今日資料已非該版公告內容；"
                "該版內容見其公告檔案）"
            )
        self.stdout.write(f"寫入 {len(written)} 個版本，略過 {len(skipped)} 個。")
