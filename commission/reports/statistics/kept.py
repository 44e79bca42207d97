"""The statistics' counts kept in segments, and counted again only where the records changed.

Counting every case of a large organisation takes seconds (the time in each state alone reads
every move of every case), and every change would otherwise mean counting it all again. So the
counts are kept in the database (`KeptTally`), one set per class of reader (all cases, or those
not confidential): one row per segment (the cases of a commission within a block of case
numbers, see `tally`), its counts by the third of a month of what they count (the 1st to the
10th, the 11th to the 20th, the 21st to the end), each as of an event of the audit chain, and
one row per sum the pages read (the whole organisation, each level, each commission; of all
dates and of each third of a month), kept equal to the sum of its segments. A period is read as
the sum of the whole thirds it spans, with the few days at its ends that cut one counted
afresh.

Every change to the records writes an audit event in its own transaction, so the events after
the set's last one say what changed since: each names what it changed (a case, a decision, an
inquiry, a person, a membership), which leads to the cases of the people concerned, and so to
the segments whose counts are stale. Only those are counted again, in one pass grouped by
segment; each new row replaces the old in the same transaction that adds the difference to the
sums it belongs to, so a sum is always the sum of its rows, whichever page wrote them. A page
then reads one row: the sum of its scope.

Why the people and not just the case: an appeal before the commission above changes the
"appealed" count of the decision appealed against, and a later readmission the "readmitted"
count of an expulsion; both are on the same member's cases.

A change this does not know how to follow (an import of records, a restore, a merge of two
people, a kind of event it does not name, or more events than `MAX_EVENTS`) makes the whole set
be counted again, which is what every page did before. The rows are a copy of what the cases
say, rebuilt at need, and are written under the same reading (the primary database) as the head
of the chain they are dated by."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q, QuerySet

from commission.audit.models import AuditEvent
from commission.audit.queries import last_change_seq
from commission.cases.models import (
    Case,
    Decision,
    DocketEntry,
    Hearing,
    OutcomeLetter,
    ReportedOutcome,
    Sitting,
)
from commission.core.audit_actions import READINGS, AuditAction
from commission.core.dbrouting import replica_reads
from commission.core.roles import can
from commission.inquiries.models import Inquiry
from commission.jobs.services import enqueue_job
from commission.registry.models import Commission, Membership
from commission.registry.posts import posted_commissions
from commission.reports.models import KeptTally, new_stamp
from commission.reports.statistics.figures import (
    Frame,
    Reading,
    Statistics,
    compute,
    finish,
    letters_figures,
    tally,
)
from commission.reports.statistics.scope import SEES_CONFIDENTIAL, Period, Scope, Spans
from commission.reports.statistics.tally import (
    AT,
    BLOCK,
    UNFILED,
    Tallies,
    Tally,
    Thirds,
    commission_of,
    segment_of_case,
)

# The row that marks a set counted in full (see KeptTally).
FULL = "*"
# More changes than this since the set was kept, and it is counted again in full: one pass over
# everything is then cheaper than following each change.
MAX_EVENTS = 2_000

# Kinds of change that touch no table a kept count reads (cases, moves, decisions, votes,
# filings, recusal overrides, inquiries, the subjects' records): accounts, the registry's
# organisations, names, contacts and ties, documents and what is read from them (the letters are
# counted for each page), notes and tags, posts and appointments, the calendar, a new version of
# the rules (each decision keeps the version it was taken under). Every other kind is followed
# to the cases it concerns by the model its event names (below), and a kind on a model not
# followed makes the whole set be counted again.
UNCOUNTED = READINGS | {
    AuditAction.AUDIT_KEY_ROTATE,
    AuditAction.CALENDAR_SET,
    AuditAction.JOB_RETRY,
    AuditAction.LETTER_FILE_RECEIVE,
    AuditAction.CASE_ASSIGNMENT_RULE,
    AuditAction.CASE_COUNTS_REBUILD,
    AuditAction.DOCUMENT_NOTE,
    AuditAction.DOCUMENT_NOTE_FOLLOW_UP,
    AuditAction.DOCUMENT_TAG,
    AuditAction.DOCUMENT_UNTAG,
    AuditAction.DOCUMENT_REGISTER,
    AuditAction.DOCUMENT_ADD_COPY,
    AuditAction.DOCUMENT_LOAD,
    AuditAction.COMMISSION_CREATE,
    AuditAction.COMMISSION_APPOINT,
    AuditAction.CLERK_POST,
    AuditAction.CLERK_POST_END,
    AuditAction.INQUIRY_DRAFT,
    AuditAction.INQUIRY_MAIL,
    AuditAction.INQUIRY_MAIL_FAILED,
    AuditAction.MAIL_RECEIVE,
    AuditAction.ORGANISATION_CREATE,
    AuditAction.UNIT_CREATE,
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
}
# Changes that move records between people: followed by counting everything again.
_EVERYTHING = {AuditAction.PERSON_MERGE, AuditAction.PERSON_MERGE_UNDO}


def _values_at(model: type[models.Model], path: str) -> Callable[[set[int]], Iterable[int | None]]:
    """The numbers at `path` (a case's, a person's) of the rows of `model` with these keys."""

    def values(ids: set[int]) -> Iterable[int | None]:
        return model.objects.filter(pk__in=ids).values_list(path, flat=True)  # type: ignore[attr-defined]

    return values


# How an event's target leads to cases, by its model: hearings, docket entries and sittings
# move cases between states; outcome letters and a sitting's minutes are filed on cases; an
# inquiry on no case leads to none (the segment UNFILED).
_TO_CASES: dict[str, Callable[[set[int]], Iterable[int | None]]] = {
    "cases.case": lambda ids: ids,
    "cases.decision": _values_at(Decision, "case_id"),
    "cases.hearing": _values_at(Hearing, "case_id"),
    "cases.docketentry": _values_at(DocketEntry, "case_id"),
    "cases.sitting": _values_at(Sitting, "docket__case_id"),
    "cases.outcomeletter": _values_at(OutcomeLetter, "decision__case_id"),
    "cases.reportedoutcome": _values_at(ReportedOutcome, "case_id"),
    "inquiries.inquiry": _values_at(Inquiry, "case_id"),
}
# Targets that lead to people, all of whose cases are concerned.
_TO_PEOPLE: dict[str, Callable[[set[int]], Iterable[int | None]]] = {
    "registry.person": lambda ids: ids,
    "registry.membership": _values_at(Membership, "person_id"),
}


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
            own_counts = tally(replace(frame, reading=Reading.OWN_CONFIDENTIAL)).merged()
            # (The kept counters are shared with later pages: added to in a copy.)
            counts = Tally({name: dict(found) for name, found in counts.counters.items()})
            counts.merge(own_counts)
    stats = finish(frame, counts)
    letters_figures(frame, stats)
    return stats


def kept_counts(frame: Frame, *, in_full: bool = False) -> Tally:
    """The counts of the frame's scope and period for a reader of every case (`Reading.ALL`)
    or of those not confidential (`Reading.PUBLIC`), brought up to the chain's last change.

    One set is kept per class of reader, of all dates, each segment's counts by the third of a
    month: a period is the sum of the kept counts of the whole thirds it spans, and of its
    first and last days counted afresh where they cut one (at most nine or ten days at each
    end).

    When the set must be counted in full (never counted, or after changes it cannot follow),
    a page counts its own scope and period afresh (seconds over a large organisation, where
    counting and keeping every segment takes several times longer) and a worker counts and
    keeps the set (`KEEP`); `in_full` counts and keeps it here."""
    whole = replace(frame, period=Period())
    key = period_key(whole.period)
    with replica_reads(False):
        seq = last_change_seq()
        marker = KeptTally.objects.filter(reading=frame.reading, period=key, segment=FULL).first()
        since = marker.as_of_seq if marker is not None else seq + 1
        if since > seq or (since < seq and not _bring_up(whole, since, seq)):
            if not in_full:
                _keep_later(whole, seq)
                return tally(replace(frame, segmented=False)).merged()
            _count_all(whole, seq)
        return _of_period(frame, KeptTally.objects.filter(reading=frame.reading, period=key))


def _of_period(frame: Frame, kept: QuerySet[KeptTally]) -> Tally:
    """The counts of the frame's scope and period from the kept set `kept` (see
    `kept_counts`)."""
    wanted = _sum_of_scope(frame.scope)
    period = frame.period
    if period.start is None and period.end is None:
        found = Tally()
        for counters in _read(kept.filter(segment__in=[wanted + part for part in PARTS])):
            # The parts of a sum hold different counters (see `_split`): put side by side.
            found.counters.update(counters)
        return found
    first, last, edges = period.thirds()
    prefix = wanted + AT
    # The rows of the scope's thirds, narrowed by the database (whose collation may order
    # other rows among them) and chosen here.
    rows = kept.filter(segment__gte=prefix + (first or ""), segment__lte=prefix + (last or "9"))
    thirds = [
        (pk, stamp)
        for pk, stamp, segment in rows.values_list("pk", "stamp", "segment")
        if segment.startswith(prefix) and _within(segment[len(prefix) :], first, last)
    ]
    found = Tally()
    for counters in _read(kept, thirds):
        found.merge(Tally(counters))
    if edges:
        # Both ends in one pass.
        with _reading_few_rows():
            days = Spans.of_periods(edges)
            found.merge(tally(replace(frame, period=days, segmented=False)).merged())
    return found


def _within(third: str, first: str | None, last: str | None) -> bool:
    """Whether the third of a month ("1921-12-2"; "" for no date) is from `first` to `last`
    (None: open)."""
    return bool(third) and (first is None or third >= first) and (last is None or third <= last)


# The counts of kept rows this process has read, by row and stamp (drawn at each write). The
# count of inquiries per person asked is tens of thousands of numbers, changed only when
# inquiries are, and a period's thirds are read again for each page after a change; reading
# and parsing them again would be a large part of every page.
_READ: dict[tuple[int, int], dict[str, dict[str, int]]] = {}
# Rows remembered at most (the parts of a sum per scope a page reads, and its thirds).
MAX_READ = 4_000


def _read(
    rows: QuerySet[KeptTally], stamps: list[tuple[int, int]] | None = None
) -> list[dict[str, dict[str, int]]]:
    """The counters of the rows (of those with these keys and stamps among them, when given),
    each read from the database only when this process has not read it as it is now. What is
    given must not be changed."""
    if stamps is None:
        stamps = list(rows.values_list("pk", "stamp"))
    found = {key: _READ[key] for key in stamps if key in _READ}
    missing = [pk for pk, stamp in stamps if (pk, stamp) not in found]
    if missing:
        if len(_READ) >= MAX_READ:
            _READ.clear()
        for pk, stamp, counts in rows.filter(pk__in=missing).values_list("pk", "stamp", "counts"):
            found[(pk, stamp)] = _READ[(pk, stamp)] = Tally.from_json(counts).counters
    if any(key not in found for key in stamps):
        # Rewritten meanwhile by another page: read at once as they are now.
        wanted = [pk for pk, _stamp in stamps]
        return [
            Tally.from_json(text).counters
            for text in rows.filter(pk__in=wanted).values_list("counts", flat=True)
        ]
    return [found[key] for key in stamps]


# The shape of the kept counts (the counters `figures` writes); a change to it raises this, and
# the sets kept in another shape, or in segments of another size, are dropped and counted
# afresh.
FORMAT = 4


def period_key(period: Period) -> str:
    """The key of a set: the shape of its counts and its period."""
    start = period.start.isoformat() if period.start else ""
    end = period.end.isoformat() if period.end else ""
    return f"v{FORMAT}.{BLOCK}:{start}..{end}"


# The rows of sums: the whole organisation, a level, a commission.
WHOLE = "+all"
# A sum is kept in two rows: the count of inquiries per person asked (tens of thousands of
# numbers, changed only when inquiries are) apart from the rest, so that a change to cases
# rewrites a few kilobytes, not the whole list of people asked.
ASKED = "asked"
PARTS = ("", "#asked")


def _split(counts: Tally) -> dict[str, Tally]:
    """A sum's counts by the row they are kept in (the suffix of its segment name)."""
    rest = Tally({n: c for n, c in counts.counters.items() if n != ASKED})
    asked = Tally({ASKED: counts.counters[ASKED]} if ASKED in counts.counters else {})
    return {"": rest, "#asked": asked}


