"""Every figure of the procedure statistics, each computed by an aggregate query in the
database: counts grouped by kind, outcome, month or commission, and durations grouped by
whole days (see `sql`). No query returns more rows than there are groups, so the cost grows
with the number of cases only inside the database.

The filters each figure counts are the functions at the top (`cases_opened`, `decisions`,
`appeal_decisions` …); `behind` lists the cases behind a figure through the same functions,
so a figure and its list cannot disagree."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
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
    CaseNumbers,
    CaseNumbersJson,
    Period,
    Scope,
    case_numbers_param,
    visible,
)
from commission.reports.statistics.sql import (
    DaysBetween,
    Durations,
    Third,
    YearMonth,
    days_sql,
)
from commission.reports.statistics.tally import BLOCK, Tallies, Tally

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
# The outcomes in the order the rules list them, by which each commission's rows are sorted.
_OUTCOME_ORDER = {outcome: i for i, outcome in enumerate(DecisionOutcome.values)}


class Verdict:
    """What the appeal made of the decision appealed against."""

    UPHELD = "upheld"
    VARIED = "varied"
    OVERTURNED = "overturned"
    ALL = (UPHELD, VARIED, OVERTURNED)


class Reading:
    """Whose cases a frame counts: by the reader's own rule, or, for figures kept for every
    reader of a class, all cases, those not confidential, or the reader's own confidential ones
    (added to the second for a reader who may not read confidential cases)."""

    READER = "reader"
    ALL = "all"
    PUBLIC = "public"
    OWN_CONFIDENTIAL = "own-confidential"


@dataclass(frozen=True)
class Frame:
    """The reader, the scope and the period every figure is computed in; `segmented` counts
    each commission's cases apart (`tally`)."""

    user: Viewer
    scope: Scope
    period: Period
    reading: str = Reading.READER
    segmented: bool = False

    def visible(self, prefix: str = "") -> Q:
        if self.reading == Reading.ALL:
            return Q()
        if self.reading == Reading.PUBLIC:
            return Q(**{f"{prefix}confidential": False})
        if self.reading == Reading.OWN_CONFIDENTIAL:
            return Q(**{f"{prefix}subject__user_id": self.user.pk, f"{prefix}confidential": True})
        return visible(self.user, prefix)

    def cases(self, prefix: str = "") -> Q:
        return self.scope.cases(prefix) & self.visible(prefix)

    def segment(self, prefix: str, dated: str, *, moment: bool = False) -> dict[str, Any]:
        """What a grouped query adds to its groups when the frame counts segments apart (the
        commission of the case at `prefix`, the block of case numbers it falls in, and the
        third of a month of the row's date `dated`, a moment when `moment`, see `tally`),
        else nothing."""
        if not self.segmented:
            # A constant, so that a query grouped by nothing else counts all its rows at once.
            return {"seg_b": Value(None, output_field=IntegerField())}
        return {
            "seg_c": F(f"{prefix}commission_id"),
            "seg_b": F(f"{prefix}id") / BLOCK,
            "seg_m": Third(dated, moment=moment),
        }


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
        frame.visible("case__"),
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
        # The term and the probation the rules require, on the decision's own row (a subquery
        # over every probation would be read whole for a few decisions).
        .annotate(term_months=months, required_months=required)
        .annotate(
            shortened=SqlCase(
                When(readmission & Q(term_months__lt=F("required_months")), then=1),
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
    on_case = frame.cases("case__")
    where = on_case
    # An empty Q joined by | would drop the cases' rows; the reader's own confidential cases
    # are counted beside the others, which hold the inquiries on no case already.
    if frame.scope.takes_unfiled and on_case and frame.reading != Reading.OWN_CONFIDENTIAL:
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
    stats = finish(frame, tally(frame).merged())
    letters_figures(frame, stats)
    return stats


def tally(frame: Frame) -> Tallies:
    """The counts of every figure but the letters', per commission when the frame is
    segmented (else all under one key)."""
    found = Tallies()
    _opened(frame, found)
    _decided(frame, found)
    _durations(frame, found)
    _time_in_states(frame, found)
    _appeals(frame, found)
    _inquiries(frame, found)
    _due_process(frame, found)
    return found


# --- the grouped queries of a recount, compiled once -----------------------------------------

# A recount of the kept counts (`kept`) runs the same dozen grouped queries after every change,
# over a few dozen cases each: the database answers each in a millisecond, while Django takes
# several to build and compile it. So for a recount (the cases chosen by `AmongCases`, whose SQL
# is the same whatever the numbers) each query is compiled once per class of reader, period and
# database engine, kept as SQL, and run again with the new case numbers in place of the old.
_COMPILED: dict[tuple[str, ...], Compiled | None] = {}
# Kinds of query kept at most (a dozen per class of reader and period asked for).
MAX_COMPILED = 2_000


@dataclass(frozen=True)
class Compiled:
    sql: str
    params: tuple[Any, ...]
    # The names of the columns, as QuerySet.values() gives them, and what converts their
    # values from the database's form (by position: converters and the expression selected).
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple[list[Any], Any]], ...]

    def run_params(self, frame: Frame) -> list[Any]:
        """The parameters with the frame's case numbers in place of those compiled with."""
        if not any(isinstance(p, CaseNumbers | CaseNumbersJson) for p in self.params):
            return list(self.params)
        vendor = reading_connection().vendor
        numbers = case_numbers_param(frame.scope.among_cases, vendor)
        return [numbers if isinstance(p, CaseNumbers | CaseNumbersJson) else p for p in self.params]

    def rows(self, frame: Frame) -> list[dict[str, Any]]:
        db = reading_connection()
        with db.cursor() as cursor:
            cursor.execute(self.sql, self.run_params(frame))
            found = cursor.fetchall()
        rows = []
        for values in found:
            row = list(values)
            for pos, (converters, expression) in self.converters:
                for convert in converters:
                    row[pos] = convert(row[pos], expression, db)
            rows.append(dict(zip(self.names, row, strict=True)))
        return rows


