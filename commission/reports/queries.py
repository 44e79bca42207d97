"""Reads behind the dashboard: for each piece of work a role does, the first few rows and how
many there are.

Every list is bounded: it reads at most ROWS + 1 rows, and only when there are more than ROWS
does it count, and then at most COUNT_CAP of them; or, where its first rows are costly to find
in order, it reads the ids of at most COUNT_CAP + 1 rows and then the ROWS shown (_first_ids).
So a dashboard costs the same few queries whether the commission holds ten cases or two
hundred thousand (bench/dashboard.py measures it; tests/reports/test_views.py holds the number
of queries to a bound).

The rows are named tuples of what the dashboard shows (values_list), not model instances:
reports.rows writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Case as SqlCase
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from commission.audit.models import AuditChainHead, AuditEvent
from commission.audit.queries import chain_head, recent_events
from commission.cases.enums import CaseState, DecisionOutcome, HearingState
from commission.cases.models import Case, Decision, Hearing, ReportedOutcome
from commission.cases.queries import posted_cases, visible_cases
from commission.core import clock
from commission.core.actors import Viewer
from commission.core.roles import Role, can, group_names
from commission.documents.access import needed
from commission.documents.models import Document
from commission.inquiries.enums import OPEN_INQUIRY_STATES, InquiryState
from commission.inquiries.models import Inquiry
from commission.inquiries.queries import WEEK_DAYS, visible_inquiries
from commission.intake.models import Proposal, ProposalState
from commission.registry.models import Commission, Commissioner, Person
from commission.registry.posts import posted_commissions

# Rows shown per section; the section's "see all" link leads to the full list.
ROWS = 10
# Beyond this many a section says "more than 100": an exact count of thousands of rows (each
# checked against its case's confidentiality) would cost more than the rest of the dashboard,
# and the list pages the sections link to count further.
COUNT_CAP = 100

# Soonest deadline first. The state breaks ties before the id because case_due_idx holds
# (due_on, state, id): in that order SQLite reads the first rows of the index and stops, where
# (due_on, id) would have it sort every case due on the first day.
BY_DEADLINE = ("due_on", "state", "id")

# Inquiries soonest due first, in the order of inquiry_state_due_idx within a state. The id
# comes last: reports.queries._merged takes it from there.
BY_DUE = ("due_on", "id")

# States in which a case waits for its commission's decision.
ACTIVE_STATES = [CaseState.OPEN, CaseState.GATHERING, CaseState.READY, CaseState.HEARING]
# States in which the secretariat is still putting the file together.
FILE_STATES = [CaseState.OPEN, CaseState.GATHERING]

T = TypeVar("T")


@dataclass
class Listing(Generic[T]):
    """The first rows of a list and how many rows it has (at most COUNT_CAP)."""

    rows: list[T]
    count: int
    more: bool = False  # the list has more than COUNT_CAP rows

    @property
    def count_label(self) -> str:
        return f"more than {COUNT_CAP:,}" if self.more else f"{self.count:,}"

    @property
    def truncated(self) -> bool:
        return self.count > len(self.rows)


def _bounded(rows: QuerySet[Any], counted: QuerySet[Any] | None = None) -> Listing[Any]:
    """The first ROWS of `rows` and how many there are: one query when the list is short, a
    second, capped count only when it is not. The count is of `counted` when given: the same
    list without the joins that read what its rows show."""
    first = list(rows[: ROWS + 1])
    if len(first) <= ROWS:
        return Listing(first, len(first))
    total = _capped_count(rows if counted is None else counted)
    return Listing(first[:ROWS], min(total, COUNT_CAP), total > COUNT_CAP)


def _first_ids(rows: QuerySet[Any]) -> list[int]:
    """The ids of the first COUNT_CAP + 1 of `rows`, in their order: enough to count them up
    to the cap in the same query, and to read the rows shown, for ROWS ids alone, after. For
    lists whose rows are costly to find in order (thousands read and sorted, or several parts
    merged): the ids are sorted without the joins that the rows shown need."""
    return list(rows.values_list("pk", flat=True)[: COUNT_CAP + 1])


def _read(rows: QuerySet[Any], ids: list[int]) -> list[Any]:
    """The `rows` (named tuples with an `id`) of these ids, in their order."""
    found = {row.id: row for row in rows.filter(pk__in=ids)}
    return [found[pk] for pk in ids]


def _counted(rows: list[Any], found: int) -> Listing[Any]:
    """A list's first ROWS, of the `found` (at most COUNT_CAP + 1) it holds."""
    return Listing(rows[:ROWS], min(found, COUNT_CAP), found > COUNT_CAP)


