"""Evaluation cycles, strategic goals, KPIs with their yearly values, lights and statistics."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from govperf.agencies.models import Agency, Unit
from govperf.domain.achievement import Direction, Kind
from govperf.domain.lights import Light
from govperf.domain.values import (
    NUMBER_DECIMAL_PLACES,
    NUMBER_MAX_DIGITS,
    PRINTED_MAX_LENGTH,
    UNIT_MAX_LENGTH,
)
from govperf.domain.workflow import CYCLE_STATE_LABELS_ZH, CycleState

LIGHT_CHOICES = [(light.value, f"{light.symbol} {light.label_zh}") for light in Light]


def printed(verbose: str) -> models.CharField:  # type: ignore[type-arg]
    """The text of a cell as printed (`90％`, `1,500次`, `--`)."""
    return models.CharField(f"{verbose}（原文）", max_length=PRINTED_MAX_LENGTH, blank=True)


def number(verbose: str) -> models.DecimalField:  # type: ignore[type-arg]
    """The number parsed from a printed cell; null for `--` or a blank cell."""
    return models.DecimalField(
        verbose,
        max_digits=NUMBER_MAX_DIGITS,
        decimal_places=NUMBER_DECIMAL_PLACES,
        null=True,
        blank=True,
    )


def unit(verbose: str) -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(f"{verbose}單位", max_length=UNIT_MAX_LENGTH, blank=True)


class Cycle(models.Model):
    """An agency's evaluation of one ROC year, and the report it publishes (施政績效報告)."""

    State = CycleState  # the cycle workflow's states (govperf/domain/workflow.py)

    class Layout(models.TextChoices):
        ROC107 = "roc107", "107年度版（壹至柒）"
        POST_REFORM = "post_reform", "108年度改制後版"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="cycles")
    year = models.PositiveSmallIntegerField("年度（民國）")
    title = models.CharField("報告名稱", max_length=200)
    published_on = models.DateField("公告日期", null=True, blank=True)
    published_on_text = printed("公告日期")
    state = models.CharField(
        "狀態",
        max_length=20,
        choices=[(state.value, CYCLE_STATE_LABELS_ZH[state]) for state in CycleState],
        default=CycleState.DRAFT,
    )
    layout = models.CharField(
        "報告版型", max_length=20, choices=Layout.choices, default=Layout.ROC107
    )
    source_name = models.CharField("匯入來源", max_length=255, blank=True)
    source_sha256 = models.CharField("匯入來源指紋", max_length=64, blank=True)
    table_headers = models.JSONField("表頭（原文）", default=dict, blank=True)
    light_bands = models.JSONField(
        "燈號級距", default=dict, blank=True, help_text="空白表示預設級距（見 light_rules.py）"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "評估年度"
        verbose_name_plural = "評估年度"
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="cycle_unique_year_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.year}年度"


class Goal(models.Model):
    """A key strategic goal (關鍵策略目標) of a cycle, numbered （一）（二）…."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField("順序")
    label = models.CharField("編號", max_length=10)
    name = models.CharField("名稱（原文）", max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "關鍵策略目標"
        verbose_name_plural = "關鍵策略目標"
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "position"], name="goal_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.label}{self.name}"


class Kpi(models.Model):
    """A KPI (關鍵績效指標) of an agency; keeps its identity across years and cycles."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField("名稱", max_length=300)

    class Meta:
        verbose_name = "關鍵績效指標"
        verbose_name_plural = "關鍵績效指標"
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="kpi_unique_name_per_agency")
        ]

    def __str__(self) -> str:
        return self.name


