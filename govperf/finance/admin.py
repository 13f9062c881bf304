"""Admin pages for budget, headcount and program costs."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from govperf.finance import models


@admin.register(models.BudgetFigure)
class BudgetFigureAdmin(SimpleHistoryAdmin):
    list_display = ["cycle", "fund", "measure", "year", "text"]
    list_filter = ["cycle", "year"]


@admin.register(models.HeadcountFigure)
class HeadcountFigureAdmin(SimpleHistoryAdmin):
    list_display = ["cycle", "label", "year", "text"]


@admin.register(models.ProgramCost)
class ProgramCostAdmin(admin.ModelAdmin[models.ProgramCost]):
    list_display = ["cycle", "kind", "goal_text", "program_text", "kpi_text"]
