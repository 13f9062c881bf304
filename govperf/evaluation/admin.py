"""Admin pages for cycles, goals, KPIs and their yearly values."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from govperf.evaluation import models


@admin.register(models.Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["agency", "year", "title", "published_on", "state"]
    list_filter = ["agency", "state"]


@admin.register(models.Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["cycle", "label", "name"]
    list_filter = ["cycle"]


@admin.register(models.Kpi)
class KpiAdmin(admin.ModelAdmin[models.Kpi]):
    list_display = ["name", "agency"]
    search_fields = ["name"]


class KpiYearInline(admin.TabularInline[models.KpiYear, models.CycleKpi]):
    model = models.KpiYear
    fields = [
        "year",
        "target_text",
        "actual_text",
        "achievement_text",
        "initial_light_text",
        "review_light_text",
        "tier",
    ]
    extra = 0


@admin.register(models.CycleKpi)
class CycleKpiAdmin(admin.ModelAdmin[models.CycleKpi]):
    list_display = ["cycle", "goal", "label", "kpi"]
    list_filter = ["cycle"]
    inlines = [KpiYearInline]


@admin.register(models.KpiYear)
class KpiYearAdmin(SimpleHistoryAdmin):
    list_display = [
        "cycle_kpi",
        "year",
        "target_text",
        "actual_text",
        "achievement_text",
        "initial_light_text",
        "review_light_text",
    ]
    list_filter = ["year", "tier"]


admin.site.register(models.Shortfall)
admin.site.register(models.LightTableRow)
admin.site.register(models.LightStatistic)
