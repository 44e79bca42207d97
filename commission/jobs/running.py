"""Running a job in a worker, and putting back the jobs whose worker stopped.

A worker claims a job with one conditional UPDATE (so of two messages for one job only one
runs it), renews its lease while the job runs, and records the outcome. When the job raises,
the ledger says whether it will be tried again; huey's retry with back-off carries the next
attempt. A worker killed mid-job leaves a running job with a lapsing lease:
`recover_stalled_jobs`, run when a consumer starts and every minute by its scheduler, sends it
again. Jobs are idempotent (registry), so the second run finishes what the first began."""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import F, Q
from django.utils import timezone

from commission.core.errors import CommissionError
from commission.jobs.enums import CLAIMABLE, JobState
from commission.jobs.models import Job
from commission.jobs.registry import JOBS

logger = logging.getLogger("commission.jobs")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


def _lease() -> timedelta:
    return timedelta(seconds=int(settings.JOB_LEASE_SECONDS))


def error_sentence(error: BaseException) -> str:
    """The error as a clerk can read it: the service's own sentence, or the fault named."""
    if isinstance(error, CommissionError):
        return error.message
    detail = str(error).strip()
    name = type(error).__name__
    return f"A fault stopped the work ({name}: {detail})." if detail else f"A fault ({name})."


def run_job_message(job_id: int, task: Any = None) -> None:
    """The queue's one task: run job `job_id` if nobody else is running it."""
    immediate = bool(settings.JOB_RUN_IMMEDIATELY)
    if not immediate:
        close_old_connections()
    try:
        _run(job_id, task)
    finally:
        if not immediate:
            close_old_connections()


def _run(job_id: int, task: Any) -> None:
    now = timezone.now()
    me = worker_name()
    claimed = (
        Job.objects.filter(pk=job_id)
        .filter(Q(state__in=CLAIMABLE) | Q(state=JobState.RUNNING, lease_until__lt=now))
        .update(
            state=JobState.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            lease_until=now + _lease(),
            worker=me,
            next_attempt_at=None,
        )
    )
    if not claimed:
        return  # done, failed, or running under a live lease elsewhere
    job = Job.objects.get(pk=job_id)
    spec = JOBS.get(job.name)
    mine = Job.objects.filter(pk=job_id, state=JobState.RUNNING, worker=me)
    if spec is None:
        mine.update(
            state=JobState.FAILED, finished_at=timezone.now(), lease_until=None,
            error=f"This installation has no job called “{job.name}”; the worker may run an "
            "older version of Commission than the one that asked for it.",
        )  # fmt: skip
        return
    heartbeat = _Heartbeat(job_id, me)
    heartbeat.start()
    try:
        spec.function(**job.arguments)
    except Exception as error:
        heartbeat.stop()
        final = job.attempts >= spec.attempts
        delay = float(getattr(task, "retry_delay", 0) or spec.retry_delay)
        mine.update(
            state=JobState.FAILED if final else JobState.RETRYING,
            finished_at=timezone.now() if final else None,
            next_attempt_at=None if final else timezone.now() + timedelta(seconds=delay),
            lease_until=None, error=error_sentence(error), error_detail=traceback.format_exc(),
        )  # fmt: skip
        if final:
            logger.exception("Job %s (%s) failed for good after %s attempts", job_id, job.name,
                             job.attempts)  # fmt: skip
            return
        logger.warning("Job %s (%s) failed; it will be tried again", job_id, job.name)
        raise  # huey schedules the next attempt after its back-off
    heartbeat.stop()
    mine.update(state=JobState.DONE, finished_at=timezone.now(), lease_until=None, error="")


class _Heartbeat:
    """Renews a running job's lease a few times per lease period, from a thread of its own (with
    its own database connection), until the job ends. A killed worker stops renewing."""

    def __init__(self, job_id: int, worker: str) -> None:
        self.job_id = job_id
        self.worker = worker
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{job_id}", daemon=True)

    def start(self) -> None:
        if settings.JOB_RUN_IMMEDIATELY:
            return  # the sending process runs the job at once; nothing can take it over
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join()

    def _beat(self) -> None:
        interval = max(int(settings.JOB_LEASE_SECONDS) / 3, 0.2)
        try:
            while not self._stopped.wait(interval):
                Job.objects.filter(
                    pk=self.job_id, state=JobState.RUNNING, worker=self.worker
                ).update(lease_until=timezone.now() + _lease())
        except Exception:
            logger.exception("Renewing the lease of job %s failed", self.job_id)
        finally:
            connection.close()


def recover_stalled_jobs() -> int:
    """Send again every job whose worker is gone (a running job whose lease lapsed), whose
    retry was lost, or whose message seems lost (sent long ago, never started). Gives how many
    were sent; a job sent twice is still run once."""
    from commission.jobs.services import resend

    now = timezone.now()
    lost_after = now - timedelta(seconds=int(settings.JOB_RESEND_AFTER_SECONDS))
    stalled = Job.objects.filter(
        Q(state=JobState.RUNNING, lease_until__lt=now)
        | Q(state=JobState.RETRYING, next_attempt_at__lt=lost_after)
        | Q(state=JobState.WAITING, sent_at__lt=lost_after)
    )
    count = 0
    for job in stalled.only("pk", "name", "attempts", "state", "worker"):
        if job.state == JobState.RUNNING:
            logger.warning("Job %s was running on %s, which stopped; sending it again", job.pk,
                           job.worker)  # fmt: skip
        resend(job)
        count += 1
    return count
