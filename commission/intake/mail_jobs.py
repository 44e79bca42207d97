"""Mail in, on the job queue's schedule: every MAIL_FETCH_MINUTES the scheduler asks for one
fetch job, which takes in what the receiver's Maildir and the IMAP mailbox (when one is set) hold
(`intake.mail.fetch_replies`). Nothing is asked for while there is no mailbox to read: no
Maildir yet (the receiver has never delivered) and no IMAP_HOST. A fetch run twice takes nothing
in twice: each message is known by its Message-ID."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from commission.jobs.registry import job, periodic

FETCH = "intake.fetch_mail"


@job(FETCH, attempts=3, retry_delay=30, backoff=2)
def fetch_mail() -> None:
    # Imported here: every process knows the job from its start, and loads the letter reader
    # only when it runs one.
    from commission.intake.mail import fetch_replies

    fetch_replies()


def _every(moment: Any) -> bool:
    minutes = max(1, int(getattr(settings, "MAIL_FETCH_MINUTES", 1)))
    return bool(moment.minute % minutes == 0)


def _mailbox_to_read() -> bool:
    from commission.intake.receiver import inbox_path

    return bool(getattr(settings, "MAIL_IMAP_HOST", "")) or (inbox_path() / "new").is_dir()


@periodic("intake.fetch_mail", due=_every)
def start_fetching_mail() -> None:
    if not _mailbox_to_read():
        return
    from commission.jobs.services import enqueue_job

    slot = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M")
    enqueue_job(
        name=FETCH,
        arguments={},
        description="Take in the mail that came for the commission",
        unique_key=f"{FETCH}:{slot}",
    )
