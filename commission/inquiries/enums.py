from django.db import models
from django.utils.translation import gettext_lazy as _


class InquiryState(models.TextChoices):
    DRAFTED = "drafted", _("drafted")
    SENT = "sent", _("sent")
    OVERDUE = "overdue", _("overdue")
    ANSWERED = "answered", _("answered")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_INQUIRY_STATES = (InquiryState.DRAFTED, InquiryState.SENT, InquiryState.OVERDUE)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent")


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("reminder to the recipient")
    ESCALATION = "escalation", _("escalation to the chair")
