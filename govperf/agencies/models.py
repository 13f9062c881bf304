"""Agencies (機關) and their units (單位)."""

from __future__ import annotations

from django.db import models


class Agency(models.Model):
    """A government agency that runs its own yearly evaluation, e.g. 外交部."""

    name = models.CharField("機關名稱", max_length=100, unique=True)
    name_en = models.CharField("English name", max_length=200, blank=True)

    class Meta:
        verbose_name = "機關"
        verbose_name_plural = "機關"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit of an agency: a business unit, or the planning, accounting or personnel office."""

    class Kind(models.TextChoices):
        BUSINESS = "business", "業務單位"
        PLANNING = "planning", "研考單位"
        ACCOUNTING = "accounting", "會計單位"
        PERSONNEL = "personnel", "人事單位"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units")
    name = models.CharField("單位名稱", max_length=100)
    kind = models.CharField("類型", max_length=20, choices=Kind.choices, default=Kind.BUSINESS)

    class Meta:
        verbose_name = "單位"
        verbose_name_plural = "單位"
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.name}"
