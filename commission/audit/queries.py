"""Reads of the audit trail, and the chain check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from commission.audit.chain import GENESIS_HASH, event_hash
from commission.audit.models import AuditChainHead, AuditEvent
from commission.core.roles import require


@dataclass
class ChainReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(
    *, actor: object, progress: Callable[[int], None] | None = None, batch_size: int = 5000
) -> ChainReport:
    """Recompute every event's hash and check the links between them.

    Reports, as sentences, every event whose contents changed after it was written, every gap in
    the sequence (a deleted event), every event linked to the wrong predecessor (reordering or
    insertion) and a chain that ends before its recorded head (events cut off the end).
    """
    require(actor, "audit.verify_audit_chain", "verify the audit chain")
    report = ChainReport()
    expected_seq = 1
    prev_hash = GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        report.checked += 1
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
        # After a gap the broken link is the gap itself; saying so twice would read as two
        # separate tamperings.
        if event.prev_hash != prev_hash and not gap:
            report.problems.append(
                f"Event {event.seq} ({event.action}) does not link to the event before it: "
                "events were removed, inserted or reordered here."
            )
        recomputed = event_hash(
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_name=event.actor_name,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            summary=event.summary,
            before=event.before,
            after=event.after,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            report.problems.append(
                f"Event {event.seq} ({event.action} on {event.target_type} {event.target_id}) "
                "was changed after it was written: its contents no longer match its hash."
            )
        prev_hash = event.hash
        expected_seq = event.seq + 1
        if progress is not None:
            progress(1)
    head = AuditChainHead.objects.filter(pk=1).first()
    last_seq = expected_seq - 1
    if head is not None and head.last_seq > last_seq:
        report.problems.append(
            f"The chain ends at event {last_seq} but event {head.last_seq} was written: "
            "events were removed from its end."
        )
    elif (
        head is not None and head.last_seq == last_seq and last_seq and head.last_hash != prev_hash
    ):
        report.problems.append(f"The last event, {last_seq}, is not the one that was written last.")
    return report


def events_for(target_type: str, target_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id).order_by("-seq")


def event_count() -> int:
    return AuditEvent.objects.count()
