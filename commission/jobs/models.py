"""The job ledger: one row per piece of background work, written in the same transaction as the
change that asks for it, so a job exists exactly when that change was committed.

The queue (huey) only carries "run job N" messages; what a job is, how far it got, how often it
was tried and why it failed are kept here, where the pages, the API and the command line read
them and where a worker that was killed cannot take them with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from commission.jobs.enums import JobState


class Job(models.Model):
    id = models.BigAutoField(primary_key=True)
    # The registered job (commission.jobs.registry) and its JSON arguments.
    name = models.CharField(max_length=100)
    arguments = models.JSONField(default=dict)
    # What the job does, in words a clerk reads on the Background work page.
    description = models.CharField(max_length=300)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=1)
    # The last attempt's error as a sentence, and its traceback for whoever fixes the fault.
    error = models.TextField(blank=True)
    error_detail = models.TextField(blank=True)
    # A job asked for twice with the same key is one job (the daily reminders of one day).
    unique_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the queue was last given the job's message (resent if it seems lost).
    sent_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A running job belongs to `worker` until `lease_until`; the worker renews the lease while
    # the job runs, so a lease in the past means the worker is gone.
    worker = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("retry_job", "Can retry a failed background job")]
        indexes = [
            # The Background work page and `commission jobs` list jobs of a state, newest first.
            models.Index(fields=["state", "-created_at"], name="job_state_created_idx"),
            # Recovery looks for running jobs whose lease has lapsed.
            models.Index(fields=["state", "lease_until"], name="job_state_lease_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=JobState.values), name="job_state_known"
            ),
        ]

    def __str__(self) -> str:
        return f"job {self.pk}: {self.description}"
