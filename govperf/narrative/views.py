"""Pages of the report's narrative: chapters and their owners, editing, recommendations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from govperf.accounts.selectors import cycle_get_for_user, cycle_list_for_user
from govperf.narrative import selectors, services
from govperf.narrative.editing import ChapterConflict, ChapterEdit, chapter_save
from govperf.narrative.models import Chapter, Recommendation
from govperf.web.access import PUBLIC, SIGNED_IN, access

# The block kinds' labels, translated where the edit page shows them.
KIND_WORDS = (
    gettext_noop("段落"),
    gettext_noop("註"),
    gettext_noop("圖"),
    gettext_noop("表格位置"),
)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _unit_id(request: HttpRequest) -> int | None:
    raw = request.POST.get("unit", "")
    return int(raw) if raw.isdigit() else None


@access(PUBLIC)
def chapters(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The report's chapters with their owner units; the planning office assigns owners."""
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    items = list(cycle.chapters.select_related("owner"))
    context = {
        "cycle": cycle,
        "chapters": [
            (item, selectors.chapter_editable_by(user=request.user, chapter=item)) for item in items
        ],
        "plans": selectors.plans_report(user=request.user, agency=cycle.agency),
        "published": cycle.state == cycle.State.PUBLISHED,
        "units": selectors.agency_units(agency=cycle.agency),
    }
    return render(request, "narrative/chapters.html", context)


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
    if request.method == "POST":
        try:
            services.chapter_assign_owner(
                actor=request.user, chapter=chapter, unit_id=_unit_id(request)
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("已指派「%(chapter)s」的負責單位。") % {"chapter": chapter})
    return redirect("narrative:chapters", cycle_id=chapter.cycle_id)


def _edit_from(post: Any) -> ChapterEdit:
    """The form's fields as a ChapterEdit: text-<id>, order-<id>, remove-<id>, new_text."""
    ids = [int(raw) for raw in post.getlist("block") if raw.isdigit()]
    order = {pk: int(post[f"order-{pk}"]) for pk in ids if post.get(f"order-{pk}", "").isdigit()}
    new_order = post.get("new_order", "")
    return ChapterEdit(
        texts={pk: post[f"text-{pk}"] for pk in ids if f"text-{pk}" in post},
        order=order,
        removed=frozenset(pk for pk in ids if post.get(f"remove-{pk}")),
        new_text=post.get("new_text", ""),
        new_order=int(new_order) if new_order.isdigit() else None,
    )


def _rows(chapter: Chapter, edit: ChapterEdit | None) -> list[dict[str, Any]]:
    """The form's rows: stored blocks, with the user's own input when it is re-shown."""
    edit = edit or ChapterEdit()
    return [
        {
            "block": block,
            "text": edit.texts.get(block.pk, block.text),
            "order": edit.order.get(block.pk, block.position),
            "removed": block.pk in edit.removed,
            "editable": block.kind in ("paragraph", "footnote"),
        }
        for block in chapter.blocks.all()
    ]


@access(SIGNED_IN)
def chapter_edit(request: HttpRequest, chapter_id: int) -> HttpResponse:
    """A chapter's paragraphs and footnotes: edit, add, move, remove; with its history."""
    chapter = selectors.chapter_for_editor(user=request.user, chapter_id=chapter_id)
    edit, conflict = None, None
    if request.method == "POST":
        edit = _edit_from(request.POST)
        try:
            version = int(request.POST.get("version", "-1"))
            changed = chapter_save(
                actor=request.user,
                chapter=chapter,
                version=version,
                edit=edit,
                reason=request.POST.get("reason", "").strip(),
            )
        except ChapterConflict as error:
            conflict = error
            messages.error(request, error.messages[0])
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("已儲存（%(count)s 處變更）。") % {"count": changed})
            return redirect("narrative:chapter_edit", chapter_id=chapter.pk)
        chapter.refresh_from_db()
    context = {
        "chapter": chapter,
        "cycle": chapter.cycle,
        "rows": _rows(chapter, edit),
        "new_text": edit.new_text if edit else "",
        "conflict": conflict,
        "published": chapter.cycle.state == chapter.cycle.State.PUBLISHED,
        "changes": selectors.chapter_changes(chapter=chapter),
    }
    # A save refused because someone else saved first is a conflict, as on the API (409).
    return render(request, "narrative/chapter_edit.html", context, status=409 if conflict else 200)


@access(PUBLIC)
def recommendations(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Last year's review recommendations, their units and answers (chapter 陸)."""
    cycle = cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    items = [
        (item, selectors.recommendation_answerable_by(user=request.user, recommendation=item))
        for item in cycle.recommendations.select_related("unit", "cycle__agency")
    ]
    context = {
        "cycle": cycle,
        "items": items,
        "plans": selectors.plans_report(user=request.user, agency=cycle.agency),
        "published": cycle.state == cycle.State.PUBLISHED,
        "units": selectors.agency_units(agency=cycle.agency),
    }
    return render(request, "narrative/recommendations.html", context)


@access(SIGNED_IN)  # the policy table decides, in the service
def recommendation_assign(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """Assign a recommendation to the unit that answers it (planning office)."""
    visible = cycle_list_for_user(user=request.user)
    item = Recommendation.objects.filter(cycle__in=visible, pk=recommendation_id).first()
    if item is None:
        raise Http404("找不到此建議。")
    if request.method == "POST":
        try:
            services.recommendation_assign_unit(
                actor=request.user, recommendation=item, unit_id=_unit_id(request)
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request, _("已指派建議 %(label)s 的辦理單位。") % {"label": item.label}
            )
    return redirect("narrative:recommendations", cycle_id=item.cycle_id)


@access(SIGNED_IN)
def recommendation_answer(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """The assigned unit's staff (or the planning office) writes the answer (辦理情形)."""
    item = selectors.recommendation_for_answerer(
        user=request.user, recommendation_id=recommendation_id
    )
    answer = item.answer
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
            _refused(request, error)
        else:
            messages.success(request, _("已儲存辦理情形。"))
            return redirect("narrative:recommendations", cycle_id=item.cycle_id)
    context = {
        "item": item,
        "cycle": item.cycle,
        "answer": answer,
        "published": item.cycle.state == item.cycle.State.PUBLISHED,
        "changes": selectors.recommendation_changes(recommendation=item),
    }
    return render(request, "narrative/recommendation_answer.html", context)
