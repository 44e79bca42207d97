from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commission.documents.models import Document


class ProposalState(models.TextChoices):
    PENDING = "pending", _("waiting for a clerk")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class ProposalKind(models.TextChoices):
    PERSON = "person", _("person named in the letter")
    FILING = "filing", _("file the letter on a case, with the author's testimony")
    RELATIONSHIP = "relationship", _("relationship")
    CONTACT = "contact", _("contact details (personal data)")
    OUTCOME = "outcome", _("reported outcome")
    INQUIRY = "inquiry", _("inquiry asked for on the document")
    ANSWER = "answer", _("answer to an open inquiry")


class Proposal(models.Model):
    """One thing the system read from a document, waiting for a clerk to accept, edit or
    reject it. Nothing read from a letter reaches the registry or a case before that."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(max_length=20, choices=ProposalKind.choices)
    key = models.CharField(
        max_length=300, help_text=_("What makes it the same proposal when a copy is read again.")
    )
    order = models.PositiveIntegerField(default=0)
    payload = models.JSONField(help_text=_("What was read, with its resolution."))
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
