"""Admin pages for cycles, goals, KPIs and their yearly values."""

from django.contrib import admin
from django.http import HttpRequest
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


class NoDeleteHistoryAdmin(SimpleHistoryAdmin):
    """Evidence and target revisions are withdrawn or decided, never deleted."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(models.Evidence)
class EvidenceAdmin(NoDeleteHistoryAdmin):
    list_display = ["original_name", "kpi_year", "uploaded_by", "uploaded_at", "withdrawn"]
    list_filter = ["withdrawn"]
    readonly_fields = ["file", "original_name", "uploaded_by", "uploaded_at"]


@admin.register(models.TargetRevision)
class TargetRevisionAdmin(NoDeleteHistoryAdmin):
    list_display = ["kpi_year", "original_text", "revised_text", "state", "requested_by"]
    list_filter = ["state"]
    readonly_fields = ["requested_by", "requested_at", "decided_by", "decided_at"]
