"""A unit's submission of its KPI-years within a cycle, and where it stands."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from govperf.agencies.models import Unit
from govperf.domain.workflow import SUBMISSION_STATE_LABELS_ZH, SubmissionState
from govperf.evaluation.models import Cycle


class UnitSubmission(models.Model):
    """What one unit reports for one cycle: submitted by its staff, signed off by its head."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="submissions")
    state = models.CharField(
        "狀態",
        max_length=20,
        choices=[(s.value, SUBMISSION_STATE_LABELS_ZH[s]) for s in SubmissionState],
        default=SubmissionState.DRAFT,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "單位填報"
        verbose_name_plural = "單位填報"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="submission_unique_unit")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.unit.name}"
