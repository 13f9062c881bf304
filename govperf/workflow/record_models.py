"""The published public record: what each published version says, written once at publication.

A version's snapshot and open-data files are its whole public content; the read tables
(`PublicYear`, `PublicKpiYear`, `PublicText`) are indexed copies of it for the public pages.
Nothing here is changed after it is written, except `is_latest`, which moves to the newest
version of a cycle in the transaction that stores it."""

from __future__ import annotations

from django.db import models

from govperf.agencies.models import Agency
from govperf.evaluation.models import LIGHT_CHOICES, Kpi, printed
from govperf.evaluation.models import number as decimal_field
from govperf.evaluation.models import unit as unit_field
from govperf.workflow.models import PublishedVersion


class PublicSnapshot(models.Model):
    """A version's open-data document (`cycle_document` without internal fields), as published."""

    version = models.OneToOneField(
        PublishedVersion, on_delete=models.CASCADE, related_name="snapshot"
    )
    document = models.JSONField("公開資料")

    class Meta:
        verbose_name = "公告資料快照"
        verbose_name_plural = "公告資料快照"

    def __str__(self) -> str:
        return f"{self.version} snapshot"


class PublishedDataFile(models.Model):
    """A version's open data in one format (json, csv as a zip of the tables, xlsx), byte for
    byte in the `published` storage under `storage_key`; kept apart from `PublishedFile`,
    which lists the report's own formats."""

    version = models.ForeignKey(
        PublishedVersion, on_delete=models.CASCADE, related_name="data_files"
    )
    format = models.CharField("格式", max_length=10)
    storage_key = models.CharField("儲存位置", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("位元組數")

    class Meta:
        verbose_name = "公告開放資料檔"
        verbose_name_plural = "公告開放資料檔"
        ordering = ["version", "format"]
        constraints = [
            models.UniqueConstraint(fields=["version", "format"], name="data_file_unique_format")
        ]

    def __str__(self) -> str:
        return f"{self.version} data.{self.format}"


class PublicYear(models.Model):
    """A version's year in summary: its KPIs' official lights counted, and their achievement."""

    version = models.OneToOneField(
        PublishedVersion, on_delete=models.CASCADE, related_name="public_year"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度（民國）")
    number = models.PositiveSmallIntegerField("版次")
    published_on = models.DateField("公告日期")
    green = models.PositiveSmallIntegerField("綠燈數")
    yellow = models.PositiveSmallIntegerField("黃燈數")
    red = models.PositiveSmallIntegerField("紅燈數")
    white = models.PositiveSmallIntegerField("白燈數")
    kpi_count = models.PositiveSmallIntegerField("指標數")
    mean_achievement = decimal_field("平均達成度")
    is_latest = models.BooleanField("最新版", default=False)

    class Meta:
        verbose_name = "公告年度摘要"
        verbose_name_plural = "公告年度摘要"
        ordering = ["agency", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="public_year_unique_number"
            ),
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=models.Q(is_latest=True),
                name="public_year_one_latest",
            ),
        ]
        indexes = [models.Index(fields=["is_latest", "year"], name="public_year_latest")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} v{self.number}"


class PublicKpiYear(models.Model):
    """A KPI's column of the version's own year, as published, with its official light."""

    version = models.ForeignKey(
        PublishedVersion, on_delete=models.CASCADE, related_name="public_kpi_years"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("順序")
    year = models.PositiveSmallIntegerField("年度（民國）")
    number = models.PositiveSmallIntegerField("版次")
    goal_label = models.CharField("目標編號", max_length=10)
    goal_name = models.CharField("關鍵策略目標", max_length=300)
    kpi_label = models.CharField("指標編號", max_length=10)
    kpi_name = models.CharField("關鍵績效指標", max_length=300)
    measurement_standard = models.TextField("衡量標準", blank=True)
    target_text = printed("原訂目標值")
    target_value = decimal_field("原訂目標值")
    target_unit = unit_field("原訂目標值")
    actual_text = printed("實際值")
    actual_value = decimal_field("實際值")
    actual_unit = unit_field("實際值")
    achievement_text = printed("達成度")
    achievement_value = decimal_field("達成度")
    light = models.CharField("燈號", max_length=10, choices=LIGHT_CHOICES, blank=True)
    light_text = printed("燈號")
    tier = models.CharField("評估層級", max_length=20, blank=True)
    is_latest = models.BooleanField("最新版", default=False)

    class Meta:
        verbose_name = "公告指標年度值"
        verbose_name_plural = "公告指標年度值"
        ordering = ["version", "position"]
        indexes = [
            models.Index(fields=["kpi", "is_latest", "year"], name="public_kpi_history"),
            models.Index(fields=["is_latest", "year", "light"], name="public_kpi_light"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_name} {self.year} v{self.number}"


class PublicText(models.Model):
    """A searchable text of a version: a KPI's or goal's name, or a chapter's paragraph."""

    class Kind(models.TextChoices):
        KPI = "kpi", "關鍵績效指標"
        GOAL = "goal", "關鍵策略目標"
        PARAGRAPH = "paragraph", "段落"

    version = models.ForeignKey(
        PublishedVersion, on_delete=models.CASCADE, related_name="public_texts"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度（民國）")
    number = models.PositiveSmallIntegerField("版次")
    position = models.PositiveIntegerField("順序")
    kind = models.CharField("類型", max_length=10, choices=Kind.choices)
    # What the text belongs to: the KPI (kind kpi) or the chapter (kind paragraph).
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    chapter_key = models.CharField("章節", max_length=40, blank=True)
    title = models.CharField("標題", max_length=300)
    text = models.TextField("內容", blank=True)
    is_latest = models.BooleanField("最新版", default=False)

    class Meta:
        verbose_name = "公告檢索文字"
        verbose_name_plural = "公告檢索文字"
        ordering = ["version", "position"]
        indexes = [models.Index(fields=["is_latest", "year"], name="public_text_latest")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"
