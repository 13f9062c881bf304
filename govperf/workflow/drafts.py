"""The report's current draft (草稿), built on request from the data as it stands: who may read
it and the file itself, for every door (the cycle's page, the API)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from govperf.accounts.selectors import user_roles
from govperf.domain.workflow import CycleState, may
from govperf.evaluation.models import Cycle
from govperf.reports.builder import ReportPartError, document_build_draft
from govperf.reports.formats import RENDERERS, report_render

READS_DRAFT = "report.read_draft"
DRAFT_FORMATS = tuple(RENDERERS)


class DraftPublished(Exception):
    """The cycle is published: its report is its published versions, not a draft."""


class DraftFailed(Exception):
    """A part of the draft could not be made from the data: `part` names it, `cause` says why."""

    def __init__(self, part: str, cause: str) -> None:
        super().__init__(f"{part}：{cause}")
        self.part, self.cause = part, cause


@dataclass(frozen=True)
class DraftFile:
    """The draft in one format, with how long building and rendering it took (ms)."""

    content: bytes
    format: str
    filename: str
    build_ms: float
    render_ms: float


def draft_readable(*, user: AbstractBaseUser | AnonymousUser, cycle: Cycle) -> bool:
    """Whether `user` may read `cycle`'s draft now: a role of its agency that may, and the
    cycle not published (a published cycle's report is its published versions)."""
    roles = user_roles(user=user, agency=cycle.agency)
    return may(roles, READS_DRAFT) and cycle.state != CycleState.PUBLISHED


def draft_render(*, user: AbstractBaseUser | AnonymousUser, cycle: Cycle, format: str) -> DraftFile:
    """`cycle`'s draft in `format` (one of DRAFT_FORMATS) for `user`.

    Raises DraftPublished for a published cycle, PermissionDenied for a role that may not,
    DraftFailed naming the part (a chapter, or the format's renderer) the data cannot make."""
    if cycle.state == CycleState.PUBLISHED:
        raise DraftPublished(cycle.pk)
    if not draft_readable(user=user, cycle=cycle):
        raise PermissionDenied(_("您在此機關的角色不能閱覽報告草稿。"))
    started = time.perf_counter()
    try:
        document = document_build_draft(cycle)
    except ReportPartError as error:
        raise DraftFailed(error.part, str(error.cause)) from error
    built = time.perf_counter()
    try:
        content = report_render(document, format)
    except Exception as error:  # a renderer's own failure (Typst, odfpy) on odd text
        raise DraftFailed(format.upper(), str(error)) from error
    return DraftFile(
        content=content,
        format=format,
        filename=f"{cycle.agency.name}-{cycle.year}-施政績效報告-草稿.{format}",
        build_ms=(built - started) * 1000,
        render_ms=(time.perf_counter() - built) * 1000,
    )