def _capped_count(rows: QuerySet[Any]) -> int:
    """How many `rows` there are, up to COUNT_CAP + 1: their ids are read rather than counted,
    which costs the database the same and Django less than compiling COUNT(*) around them."""
    return len(rows.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])


def roles_of(user: Viewer) -> list[str]:
    """The user's roles, in the order the dashboard shows their sections. A superuser holds
    every permission, so sees every working role's sections."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return [r for r in Role.ALL if r != Role.MEMBER]
    names = group_names(user)
    return [r for r in Role.ALL if r in names]


# --- the clerk -------------------------------------------------------------------------------


def letters_waiting(*, user: Viewer) -> Listing[Any]:
    """Letters with something read from them that a clerk has not yet confirmed or rejected,
    those waiting longest first, each with its number of pending proposals; for a clerk posted
    to commissions, those she needs to know (documents.access).

    Read from the pending proposals (proposal_queue_idx), not by asking every letter whether it
    has one: the queue is small beside a million letters."""
    pending = Proposal.objects.filter(state=ProposalState.PENDING)
    need = needed(user)
    if need is not None:
        pending = pending.filter(document__in=Document.objects.filter(need).values("pk"))
    waiting_ids = pending.order_by("document_id").values("document_id").distinct()
    pending_count = (
        pending.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # The ids are taken ROWS + 1 at a time inside the query, so it reads one page of the queue.
    rows = (
        Document.objects.filter(pk__in=waiting_ids[: ROWS + 1])
        .annotate(pending_count=Coalesce(Subquery(pending_count), 0))
        .values_list(
            "id", "title", "kind", "written_on", "registered_at", "pending_count", named=True
        )
        .order_by("pk")
    )
    first = list(rows)
    if len(first) <= ROWS:
        return Listing(first, len(first))
    total = len(waiting_ids[: COUNT_CAP + 1])
    return Listing(first[:ROWS], min(total, COUNT_CAP), total > COUNT_CAP)


def _sees_all_cases(user: Viewer) -> bool:
    return (
        can(user, "cases.view_case")
        and can(user, "cases.view_confidential_case")
        and posted_commissions(user) is None
    )


def _case_visible(user: Viewer, relation: str) -> Q:
    """The rule of cases.queries.visible_cases, as a test of each row's own case through
    `relation`, rather than membership of the set of every visible case: the dashboard reads a
    few rows in date order and stops, where the set would be built from all 200,000 cases
    first. Not for users who see every case (`_sees_all_cases`): they need no test at all."""
    own = Q(**{f"{relation}__subject__user_id": user.pk})
    if not can(user, "cases.view_case"):
        return own
    rule = Q()
    commissions = posted_commissions(user)
    if commissions is not None:
        rule = posted_cases(commissions, f"{relation}__") | own
    if can(user, "cases.view_confidential_case"):
        return rule
    return rule & (Q(**{f"{relation}__confidential": False}) | own)


def _names_of(*relations: str) -> list[str]:
    """The name fields of the people at the end of `relations`, for `only()`."""
    return [f"{relation}__{name}" for relation in relations for name in Person.NAME_FIELDS]


def _inquiries_visible_to(user: Viewer) -> QuerySet[Inquiry]:
    """Inquiries the user may see, by the rule of inquiries.queries.visible_inquiries: one on a
    case is as confidential as the case, one on no case is seen by all who see inquiries."""
    rows = Inquiry.objects.all()
    if _sees_all_cases(user):
        return rows
    if posted_commissions(user) is not None:
        return rows.filter(pk__in=visible_inquiries(user).values("pk"))
    return rows.filter(Q(case__isnull=True) | _case_visible(user, "case"))


def _inquiry_rows(inquiries: QuerySet[Inquiry]) -> QuerySet[Any]:
    """What a dashboard row shows of an inquiry (reports.rows.inquiry_items), as named tuples."""
    return inquiries.values_list(
        "id", "ref", "question", "urgency", "due_on", "state", "case__ref", "case__kind",
        "recipient_id", "subject_id", *_names_of("recipient", "subject"),
        named=True,
    )  # fmt: skip


def _merged(parts: list[QuerySet[Inquiry]]) -> Listing[Any]:
    """The first ROWS inquiries of several lists that share no row, merged in BY_DUE order,
    and how many they hold together (up to the cap). Each part is read through its own index
    in order and stops after COUNT_CAP + 1 rows, where their OR would have every matching row
    read and sorted. Where the database takes sliced parts in a UNION ALL (PostgreSQL), that
    is one query; elsewhere (SQLite) one query a part, merged here.

    The parts give only the order's keys, as many as counting needs; the rows shown, with
    their people and case, are read after for the first ids alone: compiling (and on
    PostgreSQL planning) each part with its three joins, and a count, cost more."""
    firsts = [part.order_by(*BY_DUE).values_list(*BY_DUE)[: COUNT_CAP + 1] for part in parts]
    if len(firsts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        keys = list(firsts[0].union(*firsts[1:], all=True).order_by(*BY_DUE)[: COUNT_CAP + 1])
    else:
        keys = sorted(key for first in firsts for key in first)[: COUNT_CAP + 1]
    ids = [pk for _, pk in keys]
    return _counted(_read(_inquiry_rows(Inquiry.objects.all()), ids[:ROWS]), len(ids))


def inquiries_overdue(*, user: Viewer, today: dt.date) -> Listing[Any]:
    """Inquiries past their due date without an answer, longest overdue first: those the
    reminder run marked overdue, and those sent and past their date since it last ran (the
    board's "overdue" view, inquiries.queries.inquiry_list)."""
    visible = _inquiries_visible_to(user)
    marked = Q(state=InquiryState.OVERDUE)
    past = Q(state=InquiryState.SENT, due_on__lt=today)
    return _merged([visible.filter(marked), visible.filter(past)])


def inquiries_due_soon(*, user: Viewer, today: dt.date) -> Listing[Any]:
    """Open inquiries (drafted, sent or marked overdue) due today or in the coming week,
    soonest first: the board's "due this week" view."""
    rows = _inquiries_visible_to(user).filter(
        due_on__gte=today, due_on__lte=today + dt.timedelta(days=WEEK_DAYS)
    )
    # One part per state, each in due order from inquiry_state_due_idx (state, due_on, id).
    return _merged([rows.filter(state=state) for state in OPEN_INQUIRY_STATES])


# What a dashboard row shows of a case (reports.rows.case_items and its kin).
CASE_ROW = ("id", "ref", "title", "kind", "confidential", "state", "due_on", "subject_id")


def _listed(cases: QuerySet[Case], *also: str) -> QuerySet[Any]:
    """Cases as the named tuples of what a dashboard row shows, and `also` (annotations) : the
    subject's name, joined, and the commission's name, read per row. Joining the commission
    too lets SQLite start from the commissions and sort every matching case, where
    case_due_idx returns them already in deadline order."""
    name = Commission.objects.filter(pk=OuterRef("commission_id")).values("name")[:1]
    return cases.annotate(commission_name=Subquery(name)).values_list(
        *CASE_ROW, *_names_of("subject"), "commission_name", *also, named=True
    )


def cases_gathering(*, user: Viewer) -> Listing[Any]:
    """Cases whose file the secretariat is putting together, soonest deadline first, so the
    overdue ones lead. case_due_idx (due_on, state) returns them in that order."""
    rows = visible_cases(user).filter(state__in=FILE_STATES)
    return _bounded(_listed(rows).order_by(*BY_DEADLINE), rows)


# --- commissioners and the chair -------------------------------------------------------------


@dataclass
class Seats:
    """The commissions the user sits on, through the registry person their login belongs to.

    `linked` is False when the login belongs to nobody in the registry."""

    linked: bool
    commissions: list[Commission] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [c.pk for c in self.commissions]


def seats_of(user: Viewer, *, today: dt.date) -> Seats:
    """Current seats of the user's person: one query for a commissioner, a second only to tell
    a person without seats from a login that belongs to nobody."""
    if isinstance(user, AnonymousUser):
        return Seats(linked=False, commissions=[])
    current = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    seats = Commissioner.objects.filter(current, person__user_id=user.pk)
    commissions = list(
        Commission.objects.filter(pk__in=seats.values("commission_id")).order_by("name", "pk")
    )
    if commissions:
        return Seats(linked=True, commissions=commissions)
    return Seats(linked=Person.objects.filter(user_id=user.pk).exists())


def _in_scope(cases: QuerySet[Case], commission_ids: Iterable[int] | None) -> QuerySet[Case]:
    return cases if commission_ids is None else cases.filter(commission_id__in=commission_ids)


def cases_before(*, user: Viewer, commission_ids: list[int] | None) -> Listing[Any]:
    """Cases before these commissions (all of them when None) that wait for something by a
    date, soonest first: the file, the hearing, the decision, or the end of a decision's
    appeal window. Appealed cases are before the commission above; a case with no deadline
    waits for nothing the dashboard can date, and is on the case list.

    The ids are found first (_first_ids), and only the shown rows read: a commission's cases
    in these states are thousands, which SQLite reads through case_commission_state_idx and
    sorts, and sorting ids alone is cheaper than sorting each case joined to its subject."""
    rows = _in_scope(visible_cases(user), commission_ids).filter(
        state__in=[*ACTIVE_STATES, CaseState.DECIDED], due_on__isnull=False
    )
    ids = _first_ids(rows.order_by(*BY_DEADLINE))
    return _counted(_read(_listed(Case.objects.all()), ids[:ROWS]), len(ids))


def cases_ready_for_hearing(*, user: Viewer, commission_ids: list[int] | None) -> Listing[Any]:
    """Cases whose file is complete and that wait for a hearing date, soonest deadline first
    (their ids first, as for cases_before)."""
    rows = _in_scope(visible_cases(user), commission_ids).filter(state=CaseState.READY)
    ids = _first_ids(rows.order_by(*BY_DEADLINE))
    return _counted(_read(_listed(Case.objects.all()), ids[:ROWS]), len(ids))


def hearings_this_week(
    *, user: Viewer, commission_ids: list[int] | None, now: dt.datetime | None = None
) -> Listing[Any]:
    """Scheduled hearings from the start of today to the end of the seventh day after it, in
    order (hearing_starts_idx), of cases the user may see."""
    now = now or clock.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + dt.timedelta(days=WEEK_DAYS + 1)
    rows = Hearing.objects.filter(
        state=HearingState.SCHEDULED, starts_at__gte=start, starts_at__lt=end
    )
    if not _sees_all_cases(user):
        rows = rows.filter(_case_visible(user, "case"))
    if commission_ids is not None:
        rows = rows.filter(commission_id__in=commission_ids)
    shown = rows.values_list(
        "id", "starts_at", "place", "case__ref", "case__title", "case__kind",
        "case__confidential", "case__subject_id", *_names_of("case__subject"), "commission__name",
        named=True,
    )  # fmt: skip
    return _bounded(shown.order_by("starts_at", "id"), rows)


@dataclass
class ToSign:
    """A case that waits for its decision, and why the dashboard thinks so."""

    case: Any  # a row of reports.queries' case lists
    heard: bool  # its hearing date has passed
    reported: str = ""  # the outcome a document reports, to be recorded as the decision


def decisions_to_sign(
    *, user: Viewer, commission_ids: list[int] | None, today: dt.date
) -> Listing[ToSign]:
    """Cases waiting for the commission's decision: those whose hearing date has passed
    (still "hearing scheduled", so no decision is recorded), and those for which a document
    reports an outcome that nobody has yet recorded as the decision (the seed letters'
    footnotes). Soonest deadline first, the heard ones before the reported ones."""
    visible = _in_scope(visible_cases(user), commission_ids)
    # case_due_idx (due_on, state): a range of past dates, checked for the state in the index.
    heard = visible.filter(state=CaseState.HEARING, due_on__lte=today)
    unrecorded = ReportedOutcome.objects.filter(decision__isnull=True)
    reported = visible.filter(state__in=ACTIVE_STATES, pk__in=unrecorded.values("case_id")).exclude(
        state=CaseState.HEARING, due_on__lte=today
    )
    first_outcome = unrecorded.filter(case=OuterRef("pk")).order_by("pk").values("outcome")[:1]
    # The ids of both lists, then the rows shown of either in one query (_first_ids).
    heard_ids = _first_ids(heard.order_by(*BY_DEADLINE))
    reported_ids = _first_ids(reported.order_by(*BY_DEADLINE))
    shown = (heard_ids[:ROWS] + reported_ids)[:ROWS]
    cases = Case.objects.annotate(reported_outcome=Subquery(first_outcome))
    rows = [
        ToSign(case, heard=True)
        if n < len(heard_ids)
        else ToSign(case, heard=False, reported=_outcome_label(case.reported_outcome))
        for n, case in enumerate(_read(_listed(cases, "reported_outcome"), shown))
    ]
    total = min(len(heard_ids), COUNT_CAP) + min(len(reported_ids), COUNT_CAP)
    return Listing(
        rows,
        min(total, COUNT_CAP),
        len(heard_ids) > COUNT_CAP or len(reported_ids) > COUNT_CAP or total > COUNT_CAP,
    )


def _outcome_label(value: str | None) -> str:
    return str(DecisionOutcome(value).label) if value in DecisionOutcome.values else ""


# --- the member --------------------------------------------------------------------------------


@dataclass
class OwnCase:
    """A case of the user's own, with what its subject waits for."""

    case: Any  # a row of reports.queries' case lists, with its commission's parent
    next_hearing_at: dt.datetime | None = None
    next_hearing_place: str = ""
    decision_label: str = ""  # the latest decision's outcome
    decision_on: dt.date | None = None
    appeal_deadline: dt.date | None = None


def own_cases(*, user: Viewer) -> Listing[OwnCase]:
    """The user's own cases (they are their subject), open ones first, newest first, each with
    its next scheduled hearing and its latest decision's outcome and appeal deadline.

    The hearings and decisions are read after the cases, for them alone: most accounts have no
    case, and then cost one plain query."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return Listing([], 0)
    terminal = [CaseState.CLOSED, CaseState.WITHDRAWN]
    rows = (
        Case.objects.filter(subject__user_id=user.pk)
        .annotate(
            finished=SqlCase(
                When(state__in=terminal, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .values_list(
            *CASE_ROW, *_names_of("subject"), "commission__name", "commission__parent_id",
            "commission__parent__name",
            named=True,
        )
        .order_by("finished", "-opened_at", "-id")
    )  # fmt: skip
    found = _bounded(rows)
    if not found.rows:
        return Listing([], found.count, found.more)
    own = {case.id: OwnCase(case) for case in found.rows}
    hearings = Hearing.objects.filter(case_id__in=own, state=HearingState.SCHEDULED)
    for case_id, starts_at, place in hearings.order_by("-starts_at", "-pk").values_list(
        "case_id", "starts_at", "place"
    ):
        # Latest first, so that the soonest is the last written.
        own[case_id].next_hearing_at, own[case_id].next_hearing_place = starts_at, place
    decisions = Decision.objects.filter(case_id__in=own).order_by("pk")
    for case_id, outcome, decided_on, deadline in decisions.values_list(
        "case_id", "outcome", "decided_on", "appeal_deadline"
    ):
        # Oldest first, so that the latest is the last written.
        mine = own[case_id]
        mine.decision_label = _outcome_label(outcome)
        mine.decision_on, mine.appeal_deadline = decided_on, deadline
    return Listing(list(own.values()), found.count, found.more)


# --- the auditor -------------------------------------------------------------------------------


@dataclass
class AuditOverview:
    head: AuditChainHead | None
    recent: list[AuditEvent]


def audit_overview() -> AuditOverview:
    """The chain's head (how many events were written) and the newest events."""
    return AuditOverview(head=chain_head(), recent=list(recent_events(limit=ROWS)))
