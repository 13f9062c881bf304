"""Forms of the yearly cycle's pages: deadlines, a workflow step's reason, a light review."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from govperf.domain.lights import Light
from govperf.workflow.models import DEADLINE_STEPS, Deadline

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STEP_LABELS = {
    "open": _("填報截止日"),
    "unit_response": _("單位回應截止日"),
    "revision": _("研考修正截止日"),
    "approval": _("陳核截止日"),
}


class DeadlineForm(forms.Form):
    """One optional date per step; the step's current date is the initial value."""

    def __init__(self, *args: Any, deadlines: list[Deadline] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        current = {d.step: d.due_on for d in deadlines or []}
        for step in DEADLINE_STEPS:
            self.fields[step.value] = forms.DateField(
                label=STEP_LABELS[step.value],
                required=False,
                widget=DATE_INPUT,
                initial=current.get(step.value),
            )

    def due(self) -> dict[str, date | None]:
        return {step.value: self.cleaned_data.get(step.value) for step in DEADLINE_STEPS}


class LightForm(forms.Form):
    """The planning office's initial light for one KPI-year, with a reason and a comment."""

    kpi_year = forms.IntegerField(widget=forms.HiddenInput)
    light = forms.ChoiceField(
        label=_("初評燈號"),
        choices=[
            (light.value, format_lazy("{} {}", light.symbol, _(light.label_zh))) for light in Light
        ],
    )
    reason = forms.CharField(label=_("與建議不同之理由"), required=False)
    comment = forms.CharField(label=_("評語"), required=False, widget=forms.Textarea({"rows": 2}))


class ResponseForm(forms.Form):
    """A comment on a KPI-year's light: the planning office's, or the unit's agree/dispute."""

    stance = forms.ChoiceField(
        label=_("立場"),
        choices=[("comment", _("評語")), ("agree", _("同意")), ("dispute", _("有異議"))],
    )
    text = forms.CharField(label=_("內容"), required=False, widget=forms.Textarea({"rows": 3}))


class ReReviewForm(forms.Form):
    """A reviewer's 複核 light for an executive-tier KPI-year, with a reason where it differs."""

    re_review_light = forms.ChoiceField(
        label=_("複核燈號"),
        choices=[
            (light.value, format_lazy("{} {}", light.symbol, _(light.label_zh))) for light in Light
        ],
    )
    reason = forms.CharField(label=_("與建議不同之理由"), required=False)
