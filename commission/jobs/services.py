"""Writes of the background work: asking for a job, retrying a failed one, sending a job again.

A job is asked for inside the transaction of the change that needs it and sent to the queue
once that transaction commits, so a rolled-back change leaves no job and a committed one always
has its job (sent again by `running.recover_stalled_jobs` if the sending was lost)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import Conflict, NotFound
from commission.core.roles import require
from commission.jobs.enums import JobState
from commission.jobs.models import Job
from commission.jobs.registry import spec_for

RETRY = "jobs.retry_job"


def enqueue_job(
    *,
    name: str,
    arguments: dict[str, Any],
    description: str,
    requested_by: User | None = None,
    unique_key: str | None = None,
) -> Job:
    """Ask for job `name` with JSON `arguments`; it is sent to the queue when the current
    transaction commits (at once outside one). With `unique_key`, asking again for a key already
    asked for gives the job that exists and sends nothing."""
    spec = spec_for(name)
    with transaction.atomic():
        if unique_key is not None:
            existing = Job.objects.filter(unique_key=unique_key).first()
            if existing is not None:
                return existing
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    name=name, arguments=arguments, description=description[:300],
                    max_attempts=spec.attempts, requested_by=requested_by,
                    unique_key=unique_key, sent_at=timezone.now(),
                )  # fmt: skip
        except IntegrityError:
            # Another process asked for the same unique job between our look and our insert.
            return Job.objects.get(unique_key=unique_key)
        job_id = job.pk
        transaction.on_commit(lambda: _queue().send(job_id, spec, 0))
    return job


def retry_job(*, actor: Actor, job_id: int) -> Job:
    """Put a failed job back in the queue with all its attempts before it.

    Errors: NotAllowed without the permission; NotFound for no such job; Conflict when the job
    has not failed (a waiting or running job is already on its way)."""
    require(actor, RETRY, "retry background work")
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            raise NotFound(_("There is no background job number %(number)s.") % {"number": job_id})
        if job.state != JobState.FAILED:
            raise Conflict(
                f"Job {job_id} ({job.description}) has not failed: it is {job.get_state_display()}"
                ", so there is nothing to retry."
            )
        before = {"state": job.state, "attempts": job.attempts, "error": job.error}
        job.state = JobState.WAITING
        job.attempts = 0
        job.error = ""
        job.error_detail = ""
        job.finished_at = None
        job.sent_at = timezone.now()
        job.save(
            update_fields=["state", "attempts", "error", "error_detail", "finished_at", "sent_at"]
        )
        record_event(
            actor=actor, action=AuditAction.JOB_RETRY, target=job,
            summary=f"Retried the background job “{job.description}”.",
            before=before, after={"state": job.state},
        )  # fmt: skip
        spec = spec_for(job.name)
        transaction.on_commit(lambda: _queue().send(job_id, spec, 0))
    return job


def resend(job: Job) -> None:
    """Send a job's message again (recovery). A running job whose worker stopped during its
    last allowed attempt fails instead, saying so."""
    spec = spec_for(job.name)
    if job.state == JobState.RUNNING and job.attempts >= spec.attempts:
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=job.worker).update(
            state=JobState.FAILED, finished_at=timezone.now(), lease_until=None,
            error=f"The worker running it stopped during each of its {job.attempts} attempts "
            "(killed, or out of memory).",
        )  # fmt: skip
        return
    Job.objects.filter(pk=job.pk).update(sent_at=timezone.now())
    _queue().send(job.pk, spec, job.attempts)


def _queue() -> Any:
    """The queue's module, loaded when a job is first sent: a process that never sends one
    (most commands) does not load the queue's library and its database drivers."""
    from commission.jobs import queue

    return queue
