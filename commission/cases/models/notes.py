"""Notes written on documents, on the whole or on a passage, and the tags that sort a file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from commission.cases.enums import DocumentTagKind, NoteRequest
from commission.core import clock


class DocumentNote(models.Model):
    """A note on a document, or on a passage of it kept as the reader keeps spans: which part
    of the document (its text, or its notes and inscriptions), where it starts and ends, and
    the words between, so the note still says what it was about if the text is read again."""

    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="reader_notes"
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_notes",
        help_text="The case file the note was written in.",
    )
    text = models.TextField()
    part = models.CharField(
        max_length=10,
        blank=True,
        choices=[("text", "the text"), ("notes", "the notes and inscriptions")],
    )
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True, help_text="The passage, as it read when noted.")
    asks = models.CharField(max_length=10, blank=True, choices=NoteRequest.choices)
    on_behalf_of = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who wrote the note on the paper, when the account that recorded it did not "
        "(a secretary's inscription read from a letter).",
    )
    from_reading = models.BooleanField(
        default=False, help_text="Recorded from what the letter reader found on the document."
    )
    followed_up_as = models.CharField(
        max_length=300,
        blank=True,
        help_text="References of the inquiries the note became, or “check” for a check.",
    )
    check_finding = models.TextField(blank=True, help_text="What the check found.")
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=clock.now, editable=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["written_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="note_has_text"),
            models.CheckConstraint(
                condition=(Q(part="") & Q(start__isnull=True) & Q(end__isnull=True))
                | (~Q(part="") & Q(start__isnull=False) & Q(end__gt=models.F("start"))),
                name="note_span_whole",
            ),
        ]
        indexes = [models.Index(fields=["document", "written_at"], name="note_document_idx")]

    def __str__(self) -> str:
        return f"Note on {self.document_id}"


class DocumentTag(models.Model):
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="tags"
    )
    tag = models.CharField(max_length=30, choices=DocumentTagKind.choices)
    tagged_at = models.DateTimeField(default=clock.now, editable=False)
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "tag"], name="tag_once_per_document"),
            models.CheckConstraint(condition=Q(tag__in=DocumentTagKind.values), name="tag_known"),
        ]

    def __str__(self) -> str:
        return f"{self.tag} on {self.document_id}"
