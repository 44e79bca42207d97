"""Every figure of the procedure statistics, each computed by an aggregate query in the
database: counts grouped by kind, outcome, month or commission, and durations grouped by
whole days (see `sql`). No query returns more rows than there are groups, so the cost grows
with the number of cases only inside the database.

The filters each figure counts are the functions at the top (`cases_opened`, `decisions`,
`appeal_decisions` …); `behind` lists the cases behind a figure through the same functions,
so a figure and its list cannot disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Case as SqlCase,
)
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Lag,
)

from commission.audit.models import AuditEvent
from commission.cases.enums import CaseKind, CaseState, DecisionOutcome, VoteChoice
from commission.cases.models import (
    Case,
    CaseDocument,
    CaseTransition,
    Decision,
    RecusalOverride,
    Vote,
)
from commission.cases.rules import RESTORING_OUTCOMES
from commission.core.actors import Viewer
from commission.core.audit_actions import AuditAction
from commission.core.dbrouting import reading_connection
from commission.core.roles import can
from commission.documents.enums import DocumentKind
from commission.documents.models import Document
from commission.inquiries.enums import InquiryState
from commission.inquiries.models import Inquiry
from commission.intake.models import Proposal, ProposalKind, ProposalState
from commission.registry.enums import MembershipStatus
from commission.registry.models import Commission, Person
from commission.reports.statistics.scope import (
    SEES_CONFIDENTIAL,
    Period,
    Scope,
    start_of,
    visible,
)
from commission.reports.statistics.sql import DaysBetween, Durations, YearMonth, days_sql

EXPULSIONS = (DecisionOutcome.EXPEL, DecisionOutcome.EXPEL_FOR_TERM, DecisionOutcome.EXPEL_SHAMEFUL)
# Outcomes that leave the member in the organisation: an appeal that turns an expulsion into
# one of these overturns it (and the other way round).
STAYS = (DecisionOutcome.RETAIN, DecisionOutcome.REINSTATE, DecisionOutcome.REPRIMAND)
# The 1921 rules, used where an organisation has not written its own (cases.DueProcessRules).
DEFAULT_MAJORITY_PERCENT = 80
DEFAULT_PROBATION_WORKERS = 18
DEFAULT_PROBATION_OTHERS = 36
# Recipients listed by name in the inquiries' table: those asked most.
TOP_RECIPIENTS = 10


class Verdict:
    """What the appeal made of the decision appealed against."""

    UPHELD = "upheld"
    VARIED = "varied"
    OVERTURNED = "overturned"
    ALL = (UPHELD, VARIED, OVERTURNED)


@dataclass(frozen=True)
class Frame:
    """The reader, the scope and the period every figure is computed in."""

    user: Viewer
    scope: Scope
    period: Period

    def cases(self, prefix: str = "") -> Q:
        return self.scope.cases(prefix) & visible(self.user, prefix)


# --- the rows each figure counts --------------------------------------------------------------


def cases_opened(frame: Frame) -> QuerySet[Case]:
    return Case.objects.filter(frame.cases(), frame.period.of("opened_on"))


def decisions(frame: Frame) -> QuerySet[Decision]:
    """Decisions taken in the period on cases in scope (a decision known only from a report,
    without a date, counts only when the period is open at both ends)."""
    return Decision.objects.filter(frame.cases("case__"), frame.period.of("decided_on"))


def appeal_decisions(frame: Frame) -> QuerySet[Any]:
    """Decisions on appeals, taken in the period, against decisions of commissions in scope,
    each with its verdict: the same outcome upholds, one on the other side of expulsion
    overturns, any other varies."""
    appealed = "case__appeals__outcome"
    return Decision.objects.filter(
        frame.scope.cases("case__appeals__case__"),
        visible(frame.user, "case__"),
        frame.period.of("decided_on"),
        case__kind=CaseKind.APPEAL,
    ).annotate(
        verdict=SqlCase(
            When(outcome=F(appealed), then=Value(Verdict.UPHELD)),
            When(
                Q(**{f"{appealed}__in": EXPULSIONS}, outcome__in=STAYS)
                | Q(**{f"{appealed}__in": STAYS}, outcome__in=EXPULSIONS),
                then=Value(Verdict.OVERTURNED),
            ),
            default=Value(Verdict.VARIED),
            output_field=CharField(),
        )
    )


def _appealed() -> Exists:
    return Exists(Case.objects.filter(appeals=OuterRef("pk")))


def _readmitted_later() -> Exists:
    """A later decision on the same subject that lets them stay or come back."""
    return Exists(
        Decision.objects.filter(
            case__subject=OuterRef("case__subject"),
            outcome__in=list(RESTORING_OUTCOMES),
            pk__gt=OuterRef("pk"),  # recorded after it: report-only decisions have no date
        )
    )


def expulsions(frame: Frame) -> QuerySet[Any]:
    return decisions(frame).filter(outcome__in=EXPULSIONS).annotate(readmitted=_readmitted_later())


def majority_decisions(frame: Frame) -> QuerySet[Any]:
    """Decisions whose votes for reached the organisation's halving majority (4/5 by
    default), each marked `shortened` when it readmitted an expelled member on a probation
    shorter than the full term, which only that majority allows (cases.rules)."""
    # The version of the rules each decision was taken under (the defaults when it has none).
    rules = "rules__"
    months = (
        (ExtractYear("term_until") - ExtractYear("decided_on")) * 12
        + (ExtractMonth("term_until") - ExtractMonth("decided_on"))
        + Cast(ExtractDay("term_until") - ExtractDay("decided_on"), FloatField()) / 30.0
    )
    required = SqlCase(
        When(
            case__subject__is_worker=True,
            then=Coalesce(F(f"{rules}probation_months_workers"), DEFAULT_PROBATION_WORKERS),
        ),
        default=Coalesce(F(f"{rules}probation_months_others"), DEFAULT_PROBATION_OTHERS),
    )
    readmission = Q(
        outcome=DecisionOutcome.PROBATION,
        term_until__isnull=False,
        decided_on__isnull=False,
        status_changes__from_status__in=[
            MembershipStatus.EXPELLED,
            MembershipStatus.EXPELLED_FOR_TERM,
        ],
    ) & ~Q(case__kind=CaseKind.APPEAL)
    return (
        decisions(frame)
        # Votes counted by subqueries, not by grouping the decisions: the rule's percentage
        # comes from a joined table, which a GROUP BY on the decision would not carry.
        .annotate(
            majority=Coalesce(F(f"{rules}halving_majority_percent"), DEFAULT_MAJORITY_PERCENT),
            votes_for=_votes(Q(choice=VoteChoice.FOR)),
            votes_cast=_votes(Q()),
        )
        .filter(votes_cast__gt=0, votes_for__gte=F("votes_cast") * F("majority") / 100.0)
        .annotate(
            shortened=SqlCase(
                When(readmission & Q(**{"pk__in": _short_terms(months, required)}), then=1),
                default=0,
                output_field=IntegerField(),
            )
        )
    )


def _votes(which: Q) -> Coalesce:
    counted = (
        Vote.objects.filter(which, decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _short_terms(months: Any, required: Any) -> QuerySet[Any]:
    return (
        Decision.objects.filter(outcome=DecisionOutcome.PROBATION, term_until__isnull=False)
        .annotate(months=months, required=required)
        .filter(months__lt=F("required"))
        .values("pk")
    )


def late_filings(frame: Frame) -> QuerySet[CaseDocument]:
    """Documents filed in the period on a case after one of its decisions was recorded, so
    that decision did not see them (the rule of the case page's "late material")."""
    later_than_decision = Exists(
        Decision.objects.filter(case_id=OuterRef("case_id"), recorded_at__lt=OuterRef("filed_at"))
    )
    return CaseDocument.objects.filter(
        frame.cases("case__"), frame.period.of("filed_at", moment=True), later_than_decision
    )


def recusal_overrides(frame: Frame) -> QuerySet[RecusalOverride]:
    return RecusalOverride.objects.filter(frame.cases("case__"), frame.period.of("at", moment=True))


def inquiries_sent(frame: Frame) -> QuerySet[Any]:
    """Inquiries sent in the period about cases in scope (and, for the whole organisation,
    those on no case), with `late` marking an answer after the due date."""
    on_case = frame.scope.cases("case__") & visible(frame.user, "case__")
    where = on_case
    if frame.scope.whole and on_case:  # an empty Q joined by | would drop the cases' rows
        where = on_case | Q(case__isnull=True)
    return (
        Inquiry.objects.filter(
            where, frame.period.of("sent_at", moment=True), sent_at__isnull=False
        )
        .annotate(answer_days=DaysBetween(F("answered_at"), F("sent_at")))
        .annotate(days_late=DaysBetween(F("answered_at"), F("due_on")))
    )


def letters(frame: Frame) -> QuerySet[Document]:
    """Letters registered in the period: all of them for the whole organisation, otherwise
    those filed on a case in scope. Confidential ones count only for those who read them."""
    rows = Document.objects.filter(kind=DocumentKind.LETTER).filter(
        frame.period.of("registered_at", moment=True)
    )
    if not can(frame.user, SEES_CONFIDENTIAL):
        rows = rows.filter(confidential=False)
    if not frame.scope.whole:
        filed = CaseDocument.objects.filter(frame.cases("case__")).values("document_id")
        rows = rows.filter(pk__in=filed)
    return rows


# --- the figures -------------------------------------------------------------------------------


@dataclass
class Counted:
    """A count under named keys (kind, outcome, commission …)."""

    keys: dict[str, str]
    count: int


@dataclass
class Month:
    month: str  # "1921-12"
    opened: int = 0
    decided: int = 0


@dataclass
class StateTime:
    state: str
    label: str
    durations: Durations


@dataclass
class AppealRow:
    """Appeals against one commission's decisions, by verdict."""

    commission_ref: str
    commission_name: str
    upheld: int = 0
    varied: int = 0
    overturned: int = 0

    @property
    def total(self) -> int:
        return self.upheld + self.varied + self.overturned


@dataclass
class RecipientRow:
    person_ref: str
    name: str
    asked: int
    answered: int
    overdue: int


@dataclass
class ProposalRow:
    kind: str
    label: str
    accepted: int = 0
    corrected: int = 0  # accepted after the clerk changed what was read
    rejected: int = 0
    pending: int = 0


@dataclass
class Statistics:
    frame: Frame
    opened: list[Counted] = field(default_factory=list)  # by kind
    decided: list[Counted] = field(default_factory=list)  # by kind and outcome
    by_commission: list[Counted] = field(default_factory=list)  # by commission and outcome
    trend: list[Month] = field(default_factory=list)
    to_decision: Durations = field(default_factory=Durations)
    appeal_to_decision: Durations = field(default_factory=Durations)
    in_state: list[StateTime] = field(default_factory=list)
    decisions_total: int = 0
    decisions_appealed: int = 0
    appeals: list[AppealRow] = field(default_factory=list)
    expulsions: int = 0
    readmitted: int = 0
    inquiries: dict[str, int] = field(default_factory=dict)
    time_to_answer: Durations = field(default_factory=Durations)
    recipients: list[RecipientRow] = field(default_factory=list)
    letters: dict[str, int] = field(default_factory=dict)
    proposals: list[ProposalRow] = field(default_factory=list)
    due_process: dict[str, int] = field(default_factory=dict)
    cache_key: str = ""  # set when the figures are kept in the cache (report.py)

    @property
    def opened_total(self) -> int:
        return sum(c.count for c in self.opened)

    @property
    def decided_total(self) -> int:
        return sum(c.count for c in self.decided)


def compute(frame: Frame) -> Statistics:
    """Every figure for the frame: about twenty aggregate queries."""
    stats = Statistics(frame=frame)
    _opened(frame, stats)
    _decided(frame, stats)
    _durations(frame, stats)
    stats.in_state = _time_in_states(frame)
    _appeals(frame, stats)
    _inquiries(frame, stats)
    _letters(frame, stats)
    _due_process(frame, stats)
    return stats


def _opened(frame: Frame, stats: Statistics) -> None:
    rows = (
        cases_opened(frame)
        .order_by()
        .values("kind", month=YearMonth("opened_on"))
        .annotate(n=Count("pk"))
    )
    kinds: dict[str, int] = {}
    months: dict[str, Month] = {}
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["n"]
        if row["month"]:
            months.setdefault(row["month"], Month(row["month"])).opened += row["n"]
    stats.opened = [Counted({"kind": k}, kinds[k]) for k in CaseKind.values if k in kinds]
    stats.trend = sorted(months.values(), key=lambda m: m.month)


def _decided(frame: Frame, stats: Statistics) -> None:
    rows = (
        decisions(frame)
        .order_by()
        .values("outcome", "case__kind", month=YearMonth("decided_on"))
        .annotate(n=Count("pk"))
    )
    grouped: dict[tuple[str, str], int] = {}
    months = {m.month: m for m in stats.trend}
    for row in rows:
        key = (row["case__kind"], row["outcome"])
        grouped[key] = grouped.get(key, 0) + row["n"]
        if row["month"]:
            months.setdefault(row["month"], Month(row["month"])).decided += row["n"]
    stats.decided = [
        Counted({"kind": k, "outcome": o}, grouped[k, o])
        for k in CaseKind.values
        for o in DecisionOutcome.values
        if (k, o) in grouped
    ]
    stats.trend = sorted(months.values(), key=lambda m: m.month)
    by_commission = (
        decisions(frame).order_by().values("case__commission_id", "outcome").annotate(n=Count("pk"))
    )
    counts = [(r["case__commission_id"], r["outcome"], r["n"]) for r in by_commission]
    names = dict(
        Commission.objects.filter(pk__in={c for c, _, _ in counts}).values_list("pk", "ref")
    )
    stats.by_commission = sorted(
        (Counted({"commission": names[c], "outcome": o}, n) for c, o, n in counts),
        key=lambda c: (c.keys["commission"], DecisionOutcome.values.index(c.keys["outcome"])),
    )
    totals = decisions(frame).aggregate(
        total=Count("pk"), appealed=Count("pk", filter=Q(_appealed()))
    )
    stats.decisions_total = totals["total"]
    stats.decisions_appealed = totals["appealed"]


def _durations(frame: Frame, stats: Statistics) -> None:
    rows = (
        decisions(frame)
        .filter(decided_on__isnull=False, case__opened_on__isnull=False)
        .annotate(days=DaysBetween(F("decided_on"), F("case__opened_on")))
        .order_by()
        .values("case__kind", "days")
        .annotate(n=Count("pk"))
    )
    appeals: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    for row in rows:
        bucket = appeals if row["case__kind"] == CaseKind.APPEAL else others
        bucket.append((row["days"], row["n"]))
    stats.to_decision = Durations.from_counts(others)
    stats.appeal_to_decision = Durations.from_counts(appeals)


def _time_in_states(frame: Frame) -> list[StateTime]:
    """How long cases stayed in each state they left in the period: from the move into the
    state to the move out of it (the case's transitions, paired by a window over each case).
    The window runs over every move of the cases in scope; the period then picks the moves
    out, so a state entered before the period still counts from its true start."""
    moves = (
        CaseTransition.objects.filter(frame.cases("case__"))
        .annotate(entered=_lag_at())
        .order_by()
        .values("from_state", "at", "entered")
    )
    inner, params = moves.query.sql_with_params()
    vendor = connection.vendor
    where, extra = ["m.entered IS NOT NULL", "m.from_state <> ''"], []
    if frame.period.start is not None:
        where.append("m.at >= %s")
        extra.append(start_of(frame.period.start))
    if frame.period.end is not None:
        where.append("m.at < %s")
        extra.append(start_of(frame.period.end + dt.timedelta(days=1)))
    days = days_sql("m.at", "m.entered", vendor)
    sql = (
        f"SELECT m.from_state, {days} AS days, COUNT(*) FROM ({inner}) m "  # noqa: S608
        f"WHERE {' AND '.join(where)} GROUP BY m.from_state, {days}"
    )
    with reading_connection(CaseTransition).cursor() as cursor:
        cursor.execute(sql, (*params, *extra))
        found = cursor.fetchall()
    per_state: dict[str, list[tuple[int, int]]] = {}
    for state, d, n in found:
        per_state.setdefault(state, []).append((d, n))
    return [
        StateTime(state, str(CaseState(state).label), Durations.from_counts(per_state[state]))
        for state in CaseState.values
        if state in per_state
    ]


def _lag_at() -> Window:
    """The moment of the case's previous move: when it entered the state this move leaves."""
    return Window(Lag("at"), partition_by=[F("case_id")], order_by=[F("at").asc(), F("id").asc()])


def _appeals(frame: Frame, stats: Statistics) -> None:
    rows = (
        appeal_decisions(frame)
        .order_by()
        .values("case__appeals__case__commission_id", "verdict")
        .annotate(n=Count("pk"))
    )
    found: dict[int, AppealRow] = {}
    counts = [(r["case__appeals__case__commission_id"], r["verdict"], r["n"]) for r in rows]
    commissions = Commission.objects.in_bulk({c for c, _, _ in counts})
    for commission_id, verdict, n in counts:
        commission = commissions[commission_id]
        row = found.setdefault(commission_id, AppealRow(commission.ref, commission.name))
        setattr(row, verdict, getattr(row, verdict) + n)
    stats.appeals = sorted(found.values(), key=lambda r: r.commission_name)
    totals = (
        decisions(frame)
        .filter(outcome__in=EXPULSIONS)
        .aggregate(total=Count("pk"), readmitted=Count("pk", filter=Q(_readmitted_later())))
    )
    stats.expulsions = totals["total"]
    stats.readmitted = totals["readmitted"]


def _inquiries(frame: Frame, stats: Statistics) -> None:
    sent = inquiries_sent(frame)
    stats.inquiries = sent.aggregate(
        sent=Count("pk"),
        answered=Count("pk", filter=Q(state=InquiryState.ANSWERED)),
        answered_late=Count("pk", filter=Q(state=InquiryState.ANSWERED, days_late__gt=0)),
        overdue=Count("pk", filter=Q(state=InquiryState.OVERDUE)),
        escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
        withdrawn=Count("pk", filter=Q(state=InquiryState.WITHDRAWN)),
        urgent=Count("pk", filter=Q(urgency="urgent")),
    )
    rows = (
        sent.filter(state=InquiryState.ANSWERED)
        .order_by()
        .values("answer_days")
        .annotate(n=Count("pk"))
    )
    stats.time_to_answer = Durations.from_counts((r["answer_days"], r["n"]) for r in rows)
    top = list(
        sent.order_by()
        .values("recipient_id")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(state=InquiryState.ANSWERED)),
            overdue=Count("pk", filter=Q(state=InquiryState.OVERDUE)),
        )
        .order_by("-asked", "recipient_id")[:TOP_RECIPIENTS]
    )
    people = Person.objects.in_bulk([r["recipient_id"] for r in top])
    stats.recipients = [
        RecipientRow(
            people[r["recipient_id"]].ref,
            people[r["recipient_id"]].display_name,
            r["asked"],
            r["answered"],
            r["overdue"],
        )
        for r in top
    ]


