"""The statistics' counts kept per commission, and counted again only where the records changed.

Counting every case of a large organisation takes seconds (the time in each state alone reads
every move of every case), and every change would otherwise mean counting it all again. So the
counts are kept in the database (`KeptTally`), one set per class of reader (all cases, or those
not confidential) and period, one row per commission, each as of an event of the audit chain.
Every change to the records writes an audit event in its own transaction, so the events after
the set's last one say what changed since: each names what it changed (a case, a decision, an
inquiry, a person, a membership), which leads to the cases of the people concerned, and so to
the commissions whose counts are stale. Only those are counted again, in one pass grouped by
commission, and the page adds up the rows of its scope.

Why the people and not just the case: an appeal before the commission above changes the
"appealed" count of the decision appealed against, and a later readmission the "readmitted"
count of an expulsion; both are on the same member's cases.

A change this does not know how to follow (an import of records, a restore, a merge of two
people, a kind of event it does not name, or more events than `MAX_EVENTS`) makes the whole set
be counted again, which is what every page did before. The rows are a copy of what the cases
say, rebuilt at need, and are written under the same reading (the primary database) as the head
of the chain they are dated by."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.db import IntegrityError, transaction
from django.db.models import Q

from commission.audit.models import AuditEvent
from commission.audit.queries import chain_head
from commission.cases.models import Case, Decision
from commission.core.audit_actions import READINGS, AuditAction
from commission.core.dbrouting import replica_reads
from commission.core.roles import can
from commission.inquiries.models import Inquiry
from commission.registry.models import Commission, Membership
from commission.registry.posts import posted_commissions
from commission.reports.models import KeptTally
from commission.reports.statistics.figures import (
    Frame,
    Reading,
    Statistics,
    compute,
    finish,
    letters_figures,
    tally,
)
from commission.reports.statistics.scope import SEES_CONFIDENTIAL, Period, Scope
from commission.reports.statistics.tally import UNFILED, Tallies, Tally, segment_key

# The row that marks a set counted in full (see KeptTally).
FULL = "*"
# More changes than this since the set was kept, and it is counted again in full: one pass over
# everything is then cheaper than following each change.
MAX_EVENTS = 2_000
# Sets kept for periods other than "all dates"; the oldest are dropped beyond this.
MAX_PERIODS = 20

# Kinds of change that no kept count reads (the letters are counted for each page): hearings,
# sittings, notes, tags, letters and proposals, accounts, the registry's names, contacts and
# ties, the link of a reported outcome to its decision, a new version of the rules (each
# decision keeps the version it was taken under). A kind not listed here and not followed
# below makes the whole set be counted again.
UNCOUNTED = READINGS | {
    AuditAction.AUDIT_KEY_ROTATE,
    AuditAction.CALENDAR_SET,
    AuditAction.JOB_RETRY,
    AuditAction.LETTER_FILE_RECEIVE,
    AuditAction.CASE_TESTIMONY,
    AuditAction.CASE_ASSIGN,
    AuditAction.CASE_ASSIGNMENT_RULE,
    AuditAction.CASE_COUNTS_REBUILD,
    AuditAction.DOCKET_ADD,
    AuditAction.DOCKET_ORDER,
    AuditAction.DOCKET_MOVE,
    AuditAction.DOCUMENT_NOTE,
    AuditAction.DOCUMENT_NOTE_FOLLOW_UP,
    AuditAction.DOCUMENT_TAG,
    AuditAction.DOCUMENT_UNTAG,
    AuditAction.LETTER_DRAFT,
    AuditAction.LETTER_SIGN,
    AuditAction.COMMISSION_CREATE,
    AuditAction.COMMISSION_APPOINT,
    AuditAction.CLERK_POST,
    AuditAction.CLERK_POST_END,
    AuditAction.DOCUMENT_REGISTER,
    AuditAction.DOCUMENT_ADD_COPY,
    AuditAction.DOCUMENT_LOAD,
    AuditAction.HEARING_SCHEDULE,
    AuditAction.HEARING_POSTPONE,
    AuditAction.HEARING_CANCEL,
    AuditAction.HEARING_HELD,
    AuditAction.INQUIRY_DRAFT,
    AuditAction.INQUIRY_MAIL,
    AuditAction.INQUIRY_MAIL_FAILED,
    AuditAction.MAIL_RECEIVE,
    AuditAction.ORGANISATION_CREATE,
    AuditAction.OUTCOME_LINK,
    AuditAction.PERSON_CREATE,
    AuditAction.PERSON_ADD_NAME,
    AuditAction.PERSON_ADD_CONTACT,
    AuditAction.PERSON_ADD_POSITION,
    AuditAction.PROPOSAL_ACCEPT,
    AuditAction.PROPOSAL_REJECT,
    AuditAction.RELATIONSHIP_CREATE,
    AuditAction.RELATIONSHIP_EVIDENCE,
    AuditAction.RULES_SET,
    AuditAction.SITTING_PLAN,
    AuditAction.SITTING_HELD,
    AuditAction.SITTING_CANCEL,
    AuditAction.SITTING_MINUTES,
    AuditAction.UNIT_CREATE,
}
# Kinds of change followed to the people they concern, by the model their event names.
_CASE, _DECISION, _INQUIRY = "cases.case", "cases.decision", "inquiries.inquiry"
_PERSON, _MEMBERSHIP = "registry.person", "registry.membership"
_FOLLOWED = {_CASE, _DECISION, _INQUIRY, _PERSON, _MEMBERSHIP}
# Changes that move records between people: followed by counting everything again.
_EVERYTHING = {AuditAction.PERSON_MERGE, AuditAction.PERSON_MERGE_UNDO}


def statistics(frame: Frame) -> Statistics:
    """Every figure for the frame, from the kept counts where its reader's class shares them
    (a reader of every case, or of those not confidential, plus her own confidential cases),
    else counted for her alone (a clerk posted to commissions, whose cases are few)."""
    if posted_commissions(frame.user) is not None:
        return compute(frame)
    if can(frame.user, SEES_CONFIDENTIAL):
        counts = kept_counts(replace(frame, reading=Reading.ALL))
    else:
        counts = kept_counts(replace(frame, reading=Reading.PUBLIC))
        reader = frame.user.pk
        own = Case.objects.filter(subject__user_id=reader or 0, confidential=True)
        if reader is not None and own.exists():
            counts.merge(tally(replace(frame, reading=Reading.OWN_CONFIDENTIAL)).merged())
    stats = finish(frame, counts)
    letters_figures(frame, stats)
    return stats


def kept_counts(frame: Frame) -> Tally:
    """The counts of the frame's scope and period for a reader of every case (`Reading.ALL`)
    or of those not confidential (`Reading.PUBLIC`), brought up to the chain's last change."""
    with replica_reads(False):
        head = chain_head()
        seq = head.last_change_seq if head else 0
        tallies = _brought_up(frame.reading, frame.period, seq, frame)
    return tallies.merged(_segments(frame.scope, tallies))


