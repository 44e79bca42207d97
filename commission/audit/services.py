"""Writes to the audit trail. Every other service calls `record_event` inside its own
transaction, so the change and its audit event commit or roll back together."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from commission.audit.chain import GENESIS_HASH, event_hash, to_json_value
from commission.audit.models import AuditChainHead, AuditEvent
from commission.core.actors import Actor


def record_event(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    summary: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    Must run inside the caller's transaction (it refuses otherwise), so an event never exists for
    a change that rolled back. Locks the chain head row until that transaction ends.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the transaction of the change.")
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    actor_name = actor.get_username() if actor_id is not None else "system"
    before_json = to_json_value(before)
    after_json = to_json_value(after)
    occurred_at = timezone.now()
    seq = head.last_seq + 1
    digest = event_hash(
        seq=seq,
        occurred_at=occurred_at,
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        target_type=target_type,
        target_id=target_id,
        summary=summary[:500],
        before=before_json,
        after=after_json,
        prev_hash=head.last_hash or GENESIS_HASH,
    )
    event = AuditEvent.objects.create(
        seq=seq,
        occurred_at=occurred_at,
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        target_type=target_type,
        target_id=target_id,
        summary=summary[:500],
        before=before_json,
        after=after_json,
        prev_hash=head.last_hash or GENESIS_HASH,
        hash=digest,
    )
    AuditChainHead.objects.filter(pk=1).update(last_seq=seq, last_hash=digest)
    return event
