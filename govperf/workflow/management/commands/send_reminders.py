"""`govperf send-reminders`: mail the reminders due before and after each deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from govperf.database import database_ensure
from govperf.workflow.reminders import reminders_send


class Command(BaseCommand):
    help = "寄送期限提醒：期限前 N 天內與逾期後，各寄一次給尚未完成的負責人。"
    requires_system_checks: list[str] = []  # one service call; serves no page

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="以此日期計算（YYYY-MM-DD），預設為今天")
        parser.add_argument("--days-before", type=int, default=3, help="期限前幾天提醒，預設 3")

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as error:
            raise CommandError(f"--today 應為 YYYY-MM-DD：{options['today']}") from error
        if options["days_before"] < 0:
            raise CommandError("--days-before 不能是負數")
        sent = reminders_send(
            today=today or timezone.localdate(), days_before=options["days_before"]
        )
        for record in sent:
            self.stdout.write(f"{record.get_kind_display()}：{record.user} {record.deadline}")
        self.stdout.write(f"共寄出 {len(sent)} 封提醒。")