class CycleKpi(models.Model):
    """A KPI as it stands in one cycle: under which goal, numbered how, with its table note."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="cycle_kpis")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="cycle_kpis")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="cycle_kpis")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cycle_kpis",
        verbose_name="負責單位",
    )
    position = models.PositiveSmallIntegerField("順序")
    label = models.CharField("編號", max_length=10)
    row_labels = models.JSONField("列名（原文）", default=list)
    table_note = models.TextField("表註", blank=True)

    class Meta:
        verbose_name = "年度關鍵績效指標"
        verbose_name_plural = "年度關鍵績效指標"
        ordering = ["cycle", "goal__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kpi"], name="cycle_kpi_unique"),
            models.UniqueConstraint(fields=["goal", "position"], name="cycle_kpi_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.kpi.name}"


class KpiYear(models.Model):
    """One year's column of a KPI's table in a cycle's report, and that year's narrative."""

    class Tier(models.TextChoices):
        EXECUTIVE = "executive", "院管"
        AGENCY = "agency", "部會管"
        NONE = "", "（該年度無此指標）"

    cycle_kpi = models.ForeignKey(CycleKpi, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("年度（民國）")
    header_text = printed("表頭")
    measurement_standard = models.TextField("衡量標準", blank=True)
    target_text = printed("原訂目標值")
    target_value = number("原訂目標值")
    target_unit = unit("原訂目標值")
    actual_text = printed("實際值")
    actual_value = number("實際值")
    actual_unit = unit("實際值")
    achievement_text = printed("達成度")
    achievement_value = number("達成度")
    initial_light_text = printed("初核結果")
    initial_light = models.CharField("初核燈號", max_length=10, choices=LIGHT_CHOICES, blank=True)
    review_light_text = printed("複核結果")
    review_light = models.CharField("複核燈號", max_length=10, choices=LIGHT_CHOICES, blank=True)
    tier = models.CharField("評估層級", max_length=20, choices=Tier.choices, blank=True)
    kind = models.CharField(
        "指標類型", max_length=20, choices=[(k.value, k.value) for k in Kind], default=Kind.COUNT
    )
    direction = models.CharField(
        "方向",
        max_length=10,
        choices=[(Direction.HIGHER.value, "越高越好"), (Direction.LOWER.value, "越低越好")],
        default=Direction.HIGHER,
    )
    formula = models.TextField("計算公式", blank=True)
    inputs = models.JSONField("公式原始數值", default=dict, blank=True)
    criteria_count = models.PositiveSmallIntegerField("達到項數總項數", null=True, blank=True)
    light_reason = models.TextField("燈號與建議不同之理由", blank=True)  # the initial light's
    review_light_reason = models.TextField("複核燈號與建議不同之理由", blank=True)
    standard_detail = models.TextField("衡量標準說明", blank=True)
    analysis = models.TextField("績效衡量暨達成情形分析", blank=True)
    missed_reason = models.TextField("未達成原因分析暨因應策略", blank=True)
    revised_target_text = printed("修正目標值")
    revised_target_value = number("修正目標值")
    revised_target_unit = unit("修正目標值")
    version = models.PositiveIntegerField("版本", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "關鍵績效指標年度值"
        verbose_name_plural = "關鍵績效指標年度值"
        ordering = ["cycle_kpi", "year"]
        constraints = [
            models.UniqueConstraint(fields=["cycle_kpi", "year"], name="kpi_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_kpi.kpi.name} {self.year}年度"


class SubMeasure(models.Model):
    """A sub-measure with its own target and actual, summed into its KPI's value."""

    kpi_year = models.ForeignKey(KpiYear, on_delete=models.CASCADE, related_name="sub_measures")
    position = models.PositiveSmallIntegerField("順序")
    name = models.CharField("名稱", max_length=300)
    target_text = printed("目標值")
    target_value = number("目標值")
    target_unit = unit("目標值")
    actual_text = printed("實際值")
    actual_value = number("實際值")
    actual_unit = unit("實際值")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "分項指標"
        verbose_name_plural = "分項指標"
        ordering = ["kpi_year", "position"]


class Shortfall(models.Model):
    """An entry of 未達目標項目檢討 as published; the reason text lives on the KPI-year."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="shortfalls")
    kpi_year = models.ForeignKey(KpiYear, on_delete=models.CASCADE, related_name="shortfalls")
    position = models.PositiveSmallIntegerField("順序")
    goal_heading = models.CharField("目標標題（原文）", max_length=300, blank=True)
    kpi_name = models.CharField("指標名稱（原文）", max_length=300)
    standard = models.TextField("衡量標準（原文）", blank=True)
    target_text = printed("原訂目標值")
    actual_text = printed("實際值")
    gap_text = printed("達成度差異值")
    gap_value = number("達成度差異值")

    class Meta:
        verbose_name = "未達目標項目"
        verbose_name_plural = "未達目標項目"
        ordering = ["cycle", "position"]


class LightTableRow(models.Model):
    """A row of the published light table (各關鍵績效指標燈號)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="light_rows")
    cycle_kpi = models.ForeignKey(
        CycleKpi, on_delete=models.SET_NULL, null=True, blank=True, related_name="light_rows"
    )
    position = models.PositiveSmallIntegerField("順序")
    goal_number = printed("目標編號")
    goal_name = printed("關鍵策略目標")
    item = printed("項次")
    kpi_name = printed("關鍵績效指標")
    initial_light_text = printed("初核")
    review_light_text = printed("複核")

    class Meta:
        verbose_name = "燈號表列"
        verbose_name_plural = "燈號表"
        ordering = ["cycle", "position"]


