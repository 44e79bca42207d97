"""Reads of cases: the case list with filters, the overdue list, and the case file page."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case as SqlCase
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext, pgettext

from commission.cases import rules
from commission.cases.enums import CaseState, FilingRole
from commission.cases.models import (
    Case,
    CaseDocument,
    CaseTransition,
    Decision,
    Hearing,
    HearingAttendance,
    RecusalOverride,
    ReportedOutcome,
    Testimony,
    Vote,
)
from commission.core import clock
from commission.core.actors import Viewer
from commission.core.choices import choice_label
from commission.core.roles import can
from commission.documents.enums import DocumentKind
from commission.registry.models import Commissioner, Mention, Person
from commission.registry.posts import posted_commissions

OPEN_STATES = [s for s in CaseState.values if s not in (CaseState.CLOSED, CaseState.WITHDRAWN)]


def _own(user: Viewer) -> Q:
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return Q(pk__in=[])
    # A subquery rather than a join through subject: inside an OR a join becomes an outer
    # join over every case, while the subquery is one indexed lookup of the user's person.
    return Q(subject_id__in=Person.objects.filter(user=user).values("pk"))


def posted_cases(commissions: frozenset[int], prefix: str = "") -> Q:
    """The cases a clerk posted to `commissions` needs to know, as a condition on `prefix` +
    the case's fields: the cases before those commissions, and the cases whose decision is on
    appeal to one of them (an appeal is a case of its own before the commission one level up,
    naming the decision appealed; the commission hearing it must read the file it came from).
    Both are subqueries on indexed columns (the case's commission, the appeal's decision)."""
    on_appeal = Decision.objects.filter(appeal_cases__commission_id__in=commissions).values(
        "case_id"
    )
    return Q(**{f"{prefix}commission_id__in": commissions}) | Q(**{f"{prefix}id__in": on_appeal})


def visible_cases(user: Viewer) -> QuerySet[Case]:
    """Cases the user may see: all for case roles (confidential ones only with the right), and
    a member's own cases. A clerk posted to commissions (registry.posts) sees only the cases
    they need to know (`posted_cases`) besides her own; with no post, all of them."""
    cases = Case.objects.all()
    if can(user, "cases.view_case"):
        commissions = posted_commissions(user)
        if commissions is not None:
            cases = cases.filter(posted_cases(commissions) | _own(user))
        if can(user, "cases.view_confidential_case"):
            return cases
        return cases.filter(Q(confidential=False) | _own(user))
    return cases.filter(_own(user))


def needs_to_know(commissions: frozenset[int], case: Case) -> bool:
    """Whether a clerk posted to `commissions` needs to know `case` (`posted_cases`)."""
    if case.commission_id in commissions:
        return True
    return Decision.objects.filter(
        case_id=case.pk, appeal_cases__commission_id__in=commissions
    ).exists()


def can_see_case(user: Viewer, case: Case) -> bool:
    """The same rule as `visible_cases`, answered from the loaded case (no query when its
    subject is loaded, and for a posted clerk none for her own commissions' cases), so the
    case page spends its queries on the file itself."""
    own = bool(
        getattr(user, "is_authenticated", False)
        and user.pk is not None
        and case.subject.user_id == user.pk
    )
    if can(user, "cases.view_case"):
        if own:
            return True
        commissions = posted_commissions(user)
        if commissions is not None and not needs_to_know(commissions, case):
            return False
        return can(user, "cases.view_confidential_case") or not case.confidential
    return own


# The roles in which a document filed on a case makes someone a party to it: who wrote it, to
# whom, about whom, and who was asked to speak. A person only mentioned in passing is not.
PARTY_ROLES = (Mention.Role.AUTHOR, Mention.Role.ADDRESSEE, Mention.Role.SUBJECT,
               Mention.Role.WITNESS)  # fmt: skip


def needed_documents(user: Viewer) -> Q | None:
    """The documents a posted clerk needs to know, as a condition on Document: those filed on a
    case she may see, and those on no case yet (the letters waiting to be matched to a case:
    reading them is how a clerk finds out whose they are). A letter filed only on other
    commissions' cases is not hers. None (every document) for a reader with no post."""
    if posted_commissions(user) is None:
        return None
    filed = CaseDocument.objects.filter(document_id=OuterRef("pk"))
    return ~Exists(filed) | Exists(filed.filter(case__in=visible_cases(user).values("pk")))


def people_of_cases(user: Viewer, commissions: frozenset[int]) -> Q:
    """The people the cases a posted clerk may see concern, as a condition on Person: their
    subjects, the witnesses who testified, and the parties named by the documents on file."""
    cases = visible_cases(user).values("pk")
    filed = CaseDocument.objects.filter(case__in=cases).values("document_id")
    return (
        Q(pk__in=visible_cases(user).values("subject_id"))
        | Q(pk__in=Testimony.objects.filter(case__in=cases).values("witness_id"))
        | Q(
            pk__in=Mention.objects.filter(document_id__in=filed, role__in=PARTY_ROLES).values(
                "person_id"
            )
        )
    )


def case_list(
    *,
    user: Viewer,
    commission: str | None = None,
    state: str | None = None,
    kind: str | None = None,
    overdue: bool = False,
    subject: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Case]:
    """Cases newest first, filtered by commission ref, state, kind, overdue, subject ref."""
    cases = visible_cases(user).select_related("subject", "commission")
    if commission:
        cases = cases.filter(commission__ref=commission)
    if state:
        cases = cases.filter(state=state)
    if kind:
        cases = cases.filter(kind=kind)
    if subject:
        cases = cases.filter(subject__ref=subject)
    if overdue:
        cases = cases.filter(due_on__lt=today or clock.today(), state__in=OPEN_STATES)
    # Newest first. opened_at is set on insert (auto_now_add), so ordering by it and by id give
    # the same list; each is chosen where an index serves it. With a state filter the
    # (state, opened_at) and (commission, state, opened_at) indexes return rows already in
    # order; without one the primary key does, where opened_at would sort the whole table.
    # SQLite otherwise picks the state index and sorts every case in that state
    # (bench/cases.py measures both).
    if state:
        return cases.order_by("-opened_at", "-id")
    return cases.order_by("-id")


@dataclass(frozen=True, slots=True)
class FiledDocument:
    """A document as a case file lists it: its kind, title and date, not its text."""

    pk: int
    kind: str
    title: str
    written_on: dt.date | None

    @property
    def id(self) -> int:
        return self.pk

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True, slots=True)
class Filing:
    """One document on a case's file, read as a row: a long file has hundreds, and each as
    two model instances cost three times as much to read (bench/cases.py)."""

    pk: int
    document: FiledDocument
    role: str
    filed_at: dt.datetime
    filed_by: str | None  # the username of whoever filed it
    note: str

    @property
    def document_id(self) -> int:
        return self.document.pk

    def get_role_display(self) -> str:
        return str(choice_label(self, _ROLE_FIELD))


