"""What needs a person: a reason written for them (a return, a dispute, a rejected revision,
a comment), kept until they read it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from govperf.agencies.models import Unit
from govperf.evaluation.models import Cycle, KpiYear


class Notice(models.Model):
    """One reason addressed to one person, written in the transaction of the step that gave it."""

    class Kind(models.TextChoices):
        UNIT_RETURN = "unit_return", "單位主管退回填報"
        CYCLE_RETURN = "cycle_return", "機關首長退回修正"
        DISPUTE = "dispute", "單位對初評燈號有異議"
        REVISION_REJECTED = "revision_rejected", "目標值修正申請遭駁回"
        LIGHT_COMMENT = "light_comment", "研考單位對燈號的評語"
        REVIEWER_COMMENT = "reviewer_comment", "行政院/國發會的複核意見"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="notices")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True)
    kpi_year = models.ForeignKey(KpiYear, on_delete=models.CASCADE, null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    text = models.TextField("理由")
    link = models.CharField("連結", max_length=300)
    created_at = models.DateTimeField("時間", auto_now_add=True)
    read_at = models.DateTimeField("已讀時間", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.cycle} {self.kind}"
