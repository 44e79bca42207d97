from __future__ import annotations

from django.conf import settings
from django.db import models

from commission.intake.enums import CopyChannel, DocumentKind


class Document(models.Model):
    """One letter, appeal, testimony or note, however many copies of it have arrived."""

    kind = models.CharField(
        max_length=20, choices=DocumentKind.choices, default=DocumentKind.LETTER
    )
    title = models.CharField(max_length=300)
    notes_text = models.TextField(
        blank=True, help_text="Editorial footnotes and inscriptions on the document."
    )
    fingerprint = models.CharField(
        max_length=64, unique=True, help_text="Hash of the normalised text: one row per letter."
    )
    written_on = models.DateField(null=True, blank=True)
    written_at = models.TimeField(null=True, blank=True)
    date_text = models.CharField(max_length=100, blank=True, help_text="The date as written.")
    confidential = models.BooleanField(default=False)
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # Last, so that reading a document's other columns never reads through the letter: SQLite
    # stores a row's columns in order, and a long text spills into overflow pages.
    text = models.TextField(help_text="The text of the document, without archive boilerplate.")

    class Meta:
        permissions = [
            ("register_document", "Can register letters and other documents"),
            ("review_proposals", "Can accept, edit or reject what was read from a document"),
        ]
        indexes = [
            # Letters by date (case timelines, reports, near-duplicate candidates).
            models.Index(fields=["written_on"], name="document_written_on_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class DocumentCopy(models.Model):
    """One copy of a document as it arrived, with its provenance."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="copies")
    channel = models.CharField(
        max_length=20, choices=CopyChannel.choices, default=CopyChannel.UNKNOWN
    )
    source_name = models.CharField(max_length=300, blank=True, help_text="Archive or collection.")
    source_url = models.URLField(max_length=500, blank=True)
    file_name = models.CharField(max_length=300, blank=True)
    content_sha256 = models.CharField(
        max_length=64, help_text="Hash of the copy's text as received, to recognise re-ingests."
    )
    raw_text = models.TextField()
    text = models.TextField(help_text="This copy's letter text, cleaned.")
    notes_text = models.TextField(blank=True, help_text="This copy's footnotes and inscriptions.")
    provenance = models.TextField(blank=True, help_text="Editorial header and notes kept aside.")
    provenance_fields = models.JSONField(
        default=dict, blank=True, help_text="What the header says: archive, publication, …"
    )
    letter_index = models.PositiveSmallIntegerField(
        default=0, help_text="Which letter of the file this copy is, from 0."
    )
    received_at = models.DateTimeField(auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "document copies"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "content_sha256"], name="copy_unique_per_document"
            )
        ]
        indexes = [
            # Re-ingest check: has this exact copy been seen before?
            models.Index(fields=["content_sha256"], name="copy_sha256_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.get_channel_display()} {self.file_name}"


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
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="proposal_once_per_document")
        ]
        indexes = [
            # The clerk's intake queue: documents with pending proposals.
            models.Index(fields=["state", "document"], name="proposal_queue_idx"),
        ]

    def __str__(self) -> str:
        return self.summary


class Mention(models.Model):
    """A person named in a document, in a role, with the words that name them."""

    class Role(models.TextChoices):
        AUTHOR = "author", "author"
        ADDRESSEE = "addressee", "addressee"
        SUBJECT = "subject", "subject"
        RELATIVE = "relative", "relative"
        WITNESS = "witness", "witness asked"
        ANNOTATOR = "annotator", "wrote a note on it"
        MENTIONED = "mentioned", "mentioned"

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="mentions")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="mentions")
    role = models.CharField(max_length=20, choices=Role.choices)
    as_written = models.CharField(max_length=300, blank=True)
    span_part = models.CharField(max_length=10, blank=True)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="mentions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "person", "role"], name="mention_once_per_role"
            )
        ]
        indexes = [
            # A person's documents (person page, witness evidence).
            models.Index(fields=["person", "role"], name="mention_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} as {self.role} in {self.document_id}"