_ROLE_FIELD = CaseDocument._meta.get_field("role")


def filings_of(case: Case) -> list[Filing]:
    """The documents on `case`'s file in the order they were filed."""
    rows = (
        CaseDocument.objects.filter(case=case)
        .order_by("filed_at", "id")
        .values_list(
            "id",
            "document_id",
            "document__kind",
            "document__title",
            "document__written_on",
            "role",
            "filed_at",
            "filed_by__username",
            "note",
        )
    )
    return [
        Filing(pk, FiledDocument(document, kind, title, written_on), role, at, by, note)
        for pk, document, kind, title, written_on, role, at, by, note in rows
    ]


def _written_by_the_commission(filing: Filing) -> bool:
    """The minutes of a sitting and the letters a decision sends are what the commission wrote
    itself, not material a decision could have missed."""
    return filing.role == FilingRole.MINUTES or filing.document.kind == DocumentKind.DECISION_TEXT


@dataclass
class DecisionView:
    decision: Decision
    votes: list[Vote]
    on_file: list[int]  # document ids the decision saw
    late_material: list[Filing]  # filed afterwards, not seen by it
    grounds: list[str] = field(default_factory=list)  # labels
    count: rules.VoteCount = field(default_factory=rules.VoteCount)
    appealed_in: str | None = None  # ref of an appeal case against this decision
    reopened_in: str | None = None  # ref of a reopening case on it


@dataclass
class HearingView:
    hearing: Hearing
    attendance: list[HearingAttendance]

    @property
    def present(self) -> list[HearingAttendance]:
        return [a for a in self.attendance if a.present]

    @property
    def absent(self) -> list[HearingAttendance]:
        return [a for a in self.attendance if not a.present]


@dataclass
class SeatView:
    commissioner: Commissioner
    ties: list[str]
    overridden: RecusalOverride | None
    overridden_by: str = ""

    @property
    def must_stand_aside(self) -> bool:
        return bool(self.ties) and self.overridden is None


@dataclass
class CaseFile:
    case: Case
    filings: list[Filing]
    testimonies: list[Testimony]
    hearings: list[Hearing]
    decisions: list[DecisionView]
    transitions: list[CaseTransition]
    seats: list[SeatView]
    timeline: list[tuple[dt.datetime, str, str]] = field(default_factory=list)
    hearing_views: list[HearingView] = field(default_factory=list)