def _sum_of_scope(scope: Scope) -> str:
    if scope.commission is not None:
        return f"+commission:{scope.commission.pk}"
    if scope.level:
        return f"+level:{scope.level}"
    return WHOLE


def _sums_of(segment: str, levels: dict[int, str], third: str) -> list[str]:
    """The sums a segment's counts of a third of a month ("" for no date) belong to: those of
    all dates, and those of the third."""
    commission = commission_of(segment) if segment != UNFILED else None
    found = [WHOLE]
    if commission is not None:
        found.append(f"+commission:{commission}")
        if commission in levels:
            found.append(f"+level:{levels[commission]}")
    return found + [f"{name}{AT}{third}" for name in found] if third else found


def _bring_up(frame: Frame, since: int, seq: int) -> bool:
    """Count again the segments the changes after `since` touched; False when they cannot
    be told (everything must then be counted again)."""
    events = list(
        AuditEvent.objects.filter(seq__gt=since, seq__lte=seq)
        .exclude(action__in=UNCOUNTED)
        .order_by("seq")
        .values_list("action", "target_type", "target_id")[: MAX_EVENTS + 1]
    )
    touched = None if len(events) > MAX_EVENTS else touched_segments(events)
    if touched is None:
        return False
    counted: dict[str, Thirds] = {}
    if touched:
        with _reading_few_rows():
            counted = tally(_frame(frame, Scope(among=frozenset(touched)))).by_segment()
    _store(frame, {s: counted.get(s) or Thirds() for s in touched}, seq)
    return True


