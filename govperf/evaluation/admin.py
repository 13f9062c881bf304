"""Admin pages for cycles, goals, KPIs and their yearly values."""

from django.contrib import admin

from govperf.evaluation import models
from govperf.web.admin import GovernedAdmin, GovernedInline


@admin.register(models.Cycle)
class CycleAdmin(GovernedAdmin):
    list_display = ["agency", "year", "title", "published_on", "state"]
    list_filter = ["agency", "state"]


@admin.register(models.Goal)
class GoalAdmin(GovernedAdmin):
    list_display = ["cycle", "label", "name"]
    list_filter = ["cycle"]


@admin.register(models.Kpi)
class KpiAdmin(GovernedAdmin):
    list_display = ["name", "agency"]
    search_fields = ["name"]


class KpiYearInline(GovernedInline):
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
class CycleKpiAdmin(GovernedAdmin):
    list_display = ["cycle", "goal", "label", "kpi"]
    list_filter = ["cycle"]
    inlines = [KpiYearInline]


@admin.register(models.KpiYear)
class KpiYearAdmin(GovernedAdmin):
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


admin.site.register(models.Shortfall, GovernedAdmin)
admin.site.register(models.LightTableRow, GovernedAdmin)
admin.site.register(models.LightStatistic, GovernedAdmin)


@admin.register(models.Evidence)
class EvidenceAdmin(GovernedAdmin):
    list_display = ["original_name", "kpi_year", "uploaded_by", "uploaded_at", "withdrawn"]
    list_filter = ["withdrawn"]
    readonly_fields = ["file", "original_name", "uploaded_by", "uploaded_at"]


@admin.register(models.TargetRevision)
class TargetRevisionAdmin(GovernedAdmin):
    list_display = ["kpi_year", "original_text", "revised_text", "state", "requested_by"]
    list_filter = ["state"]
    readonly_fields = ["requested_by", "requested_at", "decided_by", "decided_at"]


@admin.register(models.PlanTarget)
class PlanTargetAdmin(GovernedAdmin):
    list_display = ["kpi", "year", "target_text", "reason"]
    list_filter = ["year"]