def _link_rows(decision_ids: list[int], hearing_ids: list[int]) -> list[tuple[int, int, str, str]]:
    """Votes, grounds, documents on file and hearing attendance of the whole case in one
    UNION ALL query: (owner id, other id, text, kind). Four prefetches would cost four queries;
    the case page has a query budget (tests/cases/test_queries.py). The decisions and hearings
    are already loaded, so each part filters on their ids rather than joining back to the case:
    less SQL to build and to plan."""
    text = CharField()

    def kind(name: str) -> Value:
        return Value(name, output_field=text)

    votes = Vote.objects.filter(decision_id__in=decision_ids).values_list(
        "decision_id", "commissioner_id", "choice", kind("vote")
    )
    grounds = Decision.grounds.through.objects.filter(decision_id__in=decision_ids).values_list(
        "decision_id", "ground_id", "ground__label", kind("ground")
    )
    on_file = Decision.documents_on_file.through.objects.filter(
        decision_id__in=decision_ids
    ).values_list("decision_id", "document_id", Value("", output_field=text), kind("seen"))
    presence = SqlCase(
        When(present=True, then=Value("present")), default=Value("absent"), output_field=text
    )
    attendance = HearingAttendance.objects.filter(hearing_id__in=hearing_ids).values_list(
        "hearing_id", "person_id", presence, kind("attendance")
    )
    # The rows come typed from the columns above; on a long file most of them (every document
    # each decision saw) are read here, so they are not converted again one by one.
    return cast(
        list[tuple[int, int, str, str]], list(votes.union(grounds, on_file, attendance, all=True))
    )


def _load_earlier_decisions(case: Case) -> None:
    """The decision an appeal or a reopening is about, with its case, in one query and only
    for such cases. Joined into the case's own query, these four outer joins made PostgreSQL
    spend longer planning it than running it, on every case page."""
    wanted = [pk for pk in (case.appeals_id, case.reopens_id) if pk is not None]
    if not wanted:
        return
    found = Decision.objects.select_related("case").in_bulk(wanted)
    if case.appeals_id is not None:
        case.appeals = found[case.appeals_id]
    if case.reopens_id is not None:
        case.reopens = found[case.reopens_id]