# The job that counts a set in full and keeps it (reports.statistics.jobs).
KEEP = "statistics.keep"


def _keep_later(frame: Frame, seq: int) -> None:
    """Ask a worker to count the frame's set in full and keep it (once per set and change)."""
    enqueue_job(
        name=KEEP,
        arguments={"reading": frame.reading},
        description="Count the procedure statistics in full",
        unique_key=f"{KEEP}:{frame.reading}:{period_key(frame.period)}:{seq}",
    )


@contextlib.contextmanager
def _reading_few_rows() -> Iterator[None]:
    """A recount reads a few dozen cases and what hangs on them, each by an index, and the
    ends of a period a few days of records. With its default costs, meant for spinning disks,
    PostgreSQL would rather scan whole tables of inquiries or moves to join them (tens of
    milliseconds each, growing with the tables); within this transaction it costs a random
    read as on the solid-state disks it runs on. Nor does it compile these small queries to
    machine code (its estimate of their cost can be far above what they read, and compiling
    took longer than running them: 14 ms of 40)."""
    if connection.vendor != "postgresql":
        yield  # and no transaction: on SQLite one would hold the write lock meanwhile
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL random_page_cost = 1.1")
            cursor.execute("SET LOCAL jit = off")
        yield


def touched_segments(events: Iterable[tuple[str, str, str]]) -> set[str] | None:
    """The segments (see `tally`) whose counts the events may have changed, or None when they
    cannot be told and everything must be counted again."""
    ids: dict[str, set[int]] = {}
    for action, target_type, target_id in events:
        if action in UNCOUNTED:
            continue
        followed = target_type in _TO_CASES or target_type in _TO_PEOPLE
        if action in _EVERYTHING or not followed or not target_id.isdigit():
            return None
        ids.setdefault(target_type, set()).add(int(target_id))
    segments: set[str] = set()
    cases: set[int] = set()
    people: set[int] = set()
    for target_type, found in ids.items():
        if target_type in _TO_PEOPLE:
            people |= {p for p in _TO_PEOPLE[target_type](found) if p is not None}
            continue
        for case_id in _TO_CASES[target_type](found):
            if case_id is None:
                segments.add(UNFILED)
            else:
                cases.add(case_id)
    if not cases and not people:
        return segments
    subjects = Case.objects.filter(pk__in=cases).values("subject_id")
    # Every case of the people concerned: an appeal or readmission changes the counts of the
    # member's earlier decisions, which may be before another commission.
    concerned = Case.objects.filter(Q(subject_id__in=subjects) | Q(subject_id__in=people))
    segments |= {
        segment_of_case(commission, case_id)
        for commission, case_id in concerned.values_list("commission_id", "pk")
    }
    return segments


