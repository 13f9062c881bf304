"""`govperf plan-target`: set a KPI's target for a year of the plan, through the plan's service."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from govperf.database import database_ensure
from govperf.evaluation.models import Cycle
from govperf.evaluation.plan import plan_years, setup_of
from govperf.evaluation.plan_save import plan_kpi_save


class Command(BaseCommand):
    help = (
        "以某位使用者的身分設定指標在中程計畫某年度的目標值（與網站相同的服務）；"
        "低於前一年度實際值的目標值須附理由。"
    )
    requires_system_checks: list[str] = []  # one service call; serves no page

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="機關名稱，例如 外交部")
        parser.add_argument("--cycle", required=True, type=int, help="計畫所在的民國年度")
        parser.add_argument("--kpi", required=True, help="指標名稱")
        parser.add_argument("--year", required=True, type=int, help="目標值的民國年度")
        parser.add_argument("--target", required=True, help="目標值，如 65%；空白表示清除")
        parser.add_argument("--user", required=True, help="執行者的帳號")
        parser.add_argument("--reason", default="", help="理由（目標值偏低時必填）")

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        cycle = Cycle.objects.filter(agency__name=options["agency"], year=options["cycle"]).first()
        if cycle is None:
            raise CommandError(f"找不到{options['agency']} {options['cycle']} 年度。")
        cycle_kpi = cycle.cycle_kpis.select_related("kpi", "cycle").filter(kpi__name=options["kpi"])
        found = cycle_kpi.first()
        if found is None:
            raise CommandError(f"{cycle}沒有指標「{options['kpi']}」。")
        if options["year"] not in plan_years(cycle):
            years = plan_years(cycle)
            raise CommandError(f"--year 須在 {years[0]} 至 {years[-1]} 之間。")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"沒有帳號 {options['user']}。")
        setup = setup_of(found)
        setup.targets[options["year"]] = options["target"]
        setup.reason = options["reason"]
        try:
            plan_kpi_save(actor=user, cycle=cycle, setup=setup, cycle_kpi_id=found.pk)
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", [str(error)])
            raise CommandError("未設定：" + "；".join(messages)) from error
        self.stdout.write(f"{found.kpi.name} {options['year']}年度目標值：{options['target']}")
