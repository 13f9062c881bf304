"""Open data kept once built: the file of every agency-year, per published state."""

from __future__ import annotations

from django.db import models


class AllDataFile(models.Model):
    """Every agency-year's latest published version in one open-data format (json, csv as a
    zip of the tables, xlsx), built from the published snapshots for one published state
    (`stamp`, which a publication changes). Built at publication, not when downloaded: at
    national scale building takes seconds. The bytes are in the `published` storage under
    `storage_key`."""

    stamp = models.CharField("公告狀態", max_length=60)
    format = models.CharField("格式", max_length=10)
    storage_key = models.CharField("儲存位置", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("位元組數")
    created_at = models.DateTimeField("建立時間", auto_now_add=True)

    class Meta:
        verbose_name = "全部機關開放資料檔"
        verbose_name_plural = "全部機關開放資料檔"
        constraints = [
            models.UniqueConstraint(fields=["stamp", "format"], name="all_data_unique_format")
        ]

    def __str__(self) -> str:
        return f"all.{self.format} ({self.stamp})"