def _frame(frame: Frame, scope: Scope) -> Frame:
    return replace(frame, scope=scope, segmented=True)


def _levels() -> dict[int, str]:
    return dict(Commission.objects.values_list("pk", "level"))


def _count_all(frame: Frame, seq: int) -> None:
    """Count every segment by the third of a month, and keep them with their sums."""
    counted = tally(_frame(frame, Scope())).by_segment()
    levels = _levels()
    sums = Tallies()
    for segment, thirds in counted.items():
        for third, counts in thirds.items():
            for name in _sums_of(segment, levels, third):
                sums.of(name).merge(counts)
    key = period_key(frame.period)
    rows = [
        KeptTally(
            reading=frame.reading, period=key, segment=segment, as_of_seq=seq,
            counts=thirds.as_json(),
        )
        for segment, thirds in counted.items()
        if any(thirds.values())
    ]  # fmt: skip
    rows += [
        KeptTally(
            reading=frame.reading, period=key, segment=name, as_of_seq=seq, counts=counts.as_json()
        )
        for name, counts in _sum_rows(sums)
    ]
    rows.append(KeptTally(reading=frame.reading, period=key, segment=FULL, as_of_seq=seq))
    try:
        with transaction.atomic():
            KeptTally.objects.filter(reading=frame.reading, period=key).delete()
            # Sets of another shape, and those once kept for each period asked.
            KeptTally.objects.exclude(period=key).delete()
            KeptTally.objects.bulk_create(rows, batch_size=500)
    except IntegrityError:  # another page counted the same set at the same moment
        pass
    else:
        _analyze()


