"""The published state: a stamp that changes whenever what the public may see changes.

The public sees published data only, which changes at a publication (a new version), when a
correction starts (the year leaves the published state), when an import stores a year and when
the record of an older version is written (`govperf public-record`). The stamp names that state
(one query) so the
public's kept answers (govperf/portal/cache.py) are kept under it. It is itself kept in Django's
cache for GOVPERF_PUBLISHED_STAMP_SECONDS and forgotten, once the transaction commits, by every
service that changes the state: at once on this process and on a shared cache (Redis), within
that many seconds on another process's own memory.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q

from govperf.evaluation.models import Cycle
from govperf.workflow.models import PublishedVersion

STAMP_KEY = "govperf:published-stamp"


def published_stamp_read() -> str:
    """The stamp as the database has it now, in one query: the published versions, the newest,
    how many have their public record (the record's backfill), and the published cycles."""
    seen = PublishedVersion.objects.aggregate(
        count=Count("pk"),
        newest=Max("pk"),
        recorded=Count("snapshot"),
        published=Count("cycle", filter=Q(cycle__state=Cycle.State.PUBLISHED), distinct=True),
    )
    return f"{seen['count']}.{seen['newest'] or 0}.{seen['recorded']}.{seen['published']}"


def published_stamp() -> str:
    """The stamp, from the cache when it was read there lately."""
    seconds = settings.GOVPERF_PUBLISHED_STAMP_SECONDS
    if seconds <= 0:
        return published_stamp_read()
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        stamp = published_stamp_read()
        cache.set(STAMP_KEY, stamp, timeout=seconds)
    return str(stamp)


def published_state_changed() -> None:
    """Forget the kept stamp once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: cache.delete(STAMP_KEY))
