"""Uploads read in the background: the upload stores the file and asks for a job, and answers
at once; a worker reads the file (`read_upload`) and records what it gave on the upload. The
jobs themselves are declared in `intake.upload_jobs`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commission.audit.services import record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import NotAllowed
from commission.core.roles import require
from commission.intake.models import LetterUpload
from commission.intake.services.ingest import REGISTER, ingest_upload
from commission.intake.upload_jobs import READ_UPLOAD
from commission.jobs.enums import JobState
from commission.jobs.services import enqueue_job


def receive_upload(*, actor: Actor, data: bytes, file_name: str) -> LetterUpload:
    """Store an uploaded file and ask a worker to read it; nothing is read here.

    Side effects: a `LetterUpload`, its job (sent to the queue at commit) and an audit event.
    Errors: NotAllowed without the permission to register letters."""
    require(actor, REGISTER, "register letters")
    with transaction.atomic():
        upload = LetterUpload(
            file_name=file_name[:300], data=data, size=len(data), uploaded_by=actor
        )
        upload.job = enqueue_job(
            name=READ_UPLOAD,
            arguments={"upload_id": str(upload.pk)},
            description=f"Read the uploaded file {upload.file_name}",
            requested_by=actor,
        )
        upload.save(force_insert=True)
        record_event(
            actor=actor, action=AuditAction.LETTER_FILE_RECEIVE, target=upload,
            summary=f"Received the file {upload.file_name} ({len(data)} bytes) to read.",
            after={"file": upload.file_name, "size": len(data), "job": upload.job.pk},
        )  # fmt: skip
    return upload


def read_upload(*, upload_id: str) -> None:
    """Read an uploaded file and file its letters, as the clerk who uploaded it. Running it
    again files nothing twice: every letter already on file is recognised by its text."""
    upload = LetterUpload.objects.select_related("uploaded_by").get(pk=upload_id)
    if upload.uploaded_by is None:
        raise NotAllowed(
            f"The account that uploaded {upload.file_name} no longer exists, so nothing can be "
            "filed in its name."
        )
    report = ingest_upload(
        actor=upload.uploaded_by, data=bytes(upload.data), file_name=upload.file_name
    )
    LetterUpload.objects.filter(pk=upload_id).update(report=asdict(report))


def forget_read_uploads() -> None:
    """Drop the bytes of uploads read well more than JOB_DONE_KEPT_DAYS ago: their letters
    keep the text of every copy; the upload keeps its name, size and report."""
    cutoff = timezone.now() - timedelta(days=int(settings.JOB_DONE_KEPT_DAYS))
    LetterUpload.objects.filter(
        Q(job__isnull=True) | Q(job__state=JobState.DONE), uploaded_at__lt=cutoff
    ).exclude(data=b"").update(data=b"")
