from django.db import models


class InquiryState(models.TextChoices):
    DRAFTED = "drafted", "drafted"
    SENT = "sent", "sent"
    OVERDUE = "overdue", "overdue"
    ANSWERED = "answered", "answered"
    WITHDRAWN = "withdrawn", "withdrawn"


OPEN_INQUIRY_STATES = (InquiryState.DRAFTED, InquiryState.SENT, InquiryState.OVERDUE)


class Urgency(models.TextChoices):
    NORMAL = "normal", "normal"
    URGENT = "urgent", "urgent"


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", "reminder to the recipient"
    ESCALATION = "escalation", "escalation to the chair"
