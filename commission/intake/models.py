from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from commission.documents.models import Document


class ProposalState(models.TextChoices):
    PENDING = "pending", "waiting for a clerk"
    ACCEPTED = "accepted", "accepted"
    REJECTED = "rejected", "rejected"


class ProposalKind(models.TextChoices):
    PERSON = "person", "person named in the letter"
    FILING = "filing", "file the letter on a case, with the author's testimony"
    RELATIONSHIP = "relationship", "relationship"
    CONTACT = "contact", "contact details (personal data)"
    OUTCOME = "outcome", "reported outcome"
    INQUIRY = "inquiry", "inquiry asked for on the document"
    ANSWER = "answer", "answer to an open inquiry"


class Proposal(models.Model):
    """One thing the system read from a document, waiting for a clerk to accept, edit or
    reject it. Nothing read from a letter reaches the registry or a case before that."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(max_length=20, choices=ProposalKind.choices)
    key = models.CharField(
        max_length=300, help_text="What makes it the same proposal when a copy is read again."
    )
    order = models.PositiveIntegerField(default=0)
    payload = models.JSONField(help_text="What was read, with its resolution.")
    summary = models.CharField(max_length=500)
    span_part = models.CharField(max_length=10, blank=True)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    span_text = models.TextField(blank=True)
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    result_type = models.CharField(max_length=64, blank=True)
    result_id = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["document", "order", "id"]
        permissions = [
            ("review_proposals", "Can accept, edit or reject what was read from a document")
        ]
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="proposal_once_per_document")
        ]
        indexes = [
            # The clerk's intake queue: documents with pending proposals.
            models.Index(fields=["state", "document"], name="proposal_queue_idx"),
        ]

    def __str__(self) -> str:
        return self.summary


class LetterUpload(models.Model):
    """A file a clerk uploaded, kept in the database (so a worker on any machine can read it)
    until a worker has read it (`intake.services.uploads.read_upload`); its report says what
    was filed."""

    # Known before the row is written, so the job that reads it is asked for first and the
    # file's bytes are written once (rewriting a row rewrites its bytes on SQLite).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file_name = models.CharField(max_length=300)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # The job that reads it; its state is the upload's ("being read", done, failed). A finished
    # job is pruned after JOB_DONE_KEPT_DAYS, and an upload without one has been read.
    job = models.ForeignKey("jobs.Job", null=True, on_delete=models.SET_NULL, related_name="+")
    # What reading gave, as `IngestReport`'s lists; empty until the job has run.
    report = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.file_name


class MailOutcome(models.TextChoices):
    ANSWER = "answer", "proposed as the answer to its inquiry"
    LETTER = "letter", "filed as an ordinary letter"
    REFUSED = "refused", "refused"


class IncomingMail(models.Model):
    """A message that came to the commission's mailbox, taken in once per Message-ID: what
    became of it, in sentences, and the message as it came, so nothing refused is lost."""

    message_id = models.CharField(
        max_length=500,
        unique=True,
        help_text="The message's Message-ID, or sha256:… of the message when it has none.",
    )
    sender = models.CharField(max_length=300)
    subject = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    token = models.CharField(max_length=32, blank=True, help_text="The reply token it came to.")
    inquiry = models.ForeignKey(
        "inquiries.Inquiry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mail_replies",
        help_text="The open inquiry whose reply address it came to.",
    )
    documents = models.ManyToManyField(Document, blank=True, related_name="+")
    outcome = models.CharField(max_length=10, choices=MailOutcome.choices)
    report = models.TextField(help_text="What was filed, refused or skipped, one line each.")
    raw = models.BinaryField(help_text="The message as it arrived.")

    def __str__(self) -> str:
        return f"Mail {self.message_id} from {self.sender}"
