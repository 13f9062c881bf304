"""Evidence files (佐證資料) of a KPI-year: upload checked, withdraw with a reason, never delete."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from govperf.domain.policy import Area
from govperf.evaluation.entry import kpi_year_change_check
from govperf.evaluation.models import Evidence, KpiYear
from govperf.records.write import recorded_save

MAX_BYTES = 20 * 1024 * 1024
ALLOWED = ("pdf", "docx", "odt", "xlsx", "ods", "jpg", "jpeg", "png", "txt", "csv")


def evidence_file_problem(upload: UploadedFile[Any]) -> str | None:
    """Why a file is refused as evidence, naming it; None when it is acceptable."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in ALLOWED:
        shown = suffix or gettext("（無副檔名）")
        return gettext("「%(name)s」的檔案類型 %(suffix)s 不接受；可上傳：%(allowed)s。") % {
            "name": name,
            "suffix": shown,
            "allowed": gettext("、").join(ALLOWED),
        }
    if (upload.size or 0) > MAX_BYTES:
        size = f"{(upload.size or 0) / 1024 / 1024:.1f}"
        return gettext("「%(name)s」超過 20 MB 上限（%(size)s MB）。") % {
            "name": name,
            "size": size,
        }
    if not upload.size:
        return gettext("「%(name)s」是空檔案。") % {"name": name}
    return None


def evidence_upload(
    *, actor: AbstractBaseUser, kpi_year: KpiYear, upload: UploadedFile[Any], description: str = ""
) -> Evidence:
    """Store `upload` as evidence of `kpi_year`; who and when as for entering values."""
    kpi_year_change_check(actor, kpi_year, Area.EVIDENCE)
    problem = evidence_file_problem(upload)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        evidence = Evidence(
            kpi_year=kpi_year,
            original_name=PurePath(upload.name or "file").name[:255],
            description=description.strip()[:300],
            uploaded_by=actor,  # type: ignore[misc]
        )
        evidence.file.save(evidence.original_name, upload, save=False)
        recorded_save(evidence, actor=actor, reason="上傳佐證資料")
    return evidence


def evidence_withdraw(*, actor: AbstractBaseUser, evidence: Evidence, reason: str) -> Evidence:
    """Mark evidence withdrawn with a reason; the file is kept and the change recorded."""
    kpi_year_change_check(actor, evidence.kpi_year, Area.EVIDENCE)
    if not reason.strip():
        raise ValidationError("撤回佐證資料須填寫理由。")
    if evidence.withdrawn:
        raise ValidationError(f"「{evidence.original_name}」已撤回。")
    with transaction.atomic():
        evidence.withdrawn, evidence.withdrawn_reason = True, reason.strip()
        recorded_save(evidence, actor=actor, reason=reason.strip())
    return evidence