def _compiled(frame: Frame, name: str, build: Callable[[], QuerySet[Any]]) -> Compiled | None:
    """The query `build` makes for the frame as SQL, from the kept compilations when the frame
    is a recount; None when it can match no row."""
    db = reading_connection()
    # Everything the SQL depends on but the case numbers: for a recount, the reading (all
    # cases, or those not confidential), the period, whether the inquiries on no case are
    # counted too, and the engine.
    key = (
        name,
        frame.reading,
        repr(frame.period),
        str(frame.segmented),
        str(frame.scope.takes_unfiled),
        db.vendor,
    )
    kept = _recount(frame)
    if kept and key in _COMPILED:
        return _COMPILED[key]
    query = build().query
    compiler = query.get_compiler(connection=db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        compiled = None
    else:
        selected = [s[0] for s in compiler.select[0 : compiler.col_count]]
        compiled = Compiled(
            sql=sql,
            params=tuple(params),
            names=(*query.extra_select, *query.values_select, *query.annotation_select),
            converters=tuple(compiler.get_converters(selected).items()),
        )
    if kept:
        if len(_COMPILED) >= MAX_COMPILED:
            _COMPILED.clear()
        _COMPILED[key] = compiled
    return compiled


def _recount(frame: Frame) -> bool:
    """Whether the frame counts some cases again for a kept set (see `_compiled`)."""
    return (
        frame.scope.among is not None
        and bool(frame.scope.among_cases)
        and frame.reading in (Reading.ALL, Reading.PUBLIC)
    )


def _rows(frame: Frame, name: str, build: Callable[[], QuerySet[Any]]) -> Iterable[Any]:
    """The rows of the grouped query `build` makes for the frame (see `_compiled`)."""
    if not _recount(frame):
        return build()
    compiled = _compiled(frame, name, build)
    return compiled.rows(frame) if compiled is not None else []


def finish(frame: Frame, counts: Tally) -> Statistics:
    """The figures from their counts: names for the commissions and people, medians and
    percentiles from the histograms, the recipients asked most."""
    stats = Statistics(frame=frame)
    opened = counts.counter("opened")
    stats.opened = [Counted({"kind": k}, opened[k]) for k in CaseKind.values if k in opened]
    decided = counts.counter("decided")
    stats.decided = [
        Counted({"kind": k, "outcome": o}, decided[f"{k}|{o}"])
        for k in CaseKind.values
        for o in DecisionOutcome.values
        if f"{k}|{o}" in decided
    ]
    months: dict[str, Month] = {}
    for month, n in counts.counter("opened_by_month").items():
        months.setdefault(month, Month(month)).opened += n
    for month, n in counts.counter("decided_by_month").items():
        months.setdefault(month, Month(month)).decided += n
    stats.trend = sorted(months.values(), key=lambda m: m.month)
    by_commission = [
        (int(c), o, n)
        for key, n in counts.counter("by_commission").items()
        for c, o in [key.split("|", 1)]
    ]
    appeals = [
        (int(c), v, n)
        for key, n in counts.counter("appeals").items()
        for c, v in [key.split("|", 1)]
    ]
    commissions = Commission.objects.in_bulk(
        {c for c, _, _ in by_commission} | {c for c, _, _ in appeals}
    )
    stats.by_commission = sorted(
        (Counted({"commission": commissions[c].ref, "outcome": o}, n) for c, o, n in by_commission),
        key=lambda c: (c.keys["commission"], _OUTCOME_ORDER[c.keys["outcome"]]),
    )
    stats.to_decision = _histogram(counts, "to_decision")
    stats.appeal_to_decision = _histogram(counts, "appeal_to_decision")
    stats.in_state = [
        StateTime(state, str(CaseState(state).label), _histogram(counts, f"in_state:{state}"))
        for state in CaseState.values
        if counts.counter(f"in_state:{state}")
    ]
    stats.decisions_total = counts.total("decisions")
    stats.decisions_appealed = counts.total("appealed")
    rows: dict[int, AppealRow] = {}
    for commission_id, verdict, n in appeals:
        commission = commissions[commission_id]
        row = rows.setdefault(commission_id, AppealRow(commission.ref, commission.name))
        setattr(row, verdict, getattr(row, verdict) + n)
    stats.appeals = sorted(rows.values(), key=lambda r: r.commission_name)
    stats.expulsions = counts.total("expulsions")
    stats.readmitted = counts.total("readmitted")
    stats.inquiries = {name: counts.total(f"inquiries.{name}") for name in _INQUIRY_COUNTS}
    stats.time_to_answer = _histogram(counts, "time_to_answer")
    stats.recipients = _recipients(frame, counts)
    stats.due_process = {name: counts.total(f"due_process.{name}") for name in _DUE_PROCESS}
    late = counts.counter(LATE_BY_CASE)
    stats.due_process["late_filings"] = sum(late.values())
    stats.due_process["late_cases"] = len(late)
    return stats


def _histogram(counts: Tally, name: str) -> Durations:
    return Durations.from_counts((int(days), n) for days, n in counts.counter(name).items())


def _recipients(frame: Frame, counts: Tally) -> list[RecipientRow]:
    """The people asked most, with how many of their inquiries were answered and are overdue:
    counted for these few alone, so the kept counts hold one number per person asked."""
    asked = counts.counter("asked")
    top = _most_asked(asked)
    ids = [int(p) for p in top]
    people = Person.objects.in_bulk(ids)
    states = {
        row["recipient_id"]: row
        for row in inquiries_sent(frame)
        .filter(recipient_id__in=ids)
        .order_by()
        .values("recipient_id")
        .annotate(
            answered=Count("pk", filter=Q(state=InquiryState.ANSWERED)),
            overdue=Count("pk", filter=Q(state=InquiryState.OVERDUE)),
        )
    }
    return [
        RecipientRow(
            people[int(p)].ref,
            people[int(p)].display_name,
            asked[p],
            states.get(int(p), {}).get("answered", 0),
            states.get(int(p), {}).get("overdue", 0),
        )
        for p in top
        if int(p) in people
    ]


# The last count of inquiries per person asked that `_most_asked` looked through, and what it
# found: kept counts are shared between pages until inquiries change (kept._read).
_LAST_ASKED: list[tuple[dict[str, int], list[str]]] = []


def _most_asked(asked: dict[str, int]) -> list[str]:
    """The people asked most (most inquiries first, then who was entered first)."""
    for seen, top in _LAST_ASKED:
        if seen is asked:
            return top
    # Tens of thousands are asked: the few counts at the top are found among the bare numbers
    # first, and only those who reach them sorted by count, then by who was entered first.
    least = min(heapq.nlargest(TOP_RECIPIENTS, asked.values()), default=0)
    reaching = [person for person, n in asked.items() if n >= least]
    top = sorted(reaching, key=lambda person: (-asked[person], int(person)))[:TOP_RECIPIENTS]
    _LAST_ASKED[:] = [(asked, top)]
    return top


_INQUIRY_COUNTS = (
    "sent",
    "answered",
    "answered_late",
    "overdue",
    "escalated",
    "withdrawn",
    "urgent",
)
_DUE_PROCESS = ("majority", "majority_needed", "recusal_overrides")
# The late filings by the case they are on.
LATE_BY_CASE = "late_filings"


def _opened(frame: Frame, found: Tallies) -> None:
    rows = _rows(frame, "opened", lambda: (
        cases_opened(frame)
        .order_by()
        .values("kind", month=YearMonth("opened_on"), **frame.segment("", "opened_on"))
        .annotate(n=Count("pk"))
    ))  # fmt: skip
    for row in rows:
        counts = found.of_row(row)
        counts.add("opened", row["kind"], row["n"])
        if row["month"]:
            counts.add("opened_by_month", row["month"], row["n"])


def _decided(frame: Frame, found: Tallies) -> None:
    seg = frame.segment("case__", "decided_on")
    rows = _rows(frame, "decided", lambda: (
        decisions(frame)
        .order_by()
        .values(
            "outcome", "case__kind", "case__commission_id", month=YearMonth("decided_on"), **seg
        )
        .annotate(n=Count("pk"))
    ))  # fmt: skip
    for row in rows:
        counts = found.of_row(row)
        counts.add("decided", f"{row['case__kind']}|{row['outcome']}", row["n"])
        counts.add("by_commission", f"{row['case__commission_id']}|{row['outcome']}", row["n"])
        if row["month"]:
            counts.add("decided_by_month", row["month"], row["n"])
    totals = _rows(frame, "decisions", lambda: (
        decisions(frame)
        .order_by()
        .values(**seg)
        .annotate(total=Count("pk"), appealed=Count("pk", filter=Q(_appealed())))
    ))  # fmt: skip
    for total in totals:
        counts = found.of_row(total)
        counts.add("counts", "decisions", total["total"])
        counts.add("counts", "appealed", total["appealed"])


def _durations(frame: Frame, found: Tallies) -> None:
    rows = _rows(frame, "durations", lambda: (
        decisions(frame)
        .filter(decided_on__isnull=False, case__opened_on__isnull=False)
        .annotate(days=DaysBetween(F("decided_on"), F("case__opened_on")))
        .order_by()
        .values("case__kind", "days", **frame.segment("case__", "decided_on"))
        .annotate(n=Count("pk"))
    ))  # fmt: skip
    for row in rows:
        name = "appeal_to_decision" if row["case__kind"] == CaseKind.APPEAL else "to_decision"
        found.of_row(row).add(name, row["days"], row["n"])


def _time_in_states(frame: Frame, found: Tallies) -> None:
    """How long cases stayed in each state they left in the period: from the move into the
    state to the move out of it. Over all dates the moves are paired by a window over each
    case's moves; over a period each move out in it is paired with the case's move before it,
    looked up whenever it was, so a state entered before the period still counts from its true
    start."""

    def moves() -> QuerySet[Any]:
        found = CaseTransition.objects.filter(frame.cases("case__"))
        if frame.period.start is None and frame.period.end is None:
            entered: Any = _lag_at()
        else:
            # The moves of a period alone (often a few days at the end of one, see `kept`),
            # each with the case's move before it looked up by the index, rather than a window
            # over every move of every case.
            found = found.filter(frame.period.of("at", moment=True))
            entered = _previous_at()
        return (
            found.annotate(entered=entered)
            .order_by()
            .values("from_state", "at", "entered", **frame.segment("case__", "at", moment=True))
        )

    compiled = _compiled(frame, "moves", moves)
    if compiled is None:
        return
    inner, params = compiled.sql, compiled.run_params(frame)
    db = reading_connection(CaseTransition)
    vendor = db.vendor
    # The moves of a period are chosen by the inner query. A move with no move before it has
    # no days, and is passed over below (a condition on the time it entered would look that
    # time up twice).
    days = days_sql("m.at", "m.entered", vendor)
    # The segment, its third of a month already chosen by the inner query (see Frame.segment).
    segment = "m.seg_c, m.seg_b, m.seg_m, " if frame.segmented else ""
    sql = (
        f"SELECT {segment}m.from_state, {days} AS days, COUNT(*) FROM ({inner}) m "  # noqa: S608
        f"WHERE m.from_state <> '' GROUP BY {segment}m.from_state, {days}"
    )
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    states = set(CaseState.values)
    for row in rows:
        *seg, state, d, n = row
        if state in states and d is not None:
            counts = found.of_row(dict(zip(("seg_c", "seg_b", "seg_m"), seg, strict=False)))
            counts.add(f"in_state:{state}", d, n)


def _previous_at() -> Subquery:
    """As `_lag_at`, for a few moves: the moment of the case's move before this one."""
    earlier = Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), id__lt=OuterRef("id"))
    before = (
        CaseTransition.objects.filter(earlier, case_id=OuterRef("case_id"))
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return Subquery(before)


def _lag_at() -> Window:
    """The moment of the case's previous move: when it entered the state this move leaves."""
    return Window(Lag("at"), partition_by=[F("case_id")], order_by=[F("at").asc(), F("id").asc()])


def _appeals(frame: Frame, found: Tallies) -> None:
    appealed_from = "case__appeals__case__commission_id"
    rows = _rows(frame, "appeals", lambda: (
        appeal_decisions(frame)
        .order_by()
        .values(appealed_from, "verdict", **frame.segment("case__appeals__case__", "decided_on"))
        .annotate(n=Count("pk"))
    ))  # fmt: skip
    for row in rows:
        commission = row[appealed_from]
        found.of_row(row).add("appeals", f"{commission}|{row['verdict']}", row["n"])
    totals = _rows(frame, "expulsions", lambda: (
        decisions(frame)
        .filter(outcome__in=EXPULSIONS)
        .order_by()
        .values(**frame.segment("case__", "decided_on"))
        .annotate(total=Count("pk"), readmitted=Count("pk", filter=Q(_readmitted_later())))
    ))  # fmt: skip
    for row in totals:
        counts = found.of_row(row)
        counts.add("counts", "expulsions", row["total"])
        counts.add("counts", "readmitted", row["readmitted"])


def _inquiries(frame: Frame, found: Tallies) -> None:
    seg = frame.segment("case__", "sent_at", moment=True)
    totals = _rows(frame, "inquiries", lambda: (
        inquiries_sent(frame).order_by()
        .values(**seg)
        .annotate(
            sent=Count("pk"),
            answered=Count("pk", filter=Q(state=InquiryState.ANSWERED)),
            answered_late=Count("pk", filter=Q(state=InquiryState.ANSWERED, days_late__gt=0)),
            overdue=Count("pk", filter=Q(state=InquiryState.OVERDUE)),
            escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
            withdrawn=Count("pk", filter=Q(state=InquiryState.WITHDRAWN)),
            urgent=Count("pk", filter=Q(urgency="urgent")),
        )
    ))  # fmt: skip
    for row in totals:
        counts = found.of_row(row)
        for name in _INQUIRY_COUNTS:
            counts.add("counts", f"inquiries.{name}", row[name])
    rows = _rows(frame, "answers", lambda: (
        inquiries_sent(frame).filter(state=InquiryState.ANSWERED)
        .order_by()
        .values("answer_days", **seg)
        .annotate(n=Count("pk"))
    ))  # fmt: skip
    for row in rows:
        if row["answer_days"] is not None:
            found.of_row(row).add("time_to_answer", row["answer_days"], row["n"])

    def asked() -> QuerySet[Any]:
        found = (
            inquiries_sent(frame).order_by().values("recipient_id", **seg)
            .annotate(asked=Count("pk"))
        )  # fmt: skip
        if not frame.segmented:
            # Counted once for the page: only the most asked are named, so only they are read.
            found = found.order_by("-asked", "recipient_id")[:TOP_RECIPIENTS]
        return found

    for row in _rows(frame, "asked", asked):
        counts = found.of_row(row)
        counts.add("asked", row["recipient_id"], row["asked"])


def letters_figures(frame: Frame, stats: Statistics) -> None:
    """The letters received and read, and the clerk's verdicts on what was read from them:
    counted for each reading, since a letter filed on two commissions' cases would be counted
    twice in a sum of commissions."""
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


def _due_process(frame: Frame, found: Tallies) -> None:
    majority = _rows(frame, "majority", lambda: (
        majority_decisions(frame).order_by().values(**frame.segment("case__", "decided_on"))
        .annotate(n=Count("pk"), needed=Sum("shortened"))
    ))  # fmt: skip
    for row in majority:
        counts = found.of_row(row)
        counts.add("counts", "due_process.majority", row["n"])
        counts.add("counts", "due_process.majority_needed", row["needed"])
    # The late filings by case: the cases they are on are counted as the distinct keys, which
    # add up over segments and thirds of a month where a count of distinct cases would not.
    late = _rows(frame, "late", lambda: (
        late_filings(frame).order_by()
        .values("case_id", **frame.segment("case__", "filed_at", moment=True))
        .annotate(filings=Count("pk"))
    ))  # fmt: skip
    for row in late:
        found.of_row(row).add(LATE_BY_CASE, row["case_id"], row["filings"])
    overrides = _rows(frame, "overrides", lambda: (
        recusal_overrides(frame).order_by()
        .values(**frame.segment("case__", "at", moment=True))
        .annotate(n=Count("pk"))
    ))  # fmt: skip
    for row in overrides:
        found.of_row(row).add("counts", "due_process.recusal_overrides", row["n"])
