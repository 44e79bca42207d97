"""The job ledger in one process (huey's immediate mode: a job runs when its transaction
commits): asking for jobs, notifications as jobs, retrying, recovery, the daily schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from commission.audit.models import AuditEvent
from commission.core.errors import Conflict, NotAllowed
from commission.core.models import Notification
from commission.core.notify import notify
from commission.inquiries import services as inquiry_services
from commission.inquiries.models import Inquiry
from commission.jobs.models import Job
from commission.jobs.queue import get_queue
from commission.jobs.running import recover_stalled_jobs, run_job_message
from commission.jobs.services import enqueue_job, retry_job
from tests.jobs.failing import FAILS_AT_ONCE

DUE = dt.date(1921, 12, 27)


def _failed_job(jobs_run) -> Job:
    with jobs_run():
        job = enqueue_job(
            name=FAILS_AT_ONCE, arguments={"archive": "archive.example"}, description="Fetch"
        )
    job.refresh_from_db()
    return job


def test_a_notification_is_delivered_by_a_job_after_the_commit(clerk, jobs_run):
    with jobs_run():
        notify(user=clerk, message="A letter arrived.", link="/letters/")
        job = Job.objects.get()
        assert (job.name, job.state, job.description) == (
            "core.deliver_notification", "waiting", "Notify clerk",
        )  # fmt: skip
        assert Notification.objects.count() == 0
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 1)
    note = Notification.objects.get()
    assert (note.user, note.message, note.link) == (clerk, "A letter arrived.", "/letters/")


def _notify_then_fail(user) -> None:
    with transaction.atomic():
        notify(user=user, message="Never said.")
        raise RuntimeError("rolled back")


def test_a_change_that_rolls_back_leaves_no_job(clerk, jobs_run):
    with jobs_run(), pytest.raises(RuntimeError):
        _notify_then_fail(clerk)
    assert Job.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_job_that_fails_on_its_last_attempt_is_failed_with_its_error(db, jobs_run):
    job = _failed_job(jobs_run)
    assert (job.state, job.attempts, job.max_attempts) == ("failed", 1, 1)
    assert job.error == (
        "A fault stopped the work (ConnectionError: the archive server archive.example did not "
        "answer)."
    )
    assert "ConnectionError" in job.error_detail
    assert job.finished_at is not None


def test_retrying_a_failed_job_runs_it_again_and_is_recorded(clerk, jobs_run):
    job = _failed_job(jobs_run)
    with jobs_run():
        again = retry_job(actor=clerk, job_id=job.pk)
        assert (again.state, again.attempts, again.error) == ("waiting", 0, "")
    event = AuditEvent.objects.get(action="job.retry")
    assert event.summary == "Retried the background job “Fetch”."
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 1)  # it failed again, once more


def test_only_a_failed_job_can_be_retried_and_nothing_changes(clerk):
    job = enqueue_job(name=FAILS_AT_ONCE, arguments={"archive": "a"}, description="Fetch")
    with pytest.raises(Conflict) as refusal:
        retry_job(actor=clerk, job_id=job.pk)
    assert refusal.value.message == (
        f"Job {job.pk} (Fetch) has not failed: it is waiting, so there is nothing to retry."
    )
    assert Job.objects.get().state == "waiting"
    assert not AuditEvent.objects.filter(action="job.retry").exists()


def test_a_member_may_not_retry_and_nothing_changes(member, jobs_run):
    job = _failed_job(jobs_run)
    with pytest.raises(NotAllowed):
        retry_job(actor=member, job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 1)


def test_a_job_whose_worker_stopped_is_sent_again_and_runs_once(clerk, jobs_run):
    notify_job = enqueue_job(
        name="core.deliver_notification",
        arguments={"user_id": clerk.pk, "message": "Hello", "link": "", "channels": ["in_app"]},
        description="Notify clerk",
    )
    # As a worker killed mid-job leaves it: running, with a lease that has lapsed.
    Job.objects.filter(pk=notify_job.pk).update(
        state="running", attempts=1, worker="gone:1:Worker-1",
        lease_until=timezone.now() - dt.timedelta(seconds=1),
    )  # fmt: skip
    assert recover_stalled_jobs() == 1
    notify_job.refresh_from_db()
    assert (notify_job.state, notify_job.attempts) == ("done", 2)
    assert Notification.objects.count() == 1
    # A second message for the same job finds it done and runs nothing.
    run_job_message(notify_job.pk)
    assert Notification.objects.count() == 1
    assert recover_stalled_jobs() == 0


def test_a_job_still_running_under_a_live_lease_is_left_alone(clerk):
    job = enqueue_job(
        name="core.deliver_notification",
        arguments={"user_id": clerk.pk, "message": "Hello", "link": "", "channels": ["in_app"]},
        description="Notify clerk",
    )
    Job.objects.filter(pk=job.pk).update(
        state="running", attempts=1, worker="alive:1:Worker-1",
        lease_until=timezone.now() + dt.timedelta(seconds=30),
    )  # fmt: skip
    assert recover_stalled_jobs() == 0
    run_job_message(job.pk)
    job.refresh_from_db()
    assert (job.state, job.worker) == ("running", "alive:1:Worker-1")
    assert Notification.objects.count() == 0


def test_the_daily_reminders_are_scheduled_by_the_queue_at_the_local_time(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    settings.REMINDERS_AT = "10:00"
    huey = get_queue()

    def due_at(moment: dt.datetime) -> list[str]:
        return sorted(t.name for t in huey.read_periodic(moment) if t.name.startswith("periodic:"))

    # The queue's scheduler passes its clock in UTC; 07:00 UTC is 10:00 in Moscow.
    assert "periodic:inquiries.daily_reminders" in due_at(dt.datetime(2026, 12, 3, 7, 0))
    assert "periodic:inquiries.daily_reminders" not in due_at(dt.datetime(2026, 12, 3, 7, 1))
    assert "periodic:inquiries.daily_reminders" not in due_at(dt.datetime(2026, 12, 3, 10, 0))


def test_the_daily_reminders_run_once_a_day_as_one_job(clerk, story, jobs_run):
    (task,) = [
        t for t in get_queue()._registry.periodic_tasks
        if t.name == "periodic:inquiries.daily_reminders"
    ]  # fmt: skip
    with jobs_run():
        inquiry_services.ask(
            actor=clerk, subject=story.subject, recipient=story.stalin, case=story.case,
            question="Give information about Comrade Kasparova.", due_on=DUE,
            urgency="urgent", requested_by=story.author, source_document=story.note,
        )  # fmt: skip
    with jobs_run():
        task.execute()
        task.execute()  # a second scheduler on another machine asks again
    (job,) = Job.objects.filter(name="inquiries.run_reminders")
    today = timezone.localdate()
    assert (job.state, job.unique_key) == ("done", f"inquiries.run_reminders:{today}")
    assert job.description == f"Send the inquiry reminders of {today:%d %B %Y}"
    assert Inquiry.objects.get().state == "overdue"
