"""Budget and final accounts by fund, headcount, and program costs linked to KPIs."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from govperf.evaluation.models import Cycle, Goal, Kpi, number, printed


class BudgetFigure(models.Model):
    """One cell of the budget table: a fund's budget, final accounts or execution rate in a year.

    Amounts are in millions of NT$ (百萬元) as in the report.
    """

    class Measure(models.TextChoices):
        BUDGET = "budget", "預算"
        FINAL = "final", "決算"
        EXECUTION_RATE = "execution_rate", "執行率(%)"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="budget_figures")
    position = models.PositiveSmallIntegerField("列順序")
    fund = models.CharField("基金", max_length=100)
    fund_text = printed("基金")
    measure = models.CharField("項目", max_length=20, choices=Measure.choices)
    measure_text = printed("預決算")
    year = models.PositiveSmallIntegerField("年度（民國）")
    text = printed("數值")
    value = number("數值")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "預決算"
        verbose_name_plural = "預決算"
        ordering = ["cycle", "position", "year"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "position", "year"], name="budget_unique")
        ]


class HeadcountFigure(models.Model):
    """One cell of the headcount table (機關實際員額): a row such as 職員, in a year."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="headcount_figures")
    position = models.PositiveSmallIntegerField("列順序")
    label = models.CharField("項目（原文）", max_length=100)
    year = models.PositiveSmallIntegerField("年度（民國）")
    text = printed("數值")
    value = number("數值")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "員額"
        verbose_name_plural = "員額"
        ordering = ["cycle", "position", "year"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "position", "year"], name="headcount_unique")
        ]


class ProgramCost(models.Model):
    """A row of the program-cost table: a program under a goal, a goal's 小計, or the 合計."""

    class Kind(models.TextChoices):
        TOTAL = "total", "合計"
        SUBTOTAL = "subtotal", "小計"
        PROGRAM = "program", "計畫"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="program_costs")
    position = models.PositiveSmallIntegerField("列順序")
    kind = models.CharField("類型", max_length=10, choices=Kind.choices)
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="program_costs"
    )
    goal_text = printed("關鍵策略目標")
    program_text = models.CharField("計畫名稱（原文）", max_length=300, blank=True)
    kpi = models.ForeignKey(
        Kpi, on_delete=models.SET_NULL, null=True, blank=True, related_name="program_costs"
    )
    kpi_text = models.CharField("與KPI關聯（原文）", max_length=300, blank=True)

    class Meta:
        verbose_name = "計畫成本"
        verbose_name_plural = "計畫成本"
        ordering = ["cycle", "position"]


class ProgramCostYear(models.Model):
    """A program's budget (千元) and execution progress (%) in one year."""

    program_cost = models.ForeignKey(ProgramCost, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("年度（民國）")
    budget_text = printed("預算數")
    budget_value = number("預算數")
    progress_text = printed("預算執行進度(%)")
    progress_value = number("預算執行進度(%)")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "計畫成本年度值"
        verbose_name_plural = "計畫成本年度值"
        ordering = ["program_cost", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["program_cost", "year"], name="program_cost_year_unique"
            )
        ]
