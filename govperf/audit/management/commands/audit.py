"""`govperf audit`: the findings of one cycle or of every cycle, as text or JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govperf.audit.selectors import cycle_findings
from govperf.database import database_ensure
from govperf.domain.findings import Finding
from govperf.opendata.selectors import cycle_list

SEVERITY_LABELS = {"error": "錯誤", "warning": "注意", "info": "說明"}


class Command(BaseCommand):
    help = "稽核報告：列出數字不符、目標偏低、未說明原因等發現；未指定機關或年度即稽核全部。"
    requires_system_checks: list[str] = []  # reads the database only; serves no page

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="機關名稱，如 外交部")
        parser.add_argument("--year", type=int, help="年度（民國），如 107")
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        database_ensure()
        cycles = list(cycle_list(agency=options["agency"], year=options["year"]))
        if not cycles:
            raise CommandError("找不到符合的評估年度；請先執行 govperf import-report")
        results = [(cycle, cycle_findings(cycle=cycle)) for cycle in cycles]
        if options["format"] == "json":
            self.stdout.write(json.dumps(self._as_json(results), ensure_ascii=False, indent=1))
            return
        for cycle, findings in results:
            self.stdout.write(self._as_text(str(cycle), findings))

    @staticmethod
    def _as_json(results: list[tuple[Any, list[Finding]]]) -> list[dict[str, Any]]:
        return [
            {
                "agency": cycle.agency.name,
                "year": cycle.year,
                "findings": [finding.as_dict() for finding in findings],
            }
            for cycle, findings in results
        ]

    @staticmethod
    def _as_text(title: str, findings: list[Finding]) -> str:
        lines = [f"{title}：{len(findings)} 項發現"]
        for number, finding in enumerate(findings, start=1):
            label = SEVERITY_LABELS[finding.severity.value]
            lines.append(f"{number}. [{label}] {finding.place}\n   {finding.message}")
        return "\n".join(lines) + "\n"
