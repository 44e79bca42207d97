"""Documents and the copies in which they arrived: the bottom of the domain, which the
registry, the cases, the intake and the search all point at."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from commission.core import clock
from commission.documents.enums import CopyChannel, DocumentKind


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
    registered_at = models.DateTimeField(default=clock.now, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # Last, so that reading a document's other columns never reads through the letter: SQLite
    # stores a row's columns in order, and a long text spills into overflow pages.
    text = models.TextField(help_text="The text of the document, without archive boilerplate.")

    class Meta:
        # The table kept its name when the model moved here from the intake, so the move
        # copied no rows.
        db_table = "intake_document"
        permissions = [("register_document", "Can register letters and other documents")]
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
    received_at = models.DateTimeField(default=clock.now, editable=False)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "intake_documentcopy"
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
