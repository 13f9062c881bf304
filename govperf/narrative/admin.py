"""Admin pages for chapters, blocks and recommendations."""

from django.contrib import admin

from govperf.narrative import models
from govperf.web.admin import GovernedAdmin, GovernedInline


class BlockInline(GovernedInline):
    model = models.Block


@admin.register(models.Chapter)
class ChapterAdmin(GovernedAdmin):
    list_display = ["cycle", "numeral", "title"]
    inlines = [BlockInline]


@admin.register(models.Recommendation)
class RecommendationAdmin(GovernedAdmin):
    list_display = ["cycle", "label", "text"]