def period_key(period: Period) -> str:
    start = period.start.isoformat() if period.start else ""
    end = period.end.isoformat() if period.end else ""
    return f"{start}..{end}" if start or end else ""


def _segments(scope: Scope, tallies: Tallies) -> Iterable[str] | None:
    if scope.commission is not None:
        return [str(scope.commission.pk)]
    if scope.level:
        ids = Commission.objects.filter(level=scope.level).values_list("pk", flat=True)
        return [str(pk) for pk in ids]
    return None


def _brought_up(reading: str, period: Period, seq: int, frame: Frame) -> Tallies:
    key = period_key(period)
    rows = {r.segment: r for r in KeptTally.objects.filter(reading=reading, period=key)}
    full = rows.pop(FULL, None)
    if full is None or full.as_of_seq > seq:
        return _count_all(reading, period, seq, frame)
    kept = Tallies({segment: Tally.from_json(row.counts) for segment, row in rows.items()})
    if full.as_of_seq == seq:
        return kept
    events = list(
        AuditEvent.objects.filter(seq__gt=full.as_of_seq, seq__lte=seq)
        .exclude(action__in=UNCOUNTED)
        .order_by("seq")
        .values_list("action", "target_type", "target_id")[: MAX_EVENTS + 1]
    )
    touched = None if len(events) > MAX_EVENTS else touched_segments(events)
    if touched is None:
        return _count_all(reading, period, seq, frame)
    stale = {s for s in touched if s not in rows or rows[s].as_of_seq < seq}
    if stale:
        ids = frozenset(int(s) for s in stale if s != UNFILED)
        scope = Scope(among=ids, unfiled=UNFILED in stale)
        counted = tally(_frame(frame, reading, period, scope))
        for segment in stale:
            kept[segment] = counted.get(segment) or Tally()
        _store(reading, key, {s: kept[s] for s in stale}, seq)
    KeptTally.objects.filter(reading=reading, period=key, segment=FULL, as_of_seq__lt=seq).update(
        as_of_seq=seq
    )
    return kept


