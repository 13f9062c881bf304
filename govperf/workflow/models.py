"""The cycle's workflow records: unit submissions, deadlines, review comments, versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from govperf.agencies.models import Unit
from govperf.domain.workflow import (
    CYCLE_STATE_LABELS_ZH,
    SUBMISSION_STATE_LABELS_ZH,
    CycleState,
    SubmissionState,
)
from govperf.evaluation.models import Cycle, KpiYear


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


DEADLINE_STEPS = (
    CycleState.OPEN,
    CycleState.UNIT_RESPONSE,
    CycleState.REVISION,
    CycleState.APPROVAL,
)


class Deadline(models.Model):
    """The date by which a step of the cycle (the state it closes) should be done."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="deadlines")
    step = models.CharField(
        "階段",
        max_length=20,
        choices=[(s.value, CYCLE_STATE_LABELS_ZH[s]) for s in DEADLINE_STEPS],
    )
    due_on = models.DateField("截止日期")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "期限"
        verbose_name_plural = "期限"
        ordering = ["cycle", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "step"], name="deadline_unique_step")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.get_step_display()} {self.due_on}"


class ReviewComment(models.Model):
    """A remark on a KPI-year's light: the planning office's comment or the unit's response."""

    class Stance(models.TextChoices):
        COMMENT = "comment", "評語"
        AGREE = "agree", "同意"
        DISPUTE = "dispute", "有異議"

    kpi_year = models.ForeignKey(KpiYear, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    stage = models.CharField(
        "階段", max_length=20, choices=[(s.value, CYCLE_STATE_LABELS_ZH[s]) for s in CycleState]
    )
    stance = models.CharField("立場", max_length=10, choices=Stance.choices)
    text = models.TextField("內容")
    created_at = models.DateTimeField("時間", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "審查意見"
        verbose_name_plural = "審查意見"
        ordering = ["kpi_year", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kpi_year} {self.author} {self.created_at:%Y-%m-%d}"


class PublishedVersion(models.Model):
    """One publication of a cycle's report: version 1 at 公告, one more per correction."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版次")
    reason = models.TextField("理由", blank=True)
    published_on = models.DateField("公告日期")
    # None: stored by an import of the report as it was published outside govperf.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField("建立時間", auto_now_add=True)

    class Meta:
        verbose_name = "公告版本"
        verbose_name_plural = "公告版本"
        ordering = ["cycle", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} v{self.number}"


class PublishedFile(models.Model):
    """A published version's report in one format, kept byte for byte in the `published`
    storage under `storage_key` (govperf/published_files.py)."""

    version = models.ForeignKey(PublishedVersion, on_delete=models.PROTECT, related_name="files")
    format = models.CharField("格式", max_length=10)
    storage_key = models.CharField("儲存位置", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("位元組數")

    class Meta:
        verbose_name = "公告檔案"
        verbose_name_plural = "公告檔案"
        ordering = ["version", "format"]
        constraints = [
            models.UniqueConstraint(fields=["version", "format"], name="file_unique_format")
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.format}"


class ReminderSent(models.Model):
    """A reminder mailed to a user about a deadline; one per kind keeps it from repeating."""

    class Kind(models.TextChoices):
        BEFORE = "before", "截止前提醒"
        AFTER = "after", "逾期提醒"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField("種類", max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField("寄送時間", auto_now_add=True)

    class Meta:
        verbose_name = "已寄提醒"
        verbose_name_plural = "已寄提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "user", "kind"], name="reminder_unique_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline} {self.user} {self.kind}"


# The published public record's models live beside, in their own module.
from govperf.workflow.notices_models import Notice  # noqa: E402
from govperf.workflow.record_models import (  # noqa: E402
    PublicKpiYear,
    PublicSnapshot,
    PublicText,
    PublicYear,
    PublishedDataFile,
)

__all__ = [
    "Deadline",
    "Notice",
    "PublicKpiYear",
    "PublicSnapshot",
    "PublicText",
    "PublicYear",
    "PublishedDataFile",
    "PublishedFile",
    "PublishedVersion",
    "ReminderSent",
    "ReviewComment",
    "UnitSubmission",
]
