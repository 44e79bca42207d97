"""Reads of the audit trail, and the chain check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from commission.audit.chain import GENESIS_HASH, stored_hash
from commission.audit.models import AuditChainHead, AuditEvent
from commission.core.actors import Viewer
from commission.core.roles import require


@dataclass
class ChainReport:
    """What a check of the chain found, and where it got to: a check may be carried out in
    parts (the web page checks a slice per request), each part resuming from the last."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    next_seq: int = 1  # the event the check expects next
    prev_hash: str = GENESIS_HASH  # the hash that event must link to
    finished: bool = False

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(
    *,
    actor: Viewer,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 5000,
    resume: ChainReport | None = None,
    limit: int | None = None,
) -> ChainReport:
    """Recompute every event's hash and check the links between them.

    Reports, as sentences, every event whose contents changed after it was written, every gap in
    the sequence (a deleted event), every event linked to the wrong predecessor (reordering or
    insertion) and a chain that ends before its recorded head (events cut off the end).

    With `limit`, checks at most that many events, from where `resume` (a report of the parts
    checked so far) stopped, and returns the report carried forward; `finished` says whether it
    reached the end of the chain."""
    require(actor, "audit.verify_audit_chain", "verify the audit chain")
    report = resume or ChainReport()
    events = AuditEvent.objects.filter(seq__gte=report.next_seq).order_by("seq")
    if limit is not None:
        events = events[:limit]
    seen = 0
    for event in events.iterator(chunk_size=batch_size):
        seen += 1
        _check(report, event)
        if progress is not None:
            progress(1)
    if limit is None or seen < limit:
        _check_head(report)
        report.finished = True
    return report


def _check(report: ChainReport, event: AuditEvent) -> None:
    report.checked += 1
    expected_seq = report.next_seq
    gap = event.seq > expected_seq
    if event.seq != expected_seq:
        if gap:
            missing = (
                f"event {expected_seq} is"
                if event.seq == expected_seq + 1
                else f"events {expected_seq} to {event.seq - 1} are"
            )
            report.problems.append(f"The chain has a gap: {missing} missing.")
        else:
            report.problems.append(f"Event {event.seq} appears out of order.")
    # After a gap the broken link is the gap itself; saying so twice would read as two separate
    # tamperings.
    if event.prev_hash != report.prev_hash and not gap:
        report.problems.append(
            f"Event {event.seq} ({event.action}) does not link to the event before it: "
            "events were removed, inserted or reordered here."
        )
    if stored_hash(event) != event.hash:
        report.problems.append(
            f"Event {event.seq} ({event.action} on {event.target_type} {event.target_id}) "
            "was changed after it was written: its contents no longer match its hash."
        )
    report.prev_hash = event.hash
    report.next_seq = event.seq + 1


def _check_head(report: ChainReport) -> None:
    """The chain's last event against the head row written with every event."""
    head = AuditChainHead.objects.filter(pk=1).first()
    last_seq = report.next_seq - 1
    if head is not None and head.last_seq > last_seq:
        report.problems.append(
            f"The chain ends at event {last_seq} but event {head.last_seq} was written: "
            "events were removed from its end."
        )
    elif (
        head is not None
        and head.last_seq == last_seq
        and last_seq
        and head.last_hash != report.prev_hash
    ):
        report.problems.append(f"The last event, {last_seq}, is not the one that was written last.")


def events_for(target_type: str, target_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id).order_by("-seq")


def event_count() -> int:
    return AuditEvent.objects.count()


def chain_head() -> AuditChainHead | None:
    """The row that records the last event written, or None before the first event."""
    return AuditChainHead.objects.filter(pk=1).first()


def recent_events(*, limit: int) -> QuerySet[AuditEvent]:
    """The newest events, newest first (the primary key, seq, returns them in order)."""
    return AuditEvent.objects.order_by("-seq")[:limit]


def event_list(
    *,
    action: str = "",
    actor: str = "",
    target_type: str = "",
    target_id: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events newest first, filtered.

    `action` matches a whole action ("case.transition") or, ending in a dot or naming no dot,
    every action of that kind of record ("case" matches "case.transition", "case.open", …).
    `actor` is a username, or "system" for events no person did; it is matched through the
    user's id so that audit_actor_idx serves the list. `target_type` and `target_id` name the
    record (audit_target_idx). `since` and `until` are days in the server's time zone,
    both included."""
    events = AuditEvent.objects.all()
    action = action.strip()
    if action:
        if action.endswith(".") or "." not in action:
            events = events.filter(action__startswith=action.rstrip(".") + ".")
        else:
            events = events.filter(action=action)
    actor = actor.strip()
    if actor:
        if actor.lower() == "system":
            events = events.filter(actor__isnull=True)
        else:
            user_ids = get_user_model().objects.filter(username__iexact=actor).values("pk")
            events = events.filter(actor_id__in=user_ids)
    if target_type.strip():
        events = events.filter(target_type=target_type.strip().lower())
    if target_id.strip():
        events = events.filter(target_id=target_id.strip())
    zone = timezone.get_current_timezone()
    if since is not None:
        events = events.filter(
            occurred_at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=zone)
        )
    if until is not None:
        after = until + dt.timedelta(days=1)
        events = events.filter(occurred_at__lt=dt.datetime.combine(after, dt.time.min, tzinfo=zone))
    return events.order_by("-seq")


# Proposals for contact details say "(personal data)" in their summary, and so do the events of
# their acceptance: the summary then quotes an address or a telephone.
PERSONAL_DATA_MARK = "personal data"
WITHHELD_SUMMARY = "Concerns personal data, which your role does not allow you to see."


def summary_for(event: AuditEvent, *, personal_data: bool) -> str:
    """The event's summary, or a sentence in its place when it quotes personal data and the
    reader may not see personal data."""
    if personal_data or PERSONAL_DATA_MARK not in event.summary.lower():
        return event.summary
    return WITHHELD_SUMMARY
