"""Pages of the report's narrative: chapters and their owners, editing, recommendations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from govperf.domain.policy import Area
from govperf.evaluation.policy import lock_notice, may_change, role_check
from govperf.evaluation.public_pages import public_reads_portal
from govperf.evaluation.scope import cycle_get_for_user, cycle_list_for_user
from govperf.narrative import selectors, services
from govperf.narrative.editing import ChapterConflict, ChapterEdit, chapter_save
from govperf.narrative.models import Chapter, Recommendation
from govperf.web.access import SIGNED_IN, access
from govperf.web.posted import posted_id

# The block kinds' labels, translated where the edit page shows them.
KIND_WORDS = (
    gettext_noop("段落"),
    gettext_noop("註"),
    gettext_noop("圖"),
    gettext_noop("表格位置"),
)
# The narrative services' fixed refusals, translated where a form shows them beside their field.
SERVICE_MESSAGES = (gettext_noop("辦理情形：請填寫內容。"),)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _by_field(error: ValidationError) -> dict[str, list[str]]:
    """A refusal's reasons by the field they are about; "" for the whole form."""
    if hasattr(error, "error_dict"):
        return dict(error.message_dict)
    return {"": list(error.messages)}


class _BadUnit(Exception):
    """The posted unit is neither empty (nobody) nor a plain id."""


def _unit_id(request: HttpRequest) -> int | None:
    """The chosen unit's id, None for "nobody"; _BadUnit for a missing or malformed field."""
    raw = request.POST.get("unit")
    if raw == "":
        return None
    found = posted_id(raw)
    if found is None:
        raise _BadUnit
    return found


