"""Uploads kept for their reading: the bytes go once read long ago, the record stays."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from commission.intake.models import LetterUpload
from commission.intake.services import receive_upload
from commission.intake.services.uploads import forget_read_uploads
from commission.jobs.models import Job


def test_the_bytes_of_uploads_read_long_ago_are_dropped(clerk, settings):
    settings.JOB_DONE_KEPT_DAYS = 14
    old, recent, unread = (
        receive_upload(actor=clerk, data=f"letter {n}".encode(), file_name=f"{n}.txt")
        for n in range(3)
    )
    long_ago = timezone.now() - dt.timedelta(days=15)
    LetterUpload.objects.filter(pk__in=[old.pk, unread.pk]).update(uploaded_at=long_ago)
    Job.objects.filter(pk__in=[old.job_id, recent.job_id]).update(state="done")

    forget_read_uploads()

    kept = {u.file_name: (bytes(u.data), u.size) for u in LetterUpload.objects.all()}
    assert kept == {"0.txt": (b"", 8), "1.txt": (b"letter 1", 8), "2.txt": (b"letter 2", 8)}
