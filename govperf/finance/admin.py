"""Admin pages for budget, headcount and program costs."""

from django.contrib import admin

from govperf.finance import models
from govperf.web.admin import GovernedAdmin


@admin.register(models.BudgetFigure)
class BudgetFigureAdmin(GovernedAdmin):
    list_display = ["cycle", "fund", "measure", "year", "text"]
    list_filter = ["cycle", "year"]


@admin.register(models.HeadcountFigure)
class HeadcountFigureAdmin(GovernedAdmin):
    list_display = ["cycle", "label", "year", "text"]


@admin.register(models.ProgramCost)
class ProgramCostAdmin(GovernedAdmin):
    list_display = ["cycle", "kind", "goal_text", "program_text", "kpi_text"]