def _sum_rows(sums: Tallies) -> list[tuple[str, Tally]]:
    """The rows the sums are kept in: a sum of all dates in its parts (see `_split`), a
    third's sum in one row."""
    return [
        (name + part, counts)
        for name, total in sums.items()
        for part, counts in (_split(total).items() if AT not in name else [("", total)])
        if counts
    ]


def _analyze() -> None:
    """Have PostgreSQL look again at the kept rows, all just replaced: with the figures of the
    table before, it would read a set's thousands of rows to find the few a page asks for, until
    its own vacuum came round."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(KeptTally._meta.db_table)}")


def _store(frame: Frame, counted: dict[str, Thirds], seq: int) -> None:
    """Each segment's new counts, unless another page has already stored later ones, with the
    difference added to its sums (of all dates, and of each third it moved in) in the same
    transaction; then the set marked as of `seq`."""
    key = period_key(frame.period)
    kept = KeptTally.objects.filter(reading=frame.reading, period=key)
    levels = _levels()
    try:
        with transaction.atomic():
            rows = {
                r.segment: r for r in kept.select_for_update().filter(segment__in=list(counted))
            }
            changes = Tallies()
            for segment, thirds in counted.items():
                row = rows.get(segment)
                if row is not None and row.as_of_seq >= seq:
                    continue  # counted as late or later by another page
                before = Thirds.from_json(row.counts) if row is not None else Thirds()
                if row is not None or any(thirds.values()):
                    _write(frame, key, segment, row, thirds.as_json(), seq)
                for third in thirds.keys() | before.keys():
                    difference = Tally()
                    difference.merge(thirds.get(third) or Tally())
                    difference.merge(before.get(third) or Tally(), sign=-1)
                    if not difference:
                        continue
                    for name in _sums_of(segment, levels, third):
                        changes.of(name).merge(difference)
            written = dict(_sum_rows(changes))
            sums = {
                r.segment: r for r in kept.select_for_update().filter(segment__in=list(written))
            }
            for name, difference in written.items():
                row = sums.get(name)
                total = Tally.from_json(row.counts) if row is not None else Tally()
                total.merge(difference)
                _write(frame, key, name, row, total.as_json(), seq)
            kept.filter(segment=FULL, as_of_seq__lt=seq).update(as_of_seq=seq)
    except IntegrityError:  # a row created by another page meanwhile: the next page redoes it
        pass


def _write(
    frame: Frame, key: str, segment: str, row: KeptTally | None, counts: str, seq: int
) -> None:
    """Replace the kept row's counts (JSON text), or keep them in a new row."""
    if row is not None:
        row.counts, row.as_of_seq, row.stamp = counts, seq, new_stamp()
        row.save(update_fields=["counts", "as_of_seq", "stamp"])
    else:
        KeptTally.objects.create(
            reading=frame.reading, period=key, segment=segment, as_of_seq=seq, counts=counts
        )
