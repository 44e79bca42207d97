"""The jobs of uploads read in the background, declared apart from the services they run
(`intake.services.uploads`), so that every process knows them from its start without loading
the letter reader until a job needs it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from commission.jobs.registry import job, periodic

READ_UPLOAD = "intake.read_upload"
FORGET = "intake.forget_read_uploads"


@job(READ_UPLOAD, attempts=3, retry_delay=5, backoff=3)
def read_upload(*, upload_id: str) -> None:
    from commission.intake.services import uploads

    uploads.read_upload(upload_id=upload_id)


@job(FORGET, attempts=3, retry_delay=60, backoff=2)
def forget_read_uploads() -> None:
    from commission.intake.services import uploads

    uploads.forget_read_uploads()


def _nightly(moment: dt.datetime) -> bool:
    return moment.hour == 2 and moment.minute == 40


@periodic(FORGET, due=_nightly)
def start_forgetting() -> None:
    from commission.jobs.services import enqueue_job

    today = timezone.localdate()
    enqueue_job(
        name=FORGET,
        arguments={},
        description="Drop the files of uploads read long ago",
        unique_key=f"{FORGET}:{today.isoformat()}",
    )