def _load_case_file(case: Case, with_recusal: bool) -> CaseFile:
    _load_earlier_decisions(case)
    # The page and the API show a filed document by its kind, title and date; its other
    # columns, the text above all (letters of several kilobytes each), stay in the database.
    filings = filings_of(case)
    testimonies = list(
        Testimony.objects.filter(case=case)
        .select_related("witness", "document")
        .defer("document__text", "document__notes_text")
        .order_by("recorded_at", "id")
    )
    hearings = list(Hearing.objects.filter(case=case).order_by("starts_at", "id"))
    decisions = list(
        Decision.objects.filter(case=case)
        .select_related("reported_by", "recorded_by", "hearing", "rules")
        .defer("reported_by__text", "reported_by__notes_text")
        .annotate(
            appealed_in=Subquery(
                Case.objects.filter(appeals=OuterRef("pk")).order_by("id").values("ref")[:1]
            ),
            reopened_in=Subquery(
                Case.objects.filter(reopens=OuterRef("pk")).order_by("id").values("ref")[:1]
            ),
        )
        .order_by("decided_on", "id")
    )
    transitions = list(
        CaseTransition.objects.filter(case=case).select_related("by").order_by("at", "id")
    )
    # Seats with the chair's override, if any, in the same row: the page needs both.
    override = RecusalOverride.objects.filter(case=case, commissioner_id=OuterRef("person_id"))
    seats = list(
        Commissioner.objects.filter(commission_id=case.commission_id)
        .select_related("person")
        .annotate(
            override_id=Subquery(override.values("pk")[:1]),
            override_reason=Subquery(override.values("reason")[:1]),
            override_at=Subquery(override.values("at")[:1]),
            override_by=Subquery(override.values("by__username")[:1]),
        )
        .order_by("role", "person__surname_key", "id")
    )
    links = _link_rows([d.pk for d in decisions], [h.pk for h in hearings])

    # People named by votes and attendance are nearly always the commission's own seats;
    # anyone else (a seat since removed) is loaded in one further query.
    people: dict[int, Person] = {seat.person_id: seat.person for seat in seats}
    missing = {
        other for _, other, _, kind in links if kind in ("vote", "attendance")
    } - people.keys()
    if missing:
        people.update(Person.objects.in_bulk(list(missing)))

    votes: dict[int, list[Vote]] = defaultdict(list)
    grounds: dict[int, list[str]] = defaultdict(list)
    seen: dict[int, set[int]] = defaultdict(set)
    attendance: dict[int, list[HearingAttendance]] = defaultdict(list)
    by_decision = {d.pk: d for d in decisions}
    by_hearing = {h.pk: h for h in hearings}
    for owner, other, words, kind in links:
        if kind == "vote":
            votes[owner].append(
                Vote(decision=by_decision[owner], commissioner=people[other], choice=words)
            )
        elif kind == "ground":
            # As `Ground.shown_label`: the grounds an installation starts with, translated.
            grounds[owner].append(gettext(words))
        elif kind == "seen":
            seen[owner].add(other)
        else:
            attendance[owner].append(
                HearingAttendance(
                    hearing=by_hearing[owner], person=people[other], present=words == "present"
                )
            )

    # The filings are in the order they were filed: what came after a decision is a tail.
    filed_at = [f.filed_at for f in filings]
    decision_views = []
    for decision in decisions:
        saw = seen[decision.pk]
        after = bisect_right(filed_at, decision.recorded_at)
        decision_votes = sorted(
            votes[decision.pk], key=lambda v: (v.commissioner.surname_key, v.commissioner.pk)
        )
        decision_views.append(
            DecisionView(
                decision=decision,
                votes=decision_votes,
                on_file=sorted(saw),
                late_material=[
                    f
                    for f in filings[after:]
                    if f.document_id not in saw and not _written_by_the_commission(f)
                ],
                grounds=sorted(grounds[decision.pk]),
                count=rules.count_votes([v.choice for v in decision_votes]),
                appealed_in=getattr(decision, "appealed_in", None),
                reopened_in=getattr(decision, "reopened_in", None),
            )
        )
    hearing_views = [
        HearingView(h, sorted(attendance[h.pk], key=lambda a: (a.person.surname_key, a.person.pk)))
        for h in hearings
    ]

    seat_views: list[SeatView] = []
    if with_recusal:
        witnesses = list({t.witness_id: t.witness for t in testimonies}.values())
        ties = rules.recusal_reasons_for(case, [seat.person for seat in seats], witnesses)
        for seat in seats:
            found = None
            if getattr(seat, "override_id", None) is not None:
                found = RecusalOverride(
                    pk=seat.override_id,
                    case=case,
                    commissioner=seat.person,
                    reason=seat.override_reason,
                    at=seat.override_at,
                )
            seat_views.append(
                SeatView(
                    seat,
                    ties[seat.person_id],
                    found,
                    getattr(seat, "override_by", "") or "",
                )
            )

    timeline: list[tuple[dt.datetime, str, str]] = []
    # Translated once for the page, not once a row: a long file has hundreds of rows.
    roles = {value: str(label) for value, label in FilingRole.choices}
    states = {value: str(label) for value, label in CaseState.choices}
    filed = gettext("Filed “%(document)s” (%(role)s)")
    hearing = gettext("Hearing %(state)s")
    for t in transitions:
        moved = "%s → %s" % (  # noqa: UP031  (the labels are lazy translations)
            states.get(t.from_state, t.from_state)
            if t.from_state
            else pgettext("a case before its first state", "new"),
            states.get(t.to_state, t.to_state),
        )
        timeline.append((t.at, "state", f"{moved}: {t.reason}"))
    for f in filings:
        role = roles.get(f.role, f.role)
        timeline.append(
            (
                f.filed_at,
                "document",
                filed % {"document": f.document, "role": role},
            )
        )
    for h in hearings:
        timeline.append(
            (
                h.starts_at,
                "hearing",
                hearing % {"state": h.get_state_display()},
            )
        )
    for d in decision_views:
        timeline.append(
            (
                d.decision.recorded_at,
                "decision",
                gettext("Decision: %(outcome)s") % {"outcome": d.decision.get_outcome_display()},
            )
        )
    timeline.sort(key=lambda row: row[0])
    return CaseFile(
        case,
        filings,
        testimonies,
        hearings,
        decision_views,
        transitions,
        seat_views,
        timeline,
        hearing_views,
    )


_CASE_RELATIONS = ("subject", "commission", "commission__parent", "rapporteur")


def case_file(*, case_id: int, with_recusal: bool = True) -> CaseFile:
    """Everything the case page shows, in a bounded number of queries whatever the file's size."""
    case = Case.objects.select_related(*_CASE_RELATIONS).get(pk=case_id)
    return _load_case_file(case, with_recusal)


def case_file_by_ref(*, ref: str, with_recusal: bool = True) -> CaseFile | None:
    """`case_file` for the case with this reference, or None when there is none."""
    case = Case.objects.select_related(*_CASE_RELATIONS).filter(ref=ref).first()
    return None if case is None else _load_case_file(case, with_recusal)


def overdue_cases(*, user: Viewer, today: dt.date | None = None) -> QuerySet[Case]:
    return case_list(user=user, overdue=True, today=today).order_by("due_on", "id")


def pending_reported_outcome(case: Case) -> ReportedOutcome | None:
    """The outcome a document on file reports and no decision records yet, if any: what the
    decision form offers first."""
    return (
        ReportedOutcome.objects.filter(case=case, decision__isnull=True)
        .select_related("document")
        .order_by("pk")
        .first()
    )
