"""Reads of inquiries: who may see which, and the board's filters. The pages, the API and the
command line all list inquiries through `inquiry_list`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from commission.cases.queries import visible_cases
from commission.core import clock
from commission.core.actors import Viewer
from commission.documents.access import readable
from commission.documents.models import Document
from commission.inquiries.enums import OPEN_INQUIRY_STATES, InquiryState
from commission.inquiries.models import Inquiry
from commission.registry.models import ClerkPost, Mention
from commission.registry.posts import current_posts, posted_commissions

# "Due this week" on the board: the next seven days.
WEEK_DAYS = 7


def visible_inquiries(user: Viewer) -> QuerySet[Inquiry]:
    """Inquiries the user may see: an inquiry on a case is as confidential as the case. A clerk
    posted to commissions sees those on the cases she may see, and of those on no case the
    ones asked by her or by a clerk posted to one of her commissions."""
    on_no_case = Q(case__isnull=True)
    commissions = posted_commissions(user)
    if commissions is not None:
        colleagues = ClerkPost.objects.filter(
            current_posts(on=clock.today()), commission_id__in=commissions
        ).values("user_id")
        on_no_case &= Q(asked_by_id=user.pk) | Q(asked_by_id__in=colleagues)
    return Inquiry.objects.filter(
        on_no_case | Q(case__in=visible_cases(user).values("pk"))
    ).select_related("recipient", "subject", "case", "asked_by", "requested_by")


def people_asked(user: Viewer, commissions: frozenset[int]) -> Q:
    """The people asked by the inquiries a posted clerk may see, as a condition on Person."""
    return Q(pk__in=visible_inquiries(user).values("recipient_id"))


def inquiry_list(
    *,
    user: Viewer,
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


def open_inquiries_between(
    *, recipients: Iterable[int], subjects: Iterable[int]
) -> QuerySet[Inquiry]:
    """The open inquiries asked of any of `recipients` about any of `subjects`, soonest due
    first: those a letter from one of them naming one of those may answer."""
    return (
        Inquiry.objects.filter(
            recipient_id__in=list(recipients),
            subject_id__in=list(subjects),
            state__in=list(OPEN_INQUIRY_STATES),
        )
        .select_related("recipient", "subject", "case")
        .order_by("due_on", "id")
    )


def inquiries_a_reply_may_answer(document: Document) -> QuerySet[Inquiry]:
    """The open inquiries `document` may answer, by its confirmed mentions: asked of someone it
    names as its author, about someone else it names."""
    mentions = list(Mention.objects.filter(document=document).values_list("person_id", "role"))
    authors = {person for person, role in mentions if role == Mention.Role.AUTHOR}
    return open_inquiries_between(
        recipients=authors, subjects={person for person, _ in mentions} - authors
    )


def replies_that_may_answer(inquiry: Inquiry, *, user: Viewer, limit: int = 10) -> list[Document]:
    """Letters `user` may read whose confirmed author is the person asked and which name the
    subject, newest first: what the answer form offers besides the case's filings."""
    letters = readable(Document.objects.all(), user)
    return list(
        letters.filter(mentions__person_id=inquiry.recipient_id, mentions__role=Mention.Role.AUTHOR)
        .filter(mentions__person_id=inquiry.subject_id)
        .defer("text")
        .distinct()
        .order_by("-id")[:limit]
    )
