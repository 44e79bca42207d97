"""The letters a decision sends to the people concerned."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from commission.cases.enums import LetterLanguage, LetterRecipient, LetterState


class OutcomeLetter(models.Model):
    """A letter telling someone what was decided. Drafted from the templates of its outcome
    and language; the chair reads the preview and signs it, and only then is its PDF fixed,
    filed on the case as a sent document, and offered for download."""

    decision = models.ForeignKey("cases.Decision", on_delete=models.PROTECT, related_name="letters")
    recipient_kind = models.CharField(max_length=30, choices=LetterRecipient.choices)
    recipient_name = models.CharField(max_length=300)
    recipient_person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_commission = models.ForeignKey(
        "registry.Commission", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(max_length=2, choices=LetterLanguage.choices)
    state = models.CharField(max_length=10, choices=LetterState.choices, default=LetterState.DRAFT)
    body = models.TextField(help_text="The letter as drafted from its template.")
    pdf = models.BinaryField(blank=True, default=b"", help_text="The signed letter.")
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The sent letter, filed on the case.",
    )
    drafted_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["decision", "recipient_kind", "language", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "recipient_kind", "language"], name="letter_once_per_reader"
            )
        ]

    def __str__(self) -> str:
        return f"Letter to {self.recipient_name} ({self.language})"
