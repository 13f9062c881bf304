"""Forms of the KPI entry pages: the entry itself, evidence, target revisions, bulk upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from govperf.domain.achievement import Kind
from govperf.evaluation.entry_save import Entry
from govperf.evaluation.models import KpiYear
from govperf.web.templatetags.govperf import with_data


class EntryForm(forms.Form):
    """A KPI-year's entry; sub-measure actuals and formula inputs are added per KPI-year."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2**31 - 1,
        error_messages={
            key: _("表單缺少版本號，或版本號不正確；請重新載入本頁後再儲存。")
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )
    actual_text = forms.CharField(label=_("實際值"), required=False, max_length=200)
    analysis = forms.CharField(
        label=_("績效衡量暨達成情形分析"), required=False, widget=forms.Textarea
    )
    missed_reason = forms.CharField(
        label=_("未達成原因分析暨因應策略"), required=False, widget=forms.Textarea
    )
    reason = forms.CharField(label=_("修改說明（選填）"), required=False, max_length=200)

    def __init__(self, *args: Any, kpi_year: KpiYear, with_target: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kpi_year = kpi_year
        if kpi_year.kind == Kind.SUB_MEASURES:
            self.fields["actual_text"].disabled = True
            self.fields["actual_text"].help_text = _("由下列分項的實際值加總而得。")
        if with_target:
            self.fields["target_text"] = forms.CharField(
                label=_("原訂目標值"), required=False, max_length=200
            )
        for sub in kpi_year.sub_measures.all():
            if with_target:
                self.fields[f"subtarget_{sub.pk}"] = forms.CharField(
                    label=with_data(str(_("%(name)s：目標值")), name=sub.name),
                    required=False,
                    max_length=200,
                )
            self.fields[f"sub_{sub.pk}"] = forms.CharField(
                label=with_data(
                    str(_("%(name)s（%(target)s）")), name=sub.name, target=sub.target_text
                ),
                required=False,
                max_length=200,
            )
        for name in kpi_year.inputs or {}:
            self.fields[f"input_{name}"] = forms.CharField(
                label=with_data("%(name)s", name=name), required=False, max_length=100
            )

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            version=data["version"],
            actual_text=data["actual_text"],
            analysis=data["analysis"],
            missed_reason=data["missed_reason"],
            target_text=data.get("target_text"),
            sub_actuals={int(k[4:]): v for k, v in data.items() if k.startswith("sub_")},
            sub_targets={int(k[10:]): v for k, v in data.items() if k.startswith("subtarget_")},
            inputs={k[6:]: v for k, v in data.items() if k.startswith("input_")},
        )


def entry_initial(kpi_year: KpiYear) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "version": kpi_year.version,
        "actual_text": kpi_year.actual_text,
        "analysis": kpi_year.analysis,
        "missed_reason": kpi_year.missed_reason,
        "target_text": kpi_year.target_text,
    }
    for sub in kpi_year.sub_measures.all():
        initial |= {f"sub_{sub.pk}": sub.actual_text, f"subtarget_{sub.pk}": sub.target_text}
    initial |= {f"input_{k}": v for k, v in (kpi_year.inputs or {}).items()}
    return initial


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("檔案"))
    description = forms.CharField(label=_("說明"), required=False, max_length=300)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=500)


class TargetRevisionForm(forms.Form):
    revised_text = forms.CharField(label=_("修正目標值"), max_length=200)
    reason = forms.CharField(label=_("修正理由"), widget=forms.Textarea)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("決定"), choices=[("approve", _("核定")), ("reject", _("駁回"))]
    )
    note = forms.CharField(label=_("意見"), required=False, widget=forms.Textarea)


class BulkUploadForm(forms.Form):
    file = forms.FileField(label=_("填妥的 XLSX 表單"))
