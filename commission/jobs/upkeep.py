"""The ledger's own upkeep: finished jobs are kept JOB_DONE_KEPT_DAYS, then deleted once a day
(failed jobs stay until someone retries them)."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from commission.jobs.enums import JobState
from commission.jobs.models import Job
from commission.jobs.registry import job, periodic
from commission.jobs.services import enqueue_job

PRUNE = "jobs.prune_finished"


@job(PRUNE, attempts=3, retry_delay=60, backoff=2)
def prune_finished_jobs() -> None:
    cutoff = timezone.now() - timedelta(days=int(settings.JOB_DONE_KEPT_DAYS))
    Job.objects.filter(state=JobState.DONE, finished_at__lt=cutoff).delete()


def nightly(moment: dt.datetime) -> bool:
    return moment.hour == 2 and moment.minute == 30


@periodic("jobs.prune_finished", due=nightly)
def start_pruning() -> None:
    today = timezone.localdate()
    enqueue_job(
        name=PRUNE,
        arguments={},
        description="Delete the record of jobs finished long ago",
        unique_key=f"{PRUNE}:{today.isoformat()}",
    )
