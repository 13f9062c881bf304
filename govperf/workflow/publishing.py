"""Publication (公告): the state step and every format of the report, kept as a version."""

from __future__ import annotations

import hashlib
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
    already from the same data. Call inside the transaction that changed the data."""
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
        PublishedFile(
            version=version,
            format=format,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
        )
        for format, content in rendered.items()
    )
    public_record_write(version)
    published_state_changed()
    return version


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
    """The cycle's published versions with their files to link: size and format, not the bytes."""
    files = Prefetch("files", queryset=PublishedFile.objects.defer("content"))
    return cycle.versions.prefetch_related(files)


def version_last(cycle: Cycle) -> PublishedVersion | None:
    """The cycle's latest published version, if any: what the public reads during a correction."""
    return version_list(cycle).order_by("-number").first()


def published_filename(version: PublishedVersion, format: str) -> str:
    """`外交部-107-施政績效報告-v2.pdf`."""
    cycle = version.cycle
    return f"{cycle.agency.name}-{cycle.year}-施政績效報告-v{version.number}.{format}"
