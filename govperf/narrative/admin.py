"""Admin pages for chapters, blocks and recommendations."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from govperf.narrative import models


class BlockInline(admin.TabularInline[models.Block, models.Chapter]):
    model = models.Block
    extra = 0


@admin.register(models.Chapter)
class ChapterAdmin(admin.ModelAdmin[models.Chapter]):
    list_display = ["cycle", "numeral", "title"]
    inlines = [BlockInline]


@admin.register(models.Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["cycle", "label", "text"]