def touched_segments(events: Iterable[tuple[str, str, str]]) -> set[str] | None:
    """The segments (commission keys, or UNFILED) whose counts the events may have changed,
    or None when they cannot be told and everything must be counted again."""
    ids: dict[str, set[int]] = {kind: set() for kind in _FOLLOWED}
    for action, target_type, target_id in events:
        if action in UNCOUNTED:
            continue
        if action in _EVERYTHING or target_type not in _FOLLOWED or not target_id.isdigit():
            return None
        ids[target_type].add(int(target_id))
    segments: set[str] = set()
    cases = set(ids[_CASE])
    cases |= set(Decision.objects.filter(pk__in=ids[_DECISION]).values_list("case_id", flat=True))
    for case_id in Inquiry.objects.filter(pk__in=ids[_INQUIRY]).values_list("case_id", flat=True):
        if case_id is None:
            segments.add(UNFILED)
        else:
            cases.add(case_id)
    people = set(ids[_PERSON])
    people |= set(
        Membership.objects.filter(pk__in=ids[_MEMBERSHIP]).values_list("person_id", flat=True)
    )
    if not cases and not people:
        return segments
    subjects = Case.objects.filter(pk__in=cases).values("subject_id")
    # Every case of the people concerned: an appeal or readmission changes the counts of the
    # member's earlier decisions, which may be before another commission.
    concerned = Case.objects.filter(Q(subject_id__in=subjects) | Q(subject_id__in=people))
    segments |= {segment_key(c) for c in concerned.values_list("commission_id", flat=True)}
    return segments


def _frame(frame: Frame, reading: str, period: Period, scope: Scope) -> Frame:
    return Frame(user=frame.user, scope=scope, period=period, reading=reading, segmented=True)


def _count_all(reading: str, period: Period, seq: int, frame: Frame) -> Tallies:
    counted = tally(_frame(frame, reading, period, Scope()))
    key = period_key(period)
    try:
        with transaction.atomic():
            KeptTally.objects.filter(reading=reading, period=key).delete()
            KeptTally.objects.bulk_create(
                [
                    KeptTally(
                        reading=reading, period=key, segment=s, as_of_seq=seq, counts=t.counters
                    )
                    for s, t in counted.items()
                ]
                + [KeptTally(reading=reading, period=key, segment=FULL, as_of_seq=seq)]
            )
            _prune(reading)
    except IntegrityError:  # another page counted the same set at the same moment
        pass
    return counted


def _store(reading: str, key: str, counted: dict[str, Tally], seq: int) -> None:
    """Each segment's new counts, unless another page has already stored later ones."""
    try:
        with transaction.atomic():
            present = set(
                KeptTally.objects.filter(
                    reading=reading, period=key, segment__in=list(counted)
                ).values_list("segment", flat=True)
            )
            for segment, counts in counted.items():
                if segment in present:
                    KeptTally.objects.filter(
                        reading=reading, period=key, segment=segment, as_of_seq__lt=seq
                    ).update(as_of_seq=seq, counts=counts.counters)
                else:
                    KeptTally.objects.create(
                        reading=reading, period=key, segment=segment, as_of_seq=seq,
                        counts=counts.counters,
                    )  # fmt: skip
    except IntegrityError:  # stored by another page meanwhile: its counts are as new
        pass


def _prune(reading: str) -> None:
    """Drop the sets of the periods asked for longest ago beyond MAX_PERIODS."""
    marks = (
        KeptTally.objects.filter(reading=reading, segment=FULL)
        .exclude(period="")
        .order_by("-pk")
        .values_list("period", flat=True)
    )
    old = list(marks[MAX_PERIODS:])
    if old:
        KeptTally.objects.filter(reading=reading, period__in=old).delete()