class LightStatistic(models.Model):
    """One cell pair (項數, 比例) of the published light statistics (績效燈號統計)."""

    class Category(models.TextChoices):
        TOTAL = "total", "小計"
        GREEN = "green", "綠燈"
        YELLOW = "yellow", "黃燈"
        RED = "red", "紅燈"
        WHITE = "white", "白燈"

    class Stage(models.TextChoices):
        INITIAL = "initial", "初核"
        REVIEW = "review", "複核"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="light_statistics")
    position = models.PositiveSmallIntegerField("列順序")
    year = models.PositiveSmallIntegerField("年度（民國）")
    category = models.CharField("燈號", max_length=10, choices=Category.choices)
    stage = models.CharField("階段", max_length=10, choices=Stage.choices)
    light_text = printed("燈號")
    stage_text = printed("階段")
    count_text = printed("項數")
    count_value = number("項數")
    percent_text = printed("比例(%)")
    percent_value = number("比例(%)")

    class Meta:
        verbose_name = "燈號統計"
        verbose_name_plural = "燈號統計"
        ordering = ["cycle", "position", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "position", "year"], name="light_statistic_unique"
            )
        ]


def evidence_path(instance: Evidence, filename: str) -> str:
    """Where an evidence file is stored: `evidence/<cycle>/<kpi_year>/<name>`."""
    return f"evidence/{instance.kpi_year.cycle_kpi.cycle_id}/{instance.kpi_year_id}/{filename}"


class Evidence(models.Model):
    """A file supporting a KPI-year's figures (佐證資料); withdrawn with a reason, never deleted."""

    kpi_year = models.ForeignKey(KpiYear, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField("檔案", upload_to=evidence_path, max_length=300)
    original_name = models.CharField("原始檔名", max_length=255)
    description = models.CharField("說明", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上傳者"
    )
    uploaded_at = models.DateTimeField("上傳時間", auto_now_add=True)
    withdrawn = models.BooleanField("已撤回", default=False)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "佐證資料"
        verbose_name_plural = "佐證資料"
        ordering = ["kpi_year", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class TargetRevision(models.Model):
    """A request to revise a KPI-year's target once its cycle is open (目標值修正)."""

    class State(models.TextChoices):
        REQUESTED = "requested", "待核定"
        APPROVED = "approved", "已核定"
        REJECTED = "rejected", "已駁回"

    kpi_year = models.ForeignKey(KpiYear, on_delete=models.PROTECT, related_name="target_revisions")
    original_text = printed("原訂目標值")
    revised_text = printed("修正目標值")
    revised_value = number("修正目標值")
    revised_unit = unit("修正目標值")
    reason = models.TextField("修正理由")
    state = models.CharField("狀態", max_length=10, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申請者"
    )
    requested_at = models.DateTimeField("申請時間", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="核定者",
    )
    decided_at = models.DateTimeField("核定時間", null=True, blank=True)
    decision_note = models.TextField("核定意見", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "目標值修正"
        verbose_name_plural = "目標值修正"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kpi_year}：{self.original_text} → {self.revised_text}"


class PlanTarget(models.Model):
    """A KPI's target for a coming year of the mid-term plan (中程計畫), before that year's
    cycle exists; opening that year's cycle takes it as the year's 原訂目標值."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="plan_targets")
    year = models.PositiveSmallIntegerField("年度（民國）")
    target_text = printed("目標值")
    target_value = number("目標值")
    target_unit = unit("目標值")
    reason = models.TextField("理由", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "中程計畫目標值"
        verbose_name_plural = "中程計畫目標值"
        ordering = ["kpi", "year"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "year"], name="plan_target_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.kpi.name} {self.year}年度：{self.target_text}"
