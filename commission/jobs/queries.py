"""Reads of the background work: what waits, what runs, what failed, what finished lately."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from commission.jobs.enums import JobState
from commission.jobs.models import Job


@dataclass
class WorkOverview:
    counts: dict[str, int]
    waiting: list[Job]
    running: list[Job]
    failed: list[Job]
    done: list[Job]


def jobs(state: str | None = None) -> QuerySet[Job]:
    rows = Job.objects.defer("error_detail", "arguments")
    return rows.filter(state=state) if state else rows


def overview(limit: int = 50) -> WorkOverview:
    counts = dict.fromkeys(JobState.values, 0)
    for row in Job.objects.values("state").annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    waiting_states = [JobState.WAITING, JobState.RETRYING]
    return WorkOverview(
        counts=counts,
        waiting=list(jobs().filter(state__in=waiting_states).order_by("created_at")[:limit]),
        running=list(jobs(JobState.RUNNING).order_by("started_at")[:limit]),
        failed=list(jobs(JobState.FAILED).order_by("-finished_at")[:limit]),
        done=list(jobs(JobState.DONE).order_by("-finished_at")[:10]),
    )
