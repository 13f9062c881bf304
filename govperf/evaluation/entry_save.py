"""The service that saves a KPI-year's entry from the web form, with optimistic concurrency."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from govperf.domain.achievement import AchievementError, Direction, Kind
from govperf.domain.achievement import SubMeasure as SubFigures
from govperf.domain.text import LONG_TEXT_MAX_LENGTH, REASON_MAX_LENGTH, TextError, clean_text
from govperf.domain.values import Measure, ValueParseError, decimal_text, parse_measure
from govperf.evaluation.entry import (
    achievement_fields,
    achievement_of,
    actual_parse,
    counts,
    formula_actual,
    kpi_year_change_check,
    missed,
    summed,
    target_editable,
    target_of,
)
from govperf.evaluation.history import Change, kpi_year_changes_since
from govperf.evaluation.models import KpiYear, SubMeasure
from govperf.evaluation.plan import soft_targets
from govperf.records.write import recorded_save

CHANGE_REASON = "網頁填報"
TEXT_FIELDS = {
    "analysis": "績效衡量暨達成情形分析",
    "missed_reason": "未達成原因分析暨因應策略",
}


class StaleEntry(ValidationError):
    """The KPI-year was saved by someone else after the form was loaded; nothing was written."""

    def __init__(self, changes: list[Change], version: int) -> None:
        self.changes, self.version = changes, version
        super().__init__(
            "此指標在您開啟後已被他人修改，您的資料尚未儲存；請核對下列變更後再次儲存。"
        )


@dataclass
class Entry:
    """What a person typed into the form; texts as typed."""

    version: int
    actual_text: str = ""
    analysis: str = ""
    missed_reason: str = ""
    target_text: str | None = None  # only in draft, only for plan.edit holders
    sub_actuals: dict[int, str] = field(default_factory=dict)
    sub_targets: dict[int, str] = field(default_factory=dict)  # as target_text
    inputs: dict[str, str] = field(default_factory=dict)


def _check_version(kpi_year: KpiYear, version: int) -> None:
    if kpi_year.version != version:
        raise StaleEntry(kpi_year_changes_since(kpi_year, version), kpi_year.version)


def _parse_subs(
    kpi_year: KpiYear, typed: dict[int, str], errors: dict[str, str]
) -> dict[int, Measure]:
    subs = {sub.pk: sub for sub in kpi_year.sub_measures.all()}
    parsed: dict[int, Measure] = {}
    for pk, text in typed.items():
        if pk not in subs:  # a forged id: another KPI's sub-measure
            raise ValidationError(f"分項編號 {pk} 不屬於此指標。")
        sub = subs[pk]
        result = actual_parse(
            text.strip(), sub.actual_text, sub.target_value, sub.target_unit, negative_ok=False
        )
        if isinstance(result, str):
            errors[f"sub_{pk}"] = gettext("分項「%(name)s」：%(problem)s") % {
                "name": sub.name,
                "problem": result,
            }
        else:
            parsed[pk] = result
    return parsed


def _actual(kpi_year: KpiYear, entry: Entry, subs: dict[int, Measure]) -> Measure | str:
    if kpi_year.kind == Kind.SUB_MEASURES:
        values = [
            subs[sub.pk].value if sub.pk in subs else sub.actual_value
            for sub in kpi_year.sub_measures.all()
        ]
        try:
            return summed(kpi_year, values)
        except ValueParseError as error:
            return error.text(gettext)
    target = target_of(kpi_year)
    typed = entry.actual_text.strip()
    computed = formula_actual(kpi_year, _inputs(kpi_year, entry.inputs))
    if computed is None or isinstance(computed, str):
        parsed = actual_parse(
            typed, kpi_year.actual_text, target.value, target.unit, negative_ok=not counts(kpi_year)
        )
        return computed if isinstance(computed, str) else parsed
    return _formula_agrees(kpi_year, typed, computed)


def _formula_agrees(kpi_year: KpiYear, typed: str, computed: Measure) -> Measure | str:
    """A formula KPI's actual is the one its inputs give: typed blank or left as stored, it is
    replaced by the computed one; typed otherwise, it must be that number."""
    if typed in ("", kpi_year.actual_text.strip(), computed.text):
        return computed
    try:
        value = parse_measure(typed).value
    except ValueParseError as error:
        return error.text(gettext)
    if value == computed.value:
        return computed
    return gettext(
        "此指標的實際值由公式「%(formula)s」依公式原始數值計算為 %(computed)s，"
        "與填寫的「%(typed)s」不符；請清空實際值，或修正公式原始數值。"
    ) % {"formula": kpi_year.formula, "computed": computed.text, "typed": typed}


def _check_inputs(kpi_year: KpiYear, typed: dict[str, str], errors: dict[str, str]) -> None:
    """Every typed formula input parses (`8,500` → 8500), named by its input."""
    for name in kpi_year.inputs or {}:
        if name not in typed:
            continue
        try:
            parse_measure(typed[name].strip())
        except ValueParseError as error:
            errors[f"input_{name}"] = gettext("公式數值「%(name)s」：%(error)s") % {
                "name": name,
                "error": error.text(gettext),
            }


def _check_texts(entry: Entry, errors: dict[str, str]) -> None:
    for name, label in TEXT_FIELDS.items():
        try:
            clean_text(getattr(entry, name), field=label, max_length=LONG_TEXT_MAX_LENGTH)
        except TextError as error:
            errors[name] = error.text(gettext)


def _achievement(kpi_year: KpiYear, actual: Measure, subs: dict[int, Measure]) -> Decimal | None:
    figures: list[SubFigures] = []
    for sub in kpi_year.sub_measures.all():
        value = subs[sub.pk].value if sub.pk in subs else sub.actual_value
        if sub.target_value is None or value is None:
            figures = []
            break
        figures.append(SubFigures(sub.target_value, value))
    return achievement_of(kpi_year, actual.value, figures or None)


def entry_check(
    kpi_year: KpiYear, entry: Entry, *, require_reason: bool = True
) -> tuple[Measure, dict[int, Measure], Decimal | None]:
    """Parse and check everything typed; a ValidationError keyed by field names when wrong."""
    errors: dict[str, str] = {}
    _check_texts(entry, errors)
    _check_inputs(kpi_year, entry.inputs, errors)
    subs = _parse_subs(kpi_year, entry.sub_actuals, errors)
    actual = _actual(kpi_year, entry, subs)
    if isinstance(actual, str):
        errors["actual_text"] = actual
        actual = Measure("", None, "")
    rate = None
    try:
        rate = _achievement(kpi_year, actual, subs)
    except AchievementError as error:
        errors.setdefault("actual_text", str(error))
    if require_reason and not errors and missed(rate) and not entry.missed_reason.strip():
        errors["missed_reason"] = gettext(
            "未達目標值 %(target)s（達成度 %(rate)s%%），須填寫未達成原因分析暨因應策略。"
        ) % {"target": target_of(kpi_year).text, "rate": decimal_text(rate)}
    if errors:
        raise ValidationError(errors)
    return actual, subs, rate


def _save_subs(
    actor: AbstractBaseUser, kpi_year: KpiYear, subs: dict[int, Measure], reason: str
) -> None:
    for sub in SubMeasure.objects.filter(kpi_year=kpi_year, pk__in=subs):
        measure = subs[sub.pk]
        if measure.text == sub.actual_text:
            continue
        sub.actual_text, sub.actual_value, sub.actual_unit = (
            measure.text,
            measure.value,
            measure.unit,
        )
        recorded_save(sub, actor=actor, reason=reason)


def _parsed(text: str, field: str, errors: dict[str, str]) -> Measure | None:
    try:
        return parse_measure(text.strip())
    except ValueParseError as error:
        errors[field] = error.text(gettext)
        return None


def _set_sub_targets(
    actor: AbstractBaseUser, kpi_year: KpiYear, typed: dict[int, str]
) -> dict[str, str]:
    subs = {sub.pk: sub for sub in kpi_year.sub_measures.all()}
    errors: dict[str, str] = {}
    for pk, text in typed.items():
        if pk not in subs:  # a forged id: another KPI's sub-measure
            raise ValidationError(f"分項編號 {pk} 不屬於此指標。")
        measure, sub = _parsed(text, f"subtarget_{pk}", errors), subs[pk]
        if measure is None or measure.text == sub.target_text:
            continue
        sub.target_text, sub.target_value, sub.target_unit = (
            measure.text,
            measure.value,
            measure.unit,
        )
        recorded_save(sub, actor=actor, reason="設定目標值")
    return errors


def _soft_target_refusal(kpi_year: KpiYear, measure: Measure) -> dict[str, str]:
    """A changed target below last year's actual needs a reason, as on the plan's form."""
    soft = soft_targets(
        cycle_kpi=kpi_year.cycle_kpi,
        targets={kpi_year.year: measure},
        direction=Direction(kpi_year.direction),
    )
    if not soft:
        return {}
    return {"reason": f"{soft[0].message}{gettext('須填寫修改說明才能儲存。')}"}


def _set_targets(actor: AbstractBaseUser, kpi_year: KpiYear, entry: Entry, reason: str) -> None:
    """In draft, `plan.edit` holders set the KPI-year's and its sub-measures' targets;
    otherwise typed targets are ignored (they are frozen, revised through TargetRevision)."""
    if not target_editable(actor, kpi_year):
        return
    errors = _set_sub_targets(actor, kpi_year, entry.sub_targets)
    if entry.target_text is not None:
        measure = _parsed(entry.target_text, "target_text", errors)
        if measure is not None and measure.text != kpi_year.target_text and not reason:
            errors |= _soft_target_refusal(kpi_year, measure)
        if measure is not None:
            kpi_year.target_text, kpi_year.target_value = measure.text, measure.value
            kpi_year.target_unit = measure.unit
    if errors:
        raise ValidationError(errors)


def _inputs(kpi_year: KpiYear, typed: dict[str, str]) -> dict[str, Any]:
    """The formula's raw inputs with what was typed (kept as typed: `8,500`, parsed by
    `domain.values.parse_inputs` wherever they are read); unknown names are ignored."""
    stored = dict(kpi_year.inputs or {})
    return stored | {name: typed[name].strip() for name in stored if name in typed}


def kpi_year_enter(
    *, actor: AbstractBaseUser, kpi_year_id: int, entry: Entry, reason: str = ""
) -> KpiYear:
    """Save the typed entry if the stored version is the one the form was loaded with.

    Raises ChangeRefused (the policy table's refusal) when `actor` may not enter now,
    StaleEntry when someone else saved first, ValidationError (by field) for bad input;
    nothing is written in any of those cases.
    """
    try:
        reason = clean_text(reason, field="修改說明", max_length=REASON_MAX_LENGTH)
    except TextError as error:
        raise ValidationError({"reason": error.text(gettext)}) from error
    with transaction.atomic():
        kpi_year = (
            KpiYear.objects.select_for_update(of=("self",))
            .select_related("cycle_kpi__cycle__agency", "cycle_kpi__unit")
            .get(pk=kpi_year_id)
        )
        kpi_year_change_check(actor, kpi_year)
        _check_version(kpi_year, entry.version)
        _set_targets(actor, kpi_year, entry, reason.strip())
        actual, subs, rate = entry_check(kpi_year, entry)
        _save_subs(actor, kpi_year, subs, reason.strip() or CHANGE_REASON)
        changes = dict(
            actual_text=actual.text, actual_value=actual.value, actual_unit=actual.unit,
            analysis=entry.analysis.strip(), missed_reason=entry.missed_reason.strip(),
            inputs=_inputs(kpi_year, entry.inputs),
            **achievement_fields(rate),
        )  # fmt: skip
        for name, value in changes.items():
            setattr(kpi_year, name, value)
        kpi_year.version += 1
        recorded_save(kpi_year, actor=actor, reason=reason.strip() or CHANGE_REASON)
    return kpi_year
