from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commission.core.errors import InvalidInput


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


class WitnessMark(models.TextChoices):
    """The marks a witness candidate may carry, by the short name a client filters on; the
    label is how `inquiries.witnesses` words the mark."""

    ASKED = "asked", "asked"
    DECEASED = "deceased", "deceased"
    RECUSED = "recused", "recused"
    TESTIFYING = "testifying", "testifying"
    TIED = "tied", "tied to a commissioner"


WITNESS_MARKS = {str(mark.value): str(mark.label) for mark in WitnessMark}


def read_marks(value: str) -> set[str]:
    """The marks, as the service words them, of a comma-separated list of mark names.
    Errors: InvalidInput naming the first that is not one."""
    codes = [c for c in (c.strip() for c in value.split(",")) if c]
    unknown = next((c for c in codes if c not in WITNESS_MARKS), None)
    if unknown is not None:
        raise InvalidInput(
            gettext('"%(code)s" is not a mark; use one of %(WITNESS_MARKS)s.')
            % {"code": unknown, "WITNESS_MARKS": ", ".join(WITNESS_MARKS)}
        )
    return {WITNESS_MARKS[c] for c in codes}
