"""Publication (公告): the state step and every format of the report, kept as a version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone

from govperf.domain.roc import format_roc_date
from govperf.domain.workflow import CycleAction, CycleState
from govperf.evaluation.derived_write import cycle_write_derived_tables
from govperf.evaluation.models import Cycle
from govperf.published_files import published_write
from govperf.reports.builder import document_build
from govperf.reports.formats import RENDERERS, reports_render
from govperf.workflow.models import PublishedFile, PublishedVersion
from govperf.workflow.public_record import public_record_write
from govperf.workflow.published_state import published_state_changed
from govperf.workflow.services import cycle_state_step

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",
}


def cycle_publish(
    *, actor: AbstractBaseUser, cycle: Cycle, reason: str = "", action: CycleAction | None = None
) -> PublishedVersion:
    """Publish (or publish a correction of) `cycle`: a render failure publishes nothing.

    A year run in govperf gets its 未達目標項目檢討, 燈號表 and its own year's 績效燈號統計 written
    from its KPI data first, in the same transaction. An imported report (`source_sha256` set),
    even in a correction, keeps those tables as printed; the audit flags any disagreement.
    """
    if action is None:  # the publication the cycle's state calls for
        in_correction = cycle.state == CycleState.CORRECTION
        action = CycleAction.PUBLISH_CORRECTION if in_correction else CycleAction.PUBLISH
    if action not in (CycleAction.PUBLISH, CycleAction.PUBLISH_CORRECTION):
        raise ValueError(f"{action} is not a publication")
    with transaction.atomic():
        cycle = cycle_state_step(actor=actor, cycle=cycle, action=action, reason=reason)
        if not cycle.source_sha256:
            cycle_write_derived_tables(actor=actor, cycle=cycle)
        return version_store(
            cycle=cycle,
            reason=reason.strip() or action.label_zh,
            published_on=timezone.localdate(),  # a correction is published on its own day
            published_by=actor,
        )


def version_store(
    *,
    cycle: Cycle,
    reason: str,
    published_on: date,
    published_by: AbstractBaseUser | None,
    files: Mapping[str, bytes] | None = None,
) -> PublishedVersion:
    """The cycle's next version with every format rendered from its data as it stands now,
    and its public record (`public_record.public_record_write`) from the same data.

    `published_by` is None for a version stored by an import; `files` passes renders made
    already from the same data. Call inside the transaction that changed the data.

    The files' bytes are written to the `published` storage before that transaction commits.
    If it rolls back they stay there, named by no row, until `published-files-prune` removes
    them: the transaction is the caller's (an import stores several reports in one), so no
    code here sees it end; and a key names its bytes, which a row of another transaction may
    name too, so removing them at once could take a file another publication relies on."""
    number = (cycle.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = PublishedVersion.objects.create(
        cycle=cycle,
        number=number,
        reason=reason,
        published_on=published_on,
        published_by_id=published_by.pk if published_by is not None else None,
    )
    rendered = files or report_files(
        cycle, version=number, reason=reason, published_on=published_on
    )
    PublishedFile.objects.bulk_create(
        published_file_row(version, format, content) for format, content in rendered.items()
    )
    public_record_write(version)
    published_state_changed()
    return version


def published_file_row(version: PublishedVersion, format: str, content: bytes) -> PublishedFile:
    """The version's file in `format`, its bytes written to the `published` storage."""
    stored = published_write(content, suffix=format)
    return PublishedFile(
        version=version,
        format=format,
        storage_key=stored.key,
        sha256=stored.sha256,
        size=stored.size,
    )


def report_files(
    cycle: Cycle, *, version: int, reason: str, published_on: date | None = None
) -> dict[str, bytes]:
    """The cycle's report in every published format, from its data as it stands now, as its
    published version `version`: every format says which, when (`published_on`) and why."""
    document = replace(
        document_build(cycle),
        version=version,
        version_reason=reason,
        version_published_on_text=format_roc_date(published_on) if published_on else "",
    )
    return reports_render(document, RENDERERS)


def version_list(cycle: Cycle) -> QuerySet[PublishedVersion]:
    """The cycle's published versions with their files to link (size and format)."""
    files = Prefetch("files", queryset=PublishedFile.objects.all())
    return cycle.versions.prefetch_related(files)


def version_last(cycle: Cycle) -> PublishedVersion | None:
    """The cycle's latest published version, if any: what the public reads during a correction."""
    return version_list(cycle).order_by("-number").first()


def published_filename(version: PublishedVersion, format: str) -> str:
    """`外交部-107-施政績效報告-v2.pdf`."""
    cycle = version.cycle
    return f"{cycle.agency.name}-{cycle.year}-施政績效報告-v{version.number}.{format}"
