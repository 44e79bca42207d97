"""The statistics' kept counts brought up to date in the background: once a minute, when the
records changed since the kept sets of all dates were last brought up, a worker counts again
what changed (or, the first time, everything), so that the page a chair opens next usually
finds its counts current. A page that comes first does the same work itself (`kept`)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from commission.audit.queries import last_change_seq
from commission.jobs.registry import job, periodic
from commission.jobs.services import enqueue_job
from commission.reports.models import KeptTally
from commission.reports.statistics.figures import Frame, Reading
from commission.reports.statistics.kept import FULL, KEEP, kept_counts, period_key
from commission.reports.statistics.scope import Period, Scope

CATCH_UP = "statistics.catch_up"
# The classes of reader whose sets are kept: readers of every case, and of those not
# confidential.
READINGS = (Reading.ALL, Reading.PUBLIC)


@job(CATCH_UP, attempts=2, retry_delay=30, backoff=2)
def catch_up_statistics() -> None:
    for reading in READINGS:
        kept_counts(
            Frame(user=AnonymousUser(), scope=Scope(), period=Period(), reading=reading),
            in_full=True,
        )


@job(KEEP, attempts=2, retry_delay=30, backoff=2)
def keep_statistics(reading: str, start: str = "", end: str = "") -> None:
    """Count a class of reader's set of the statistics in full and keep it, as a page asked
    (`kept`); nothing when a worker before has already brought it up. Every period is read
    from that one set of all dates: `start` and `end` are those of jobs queued when a set was
    kept for each period asked, and no longer matter."""
    kept_counts(
        Frame(user=AnonymousUser(), scope=Scope(), period=Period(), reading=reading),
        in_full=True,
    )


def behind() -> bool:
    """Whether a kept set of all dates is missing or older than the chain's last change."""
    seq = last_change_seq()
    marks = dict(
        KeptTally.objects.filter(
            segment=FULL, period=period_key(Period()), reading__in=READINGS
        ).values_list("reading", "as_of_seq")
    )
    return any(marks.get(reading, -1) != seq for reading in READINGS)


def every_minute(moment: dt.datetime) -> bool:
    return True


@periodic(CATCH_UP, due=every_minute)
def start_catch_up() -> None:
    if not behind():
        return
    moment = timezone.now().replace(second=0, microsecond=0)
    enqueue_job(
        name=CATCH_UP,
        arguments={},
        description="Bring the procedure statistics up to date",
        unique_key=f"{CATCH_UP}:{moment:%Y-%m-%dT%H:%M}",
    )
