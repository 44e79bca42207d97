"""Reads of inquiries: who may see which, and the board's filters. The pages, the API and the
command line all list inquiries through `inquiry_list`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from commission.cases.queries import visible_cases
from commission.inquiries.enums import OPEN_INQUIRY_STATES, InquiryState
from commission.inquiries.models import Inquiry

# "Due this week" on the board: the next seven days.
WEEK_DAYS = 7


def visible_inquiries(user: Any) -> QuerySet[Inquiry]:
    """Inquiries the user may see: an inquiry on a case is as confidential as the case."""
    return Inquiry.objects.filter(
        Q(case__isnull=True) | Q(case__in=visible_cases(user).values("pk"))
    ).select_related("recipient", "subject", "case", "asked_by", "requested_by")


def inquiry_list(
    *,
    user: Any,
    today: dt.date,
    state: str | None = None,
    case: str | None = None,
    recipient: str | None = None,
    urgency: str | None = None,
    mine: bool = False,
    overdue: bool = False,
    due_this_week: bool = False,
    by_case: bool = False,
) -> QuerySet[Inquiry]:
    """Visible inquiries, soonest due first (or grouped by case), filtered by state, case ref,
    recipient ref, urgency, those the user asked or was asked (`mine`), those past their due
    date (`overdue`) and open ones due in the coming week."""
    rows = visible_inquiries(user)
    if state:
        rows = rows.filter(state=state)
    if case:
        rows = rows.filter(case__ref=case.strip())
    if recipient:
        rows = rows.filter(recipient__ref=recipient)
    if urgency:
        rows = rows.filter(urgency=urgency)
    if mine:
        rows = rows.filter(Q(asked_by=user) | Q(recipient__user=user))
    if overdue:
        # The reminder run marks them overdue once a day; one past its date since counts.
        rows = rows.filter(
            Q(state=InquiryState.OVERDUE) | Q(state=InquiryState.SENT, due_on__lt=today)
        )
    if due_this_week:
        rows = rows.filter(
            state__in=list(OPEN_INQUIRY_STATES),
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=WEEK_DAYS),
        )
    if by_case:
        return rows.order_by("case__ref", "due_on", "id")
    return rows.order_by("due_on", "id")
