"""API: the report's current draft (草稿), as the cycle's page offers it to the agency head, the
planning office and the reviewer (`workflow/drafts.py`: the one rule and the one build)."""

# No `from __future__ import annotations`: ninja reads the operations' annotations at runtime.

from enum import Enum

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Router
from ninja.errors import HttpError

from govperf.api.access import api_access
from govperf.api.actions import signed_in
from govperf.api.schemas import READ_ERRORS, Refusal
from govperf.api.scope import cycle_get
from govperf.workflow.drafts import (
    DRAFT_FORMATS,
    READS_DRAFT,
    DraftFailed,
    DraftPublished,
    draft_render,
)
from govperf.workflow.publishing import CONTENT_TYPES

router = Router(tags=["drafts"])
DraftFormat = Enum("DraftFormat", {name: name for name in DRAFT_FORMATS}, type=str)  # type: ignore[misc]
FILE_CONTENT = {
    CONTENT_TYPES[name]: {"schema": {"type": "string", "format": "binary"}}
    for name in DRAFT_FORMATS
}


@router.get(
    "/cycles/{cycle_id}/draft/{format}",
    response={200: None, **READ_ERRORS, 403: Refusal, 404: Refusal, 409: Refusal},
    openapi_extra={"responses": {"200": {"description": "草稿檔案", "content": FILE_CONTENT}}},
    summary="報告草稿（尚未公告的年度；機關首長、研考單位、行政院／國發會）：html、pdf、docx、odt、txt",
)
@api_access(READS_DRAFT)
def cycle_draft(request: HttpRequest, cycle_id: int, format: DraftFormat) -> HttpResponse:
    actor = signed_in(request)
    cycle = cycle_get(user=actor, cycle_id=cycle_id)
    try:
        made = draft_render(user=actor, cycle=cycle, format=format.value)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except DraftPublished as error:
        raise HttpError(409, gettext("此年度已公告，請閱覽公告版本。")) from error
    except DraftFailed as error:
        raise HttpError(409, str(error)) from error
    response = HttpResponse(made.content, content_type=CONTENT_TYPES[made.format])
    response["Cache-Control"] = "private, no-store"
    return response
