"""Forms of the plan pages: a KPI's set-up with its targets by year, and a new goal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from govperf.domain.achievement import Direction, Kind
from govperf.evaluation.models import Cycle, CycleKpi, KpiYear
from govperf.evaluation.plan import KpiSetup, plan_years
from govperf.web.posted import posted_id

KIND_LABELS = {
    Kind.COUNT: _("計數（如人次、件數）"),
    Kind.RATIO: _("比率（%）"),
    Kind.CUMULATIVE: _("累計數或總數"),
    Kind.CRITERIA_MET: _("達到項數"),
    Kind.FORMULA: _("公式（由具名原始數值計算）"),
    Kind.GROWTH: _("較上年度成長率"),
    Kind.SUB_MEASURES: _("分項加總"),
    Kind.NOT_MEASURABLE: _("無法衡量（白燈）"),
}
DIRECTION_LABELS = {Direction.HIGHER: _("越高越好"), Direction.LOWER: _("越低越好")}
TIER_LABELS = {KpiYear.Tier.AGENCY: _("部會管"), KpiYear.Tier.EXECUTIVE: _("院管")}


def kind_label(kind: str) -> str:
    """A kind's name in the page's language; an unknown stored value as it stands."""
    found = KIND_LABELS.get(Kind(kind)) if kind in set(Kind) else None
    return str(found) if found else kind


class PlanKpiForm(forms.Form):
    """A KPI's set-up: its place, rule and tier, standard, and a target for each plan year."""

    goal = forms.TypedChoiceField(label=_("關鍵策略目標"), coerce=int)
    name = forms.CharField(label=_("指標名稱"), required=False, max_length=300)
    unit = forms.TypedChoiceField(label=_("負責單位"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("指標類型"), choices=list(KIND_LABELS.items()))
    direction = forms.ChoiceField(label=_("方向"), choices=list(DIRECTION_LABELS.items()))
    tier = forms.ChoiceField(label=_("評估層級"), choices=list(TIER_LABELS.items()))
    measurement_standard = forms.CharField(
        label=_("衡量標準"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    formula = forms.CharField(
        label=_("計算公式（公式類指標）"),
        required=False,
        help_text=_("以具名原始數值寫成，如（甲＋乙）÷（丙）×100％；名稱即單位填報的欄位。"),
    )
    criteria_count = forms.CharField(
        label=_("達到項數的項目總數（達到項數類指標）"), required=False, max_length=4
    )
    sub_measures = forms.CharField(
        label=_("分項（分項加總類指標）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一項：名稱：本年度目標值，如「培訓人數：120人」。"),
    )

    def __init__(
        self, *args: Any, cycle: Cycle, cycle_kpi: CycleKpi | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cycle, self.cycle_kpi = cycle, cycle_kpi
        goal_field, unit_field = self.fields["goal"], self.fields["unit"]
        goal_field.choices = [(g.pk, f"{g.label}{g.name}") for g in cycle.goals.all()]  # type: ignore[attr-defined]
        units = cycle.agency.units.order_by("name")
        unit_field.choices = [("", "—")] + [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]
        if cycle_kpi is not None:  # a KPI keeps its name: its identity across the years
            self.fields["name"].disabled = True
        for year in plan_years(cycle):
            label = gettext("%(year)s目標值") % {"year": gettext("%(year)s年度") % {"year": year}}
            self.fields[f"target_{year}"] = forms.CharField(
                label=label, required=False, max_length=200
            )
        self.fields["reason"] = forms.CharField(
            label=_("理由（目標值低於前一年度實際值時必填）"), required=False, max_length=200
        )

    def setup(self) -> KpiSetup:
        """What was typed, for the plan's services (they check it)."""
        data = self.cleaned_data
        return KpiSetup(
            goal_id=data["goal"],
            name=data.get("name") or "",
            unit_id=data.get("unit"),
            kind=data["kind"],
            direction=data["direction"],
            tier=data["tier"],
            measurement_standard=data["measurement_standard"],
            formula=data["formula"],
            criteria_count=data["criteria_count"],
            sub_measures=data["sub_measures"],
            targets={year: data[f"target_{year}"] for year in plan_years(self.cycle)},
            reason=data["reason"],
        )


def plan_initial(setup: KpiSetup) -> dict[str, Any]:
    """A stored set-up as the form's initial values."""
    initial: dict[str, Any] = {
        "goal": setup.goal_id,
        "name": setup.name,
        "unit": setup.unit_id,
        "kind": setup.kind,
        "direction": setup.direction,
        "tier": setup.tier,
        "measurement_standard": setup.measurement_standard,
        "formula": setup.formula,
        "criteria_count": setup.criteria_count,
        "sub_measures": setup.sub_measures,
    }
    return initial | {f"target_{year}": text for year, text in setup.targets.items()}


class GoalForm(forms.Form):
    """A new key strategic goal (關鍵策略目標)."""

    name = forms.CharField(label=_("新目標名稱"), max_length=300)


def posted_cycle_kpi(cycle: Cycle, raw: object) -> CycleKpi | None:
    """The cycle's KPI a preview names, or None (a new KPI, or an id of another cycle)."""
    found = posted_id(raw)
    if found is None:
        return None
    return cycle.cycle_kpis.select_related("kpi", "cycle").filter(pk=found).first()
