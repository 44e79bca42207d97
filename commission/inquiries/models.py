from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from commission.core import clock
from commission.inquiries.enums import InquiryState, ReminderKind, Urgency
from commission.registry.names import name_for_language


class Inquiry(models.Model):
    """A question sent to a named person about a subject, e.g. "give information about Comrade
    Kasparova and find out who else knows her well"."""

    ref = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="inquiries"
    )
    subject = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="inquiries_received"
    )
    question = models.TextField()
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    due_on = models.DateField()
    state = models.CharField(
        max_length=10, choices=InquiryState.choices, default=InquiryState.DRAFTED
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=gettext_lazy("The person on whose behalf the question is asked."),
    )
    source_document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries_asked",
        help_text=gettext_lazy("The note or letter that asks the question."),
    )
    source_quote = models.TextField(blank=True, help_text=gettext_lazy("The words that ask it."))
    answer_document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries_answered",
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=500, blank=True)
    # The secret part of the inquiry's reply address (docs/mail.md): set when the inquiry is
    # sent, so a reply by mail finds its inquiry without anyone guessing another's address.
    reply_token = models.CharField(max_length=32, unique=True, null=True, blank=True)
    # When the question last went out by mail (the address is in the registry, not here).
    mailed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "inquiries"
        permissions = [
            ("send_inquiry", "Can draft, send and withdraw inquiries"),
            ("record_answer", "Can record the answer to an inquiry"),
        ]
        constraints = [
            # One question per recipient per asking document: re-reading a note adds nothing.
            models.UniqueConstraint(
                fields=["subject", "recipient", "source_document"],
                condition=Q(source_document__isnull=False),
                name="inquiry_once_per_source",
            ),
            models.CheckConstraint(
                condition=~Q(recipient=models.F("subject")), name="inquiry_not_to_subject"
            ),
        ]
        indexes = [
            # Inquiries board and dashboard: open ones by due date; the reminder run. With the
            # id in the key, a state's first rows come in (due_on, id) order without a sort.
            models.Index(fields=["state", "due_on", "id"], name="inquiry_state_due_idx"),
            # A case's inquiries; a recipient's open inquiries (matching a reply).
            models.Index(fields=["case", "state"], name="inquiry_case_idx"),
            models.Index(fields=["recipient", "state"], name="inquiry_recipient_idx"),
            # The inquiries sent in a few days, for the statistics of a period
            # (reports.statistics.kept).
            models.Index(fields=["sent_at"], name="inquiry_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"Inquiry {self.ref} to {self.recipient_id} about {self.subject_id}"

    @property
    def label(self) -> str:
        """The inquiry as a person reads a reference to it: whom it asks. The ref stays in
        addresses and the API."""
        return gettext("inquiry to %(recipient)s") % {
            "recipient": name_for_language(self.recipient)
        }


class Reminder(models.Model):
    """A reminder or escalation sent for an inquiry on one day; unique per day so running the
    reminder job twice sends nothing twice."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    sent_on = models.DateField()
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "kind", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.inquiry_id} on {self.sent_on}"