def _letters(frame: Frame, stats: Statistics) -> None:
    found = letters(frame)
    read = Exists(Proposal.objects.filter(document=OuterRef("pk")))
    stats.letters = found.aggregate(received=Count("pk"), read=Count("pk", filter=Q(read)))
    decided = Proposal.objects.filter(document__in=letters(frame))
    rows = decided.order_by().values("kind", "state").annotate(n=Count("pk"))
    table = {k: ProposalRow(k, str(ProposalKind(k).label)) for k in ProposalKind.values}
    for row in rows:
        target = table[row["kind"]]
        name = _STATE_COLUMNS[row["state"]]
        setattr(target, name, getattr(target, name) + row["n"])
    for kind, n in _corrections(decided):
        table[kind].corrected += n
    stats.proposals = [
        r for r in table.values() if r.accepted or r.rejected or r.pending or r.corrected
    ]


_STATE_COLUMNS: dict[str, str] = {
    ProposalState.ACCEPTED.value: "accepted",
    ProposalState.REJECTED.value: "rejected",
    ProposalState.PENDING.value: "pending",
}


def _corrections(proposals: QuerySet[Proposal]) -> list[tuple[str, int]]:
    """Accepted proposals the clerk corrected on accepting (another person chosen, or values
    edited), by kind: the accepting service writes what was changed in its audit event."""
    kind = Proposal.objects.filter(pk=Cast(OuterRef("target_id"), IntegerField())).values("kind")
    corrected = (
        AuditEvent.objects.filter(
            action=AuditAction.PROPOSAL_ACCEPT,
            target_type=Proposal._meta.label_lower,
            target_id__in=proposals.filter(state=ProposalState.ACCEPTED)
            .annotate(text_id=Cast("pk", CharField()))
            .values("text_id"),
        )
        .exclude(Q(after__person_ref=None) & Q(after__edits={}))
        .annotate(kind=kind[:1])
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    return [(r["kind"], r["n"]) for r in corrected if r["kind"]]


def _due_process(frame: Frame, stats: Statistics) -> None:
    majority = majority_decisions(frame).aggregate(n=Count("pk"), needed=Sum("shortened"))
    late = late_filings(frame).aggregate(filings=Count("pk"), cases=Count("case_id", distinct=True))
    stats.due_process = {
        "majority": majority["n"],
        "majority_needed": majority["needed"] or 0,
        "recusal_overrides": recusal_overrides(frame).count(),
        "late_filings": late["filings"],
        "late_cases": late["cases"],
    }