@public_reads_portal("chapters")
@access(SIGNED_IN)
def chapters(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The report's chapters with their owner units; the planning office assigns owners."""
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    return _chapters_page(request, cycle)


def _chapter_row(request: HttpRequest, item: Chapter) -> tuple[Chapter, bool, bool]:
    """A chapter, whether its reader may ever write it, and whether now."""
    user, cycle, owner = request.user, item.cycle, item.owner
    return (
        item,
        selectors.chapter_editable_by(user=user, chapter=item),
        may_change(user=user, area=Area.CHAPTERS, cycle=cycle, unit=owner),
    )


def _chapters_page(request: HttpRequest, cycle: Any, status: int = 200) -> HttpResponse:
    items = list(cycle.chapters.select_related("owner"))
    context = {
        "cycle": cycle,
        "chapters": [_chapter_row(request, item) for item in items],
        "plans": selectors.plans_report(user=request.user, agency=cycle.agency),
        "may_assign": may_change(user=request.user, area=Area.CHAPTER_OWNERS, cycle=cycle),
        "lock_notice": lock_notice(user=request.user, area=Area.CHAPTER_OWNERS, cycle=cycle),
        "units": selectors.agency_units(agency=cycle.agency),
    }
    return render(request, "narrative/chapters.html", context, status=status)


@access("report.edit")
def chapters_create(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Create a cycle's chapters from its layout (a cycle that has none yet)."""
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    if request.method == "POST":
        if not selectors.plans_report(user=request.user, agency=cycle.agency):
            raise PermissionDenied(_("只有研考單位可以建立報告章節。"))
        try:
            created = services.cycle_create_chapters(cycle=cycle)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("已依版型建立 %(count)s 章。") % {"count": len(created)})
    return redirect("narrative:chapters", cycle_id=cycle.pk)


@access(SIGNED_IN)  # the policy table decides, in the service
def chapter_assign(request: HttpRequest, chapter_id: int) -> HttpResponse:
    """Assign a chapter's owner unit (planning office)."""
    visible = cycle_list_for_user(user=request.user)
    chapter = Chapter.objects.filter(cycle__in=visible, pk=chapter_id).first()
    if chapter is None:
        raise Http404("找不到此章節。")
    role_check(user=request.user, area=Area.CHAPTER_OWNERS, cycle=chapter.cycle)
    if request.method == "POST":
        try:
            services.chapter_assign_owner(
                actor=request.user, chapter=chapter, unit_id=_unit_id(request)
            )
        except _BadUnit:
            messages.error(request, _("請從清單選擇負責單位；未變更。"))
            return _chapters_page(request, chapter.cycle, status=400)
        except ValidationError as error:
            _refused(request, error)
            return _chapters_page(request, chapter.cycle, status=400)
        messages.success(request, _("已指派「%(chapter)s」的負責單位。") % {"chapter": chapter})
    return redirect("narrative:chapters", cycle_id=chapter.cycle_id)


def _position(post: Any, name: str, problems: dict[str, list[str]]) -> int | None:
    """A typed position (順序): blank is none; anything but a whole number is a problem."""
    raw = str(post.get(name, "")).strip()
    found = posted_id(raw)
    if raw and found is None:
        problems[name] = [_("順序須為 0 以上的整數，您輸入「%(typed)s」。") % {"typed": raw}]
    return found


def _edit_from(post: Any) -> tuple[ChapterEdit, dict[str, list[str]]]:
    """The form's fields as a ChapterEdit (text-<id>, order-<id>, remove-<id>, new_text), and
    the fields that cannot be read, by name."""
    problems: dict[str, list[str]] = {}
    ids = [pk for raw in post.getlist("block") if (pk := posted_id(raw)) is not None]
    order = {pk: at for pk in ids if (at := _position(post, f"order-{pk}", problems)) is not None}
    edit = ChapterEdit(
        texts={pk: post[f"text-{pk}"] for pk in ids if f"text-{pk}" in post},
        order=order,
        removed=frozenset(pk for pk in ids if post.get(f"remove-{pk}")),
        new_text=post.get("new_text", ""),
        new_order=_position(post, "new_order", problems),
    )
    if posted_id(post.get("version")) is None:
        problems[""] = [_("表單缺少版本號，或版本號不正確；請重新載入本頁後再儲存。")]
    return edit, problems


def _rows(
    chapter: Chapter, edit: ChapterEdit | None, post: Any, problems: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """The form's rows: stored blocks, with the user's own input and reasons when re-shown."""
    edit = edit or ChapterEdit()
    return [
        {
            "block": block,
            "text": edit.texts.get(block.pk, block.text),
            "order": post.get(f"order-{block.pk}", block.position),
            "removed": block.pk in edit.removed,
            "editable": block.kind in ("paragraph", "footnote"),
            "errors": [
                *problems.get(f"text-{block.pk}", []),
                *problems.get(f"order-{block.pk}", []),
                *problems.get(f"remove-{block.pk}", []),
            ],
        }
        for block in chapter.blocks.all()
    ]


def _save_chapter(
    request: HttpRequest, chapter: Chapter, edit: ChapterEdit
) -> tuple[int | None, ChapterConflict | None, dict[str, list[str]]]:
    """Save; how many blocks changed, or the conflict, or the refusal's reasons by field."""
    try:
        changed = chapter_save(
            actor=request.user,
            chapter=chapter,
            version=int(request.POST["version"]),
            edit=edit,
            reason=request.POST.get("reason", "").strip(),
        )
    except ChapterConflict as error:
        messages.error(request, error.messages[0])
        return None, error, {}
    except ValidationError as error:
        return None, None, _by_field(error)
    return changed, None, {}


@access(SIGNED_IN)
def chapter_edit(request: HttpRequest, chapter_id: int) -> HttpResponse:
    """A chapter's paragraphs and footnotes: edit, add, move, remove; with its history."""
    chapter = selectors.chapter_for_editor(user=request.user, chapter_id=chapter_id)
    edit, conflict = None, None
    problems: dict[str, list[str]] = {}
    if request.method == "POST":
        edit, problems = _edit_from(request.POST)
        if not problems:
            changed, conflict, problems = _save_chapter(request, chapter, edit)
            if changed is not None:
                messages.success(request, _("已儲存（%(count)s 處變更）。") % {"count": changed})
                return redirect("narrative:chapter_edit", chapter_id=chapter.pk)
        for message in problems.get("", []):
            messages.error(request, message)
        if problems:
            messages.error(request, _("未儲存：您輸入的內容保留在下方，原因列在欄位旁。"))
        chapter.refresh_from_db()
    context = {
        "chapter": chapter,
        "cycle": chapter.cycle,
        "rows": _rows(chapter, edit, request.POST, problems),
        "new_text": edit.new_text if edit else "",
        "new_order": request.POST.get("new_order", ""),
        "new_errors": [*problems.get("new_text", []), *problems.get("new_order", [])],
        "reason": request.POST.get("reason", ""),
        "conflict": conflict,
        "lock_notice": lock_notice(
            user=request.user, area=Area.CHAPTERS, cycle=chapter.cycle, unit=chapter.owner
        ),
        "changes": selectors.chapter_changes(chapter=chapter),
    }
    # A save refused because someone else saved first is a conflict, as on the API (409).
    status = 409 if conflict else 400 if problems else 200
    return render(request, "narrative/chapter_edit.html", context, status=status)


@public_reads_portal("recommendations")
@access(SIGNED_IN)
def recommendations(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Last year's review recommendations, their units and answers (chapter 陸)."""
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    return _recommendations_page(request, cycle)


def _recommendations_page(request: HttpRequest, cycle: Any, status: int = 200) -> HttpResponse:
    items = [
        (
            item,
            may_change(user=request.user, area=Area.RECOMMENDATIONS, cycle=cycle, unit=item.unit),
        )
        for item in cycle.recommendations.select_related("unit", "cycle__agency")
    ]
    context = {
        "cycle": cycle,
        "items": items,
        "may_assign": may_change(user=request.user, area=Area.RECOMMENDATION_UNITS, cycle=cycle),
        "lock_notice": lock_notice(user=request.user, area=Area.RECOMMENDATION_UNITS, cycle=cycle),
        "units": selectors.agency_units(agency=cycle.agency),
    }
    return render(request, "narrative/recommendations.html", context, status=status)


@access(SIGNED_IN)  # the policy table decides, in the service
def recommendation_assign(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """Assign a recommendation to the unit that answers it (planning office)."""
    visible = cycle_list_for_user(user=request.user)
    item = Recommendation.objects.filter(cycle__in=visible, pk=recommendation_id).first()
    if item is None:
        raise Http404("找不到此建議。")
    role_check(user=request.user, area=Area.RECOMMENDATION_UNITS, cycle=item.cycle)
    if request.method == "POST":
        try:
            services.recommendation_assign_unit(
                actor=request.user, recommendation=item, unit_id=_unit_id(request)
            )
        except _BadUnit:
            messages.error(request, _("請從清單選擇辦理單位；未變更。"))
            return _recommendations_page(request, item.cycle, status=400)
        except ValidationError as error:
            _refused(request, error)
            return _recommendations_page(request, item.cycle, status=400)
        messages.success(request, _("已指派建議 %(label)s 的辦理單位。") % {"label": item.label})
    return redirect("narrative:recommendations", cycle_id=item.cycle_id)


@access(SIGNED_IN)
def recommendation_answer(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """The assigned unit's staff (or the planning office) writes the answer (辦理情形)."""
    item = selectors.recommendation_for_answerer(
        user=request.user, recommendation_id=recommendation_id
    )
    answer, errors = item.answer, {}
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        try:
            services.recommendation_answer(
                actor=request.user,
                recommendation=item,
                answer=answer,
                reason=request.POST.get("reason", "").strip(),
            )
        except ValidationError as error:
            errors = {k: [_(m) for m in v] for k, v in _by_field(error).items()}
            for message in errors.pop("", []):
                messages.error(request, message)
            messages.error(request, _("未儲存：您輸入的內容保留在下方，原因列在欄位旁。"))
        else:
            messages.success(request, _("已儲存辦理情形。"))
            return redirect("narrative:recommendations", cycle_id=item.cycle_id)
    context = {
        "item": item,
        "cycle": item.cycle,
        "answer": answer,
        "reason": request.POST.get("reason", ""),
        "errors": errors,
        "lock_notice": lock_notice(
            user=request.user, area=Area.RECOMMENDATIONS, cycle=item.cycle, unit=item.unit
        ),
        "changes": selectors.recommendation_changes(recommendation=item),
    }
    status = 400 if request.method == "POST" else 200  # a post that reaches here was refused
    return render(request, "narrative/recommendation_answer.html", context, status=status)
