"""`govperf cycle-action`: take a step of a cycle as a user, through the same service as the web."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from govperf.database import database_ensure
from govperf.domain.workflow import CycleAction
from govperf.evaluation.models import Cycle
from govperf.workflow.actions import cycle_act
from govperf.workflow.models import DEADLINE_STEPS


class Command(BaseCommand):
    help = (
        "以某位使用者的身分對評估年度執行流程動作（與網站相同的服務）："
        "開始填報須附各階段期限；公告與公告更正版會產製並保存各格式。"
    )
    requires_system_checks: list[str] = []  # one service call; serves no page

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="機關名稱，例如 外交部")
        parser.add_argument("--year", required=True, type=int, help="民國年度，例如 108")
        parser.add_argument(
            "--action", required=True, choices=[a.value for a in CycleAction], help="流程動作"
        )
        parser.add_argument("--user", required=True, help="執行者的帳號")
        parser.add_argument("--reason", default="", help="理由（部分動作必填）")
        for step in DEADLINE_STEPS:
            parser.add_argument(
                f"--due-{step.value.replace('_', '-')}",
                dest=f"due_{step.value}",
                help="開始填報時此階段的期限（YYYY-MM-DD）",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        cycle = Cycle.objects.filter(agency__name=options["agency"], year=options["year"]).first()
        if cycle is None:
            raise CommandError(f"找不到{options['agency']} {options['year']} 年度。")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"沒有帳號 {options['user']}。")
        action = CycleAction(options["action"])
        try:
            acted = cycle_act(
                actor=user,
                cycle=cycle,
                action=action,
                reason=options["reason"],
                due=_due(options) if action == CycleAction.OPEN_YEAR else None,
            )
        except ValidationError as error:
            raise CommandError("未執行：" + "；".join(error.messages)) from error
        self.stdout.write(
            f"{acted.cycle}：已完成「{action.label_zh}」（{acted.cycle.get_state_display()}）"
        )
        if acted.version is not None:
            formats = "、".join(file.format for file in acted.version.files.all())
            self.stdout.write(f"已公告第 {acted.version.number} 版：{formats}")


def _due(options: dict[str, Any]) -> dict[str, date | None]:
    """The deadlines given as options; a malformed one names its option."""
    due: dict[str, date | None] = {}
    for step in DEADLINE_STEPS:
        text = options[f"due_{step.value}"]
        try:
            due[step.value] = date.fromisoformat(text) if text else None
        except ValueError as error:
            option = f"--due-{step.value.replace('_', '-')}"
            raise CommandError(f"{option} 應為 YYYY-MM-DD：{text}") from error
    return due
