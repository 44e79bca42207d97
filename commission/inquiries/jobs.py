"""The daily inquiry reminders, scheduled by the job queue (no cron needed): at REMINDERS_AT
each day the queue's scheduler asks for one reminders job for that day, which runs
`run_reminders` as the system account. Asked for twice on one day (two schedulers), it is still
one job; run twice, it sends nothing twice (`run_reminders` is unique per inquiry and day)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core import checks
from django.utils import timezone

from commission.core import clock
from commission.core.services import system_actor
from commission.inquiries.services import mail_inquiry, run_reminders
from commission.jobs.registry import job, periodic
from commission.jobs.services import enqueue_job
from commission.jobs.upkeep import nightly

REMINDERS = "inquiries.run_reminders"
PRUNE_TIE_LOG = "inquiries.prune_tie_log"


@job("inquiries.mail", attempts=3, retry_delay=60, backoff=5)
def mail(*, inquiry_id: int, reminder: bool = False) -> None:
    """Mail an inquiry (a server that refuses is recorded by `mail_inquiry`, not retried here:
    the next reminder mails it again)."""
    mail_inquiry(inquiry_id=inquiry_id, reminder=reminder)


@job(REMINDERS, attempts=4, retry_delay=60, backoff=5)
def send_reminders(*, today: str) -> None:
    run_reminders(actor=system_actor(), today=dt.date.fromisoformat(today))


def reminders_due(moment: dt.datetime) -> bool:
    """Whether the reminders are due at `moment` (the queue's clock: UTC, without a zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return bool(timezone.localtime(moment).strftime("%H:%M") == settings.REMINDERS_AT)


@periodic("inquiries.daily_reminders", due=reminders_due)
def start_daily_reminders() -> None:
    # The reminders run on the installation's day (commission.core.clock); once a real day,
    # whatever day the installation takes as today.
    today = clock.today()
    enqueue_job(
        name=REMINDERS,
        arguments={"today": today.isoformat()},
        description=f"Send the inquiry reminders of {today:%d %B %Y}",
        unique_key=f"{REMINDERS}:{timezone.localdate().isoformat()}",
    )


@job(PRUNE_TIE_LOG, attempts=3, retry_delay=60, backoff=2)
def prune_tie_log() -> None:
    # The graph's module (and numpy) loads when the job runs, not at every process's start.
    from commission.inquiries import tiegraph

    tiegraph.prune_log()


@periodic("inquiries.prune_tie_log", due=nightly)
def start_pruning_the_tie_log() -> None:
    enqueue_job(
        name=PRUNE_TIE_LOG,
        arguments={},
        description="Delete the oldest rows of the log of changes to the ties",
        unique_key=f"{PRUNE_TIE_LOG}:{timezone.localdate().isoformat()}",
    )


@checks.register()
def check_reminder_time(**kwargs: Any) -> list[checks.CheckMessage]:
    at = str(settings.REMINDERS_AT)
    if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", at):
        return []
    return [
        checks.Error(
            f"COMMISSION_REMINDERS_AT is {at!r}: write the time of the daily inquiry reminders "
            "as HH:MM, for example 07:00.",
            id="commission.E301",
        )
    ]
