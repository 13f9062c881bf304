"""The narrative chapters of a report, their blocks, and last year's recommendations."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from govperf.agencies.models import Unit
from govperf.evaluation.models import Cycle


class Chapter(models.Model):
    """A chapter of the report, e.g. 壹、前言; `key` says which part of the layout it is."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveSmallIntegerField("順序")
    key = models.CharField("類別", max_length=30)
    numeral = models.CharField("章次", max_length=5)
    title = models.CharField("標題（原文）", max_length=300)
    owner = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="chapters"
    )
    # Raised on each save of the chapter's text: an edit begun on an older version is refused.
    version = models.PositiveIntegerField("版本", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "章"
        verbose_name_plural = "章"
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="chapter_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.numeral}、{self.title}"


class Block(models.Model):
    """A paragraph, footnote, picture, or the place of a structured table, in chapter order."""

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", "段落"
        FOOTNOTE = "footnote", "註"
        IMAGE = "image", "圖"
        PLACEHOLDER = "placeholder", "表格位置"

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField("順序")
    kind = models.CharField("類型", max_length=20, choices=Kind.choices)
    text = models.TextField("內容", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "段落"
        verbose_name_plural = "段落"
        ordering = ["chapter", "position"]


class Recommendation(models.Model):
    """Last year's review recommendation (chapter 陸) and the agency's answer (答：…)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField("順序")
    label = models.CharField("編號", max_length=10)
    text = models.TextField("建議內容")
    answer = models.TextField("辦理情形", blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "前年度建議"
        verbose_name_plural = "前年度建議"
        ordering = ["cycle", "position"]
