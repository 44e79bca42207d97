"""Writes to the audit trail. Every other service calls `record_event` inside its own
transaction, so the change and its audit event commit or roll back together."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commission.audit.chain import GENESIS_HASH, event_hash, to_json_value
from commission.audit.keys import AuditKey, AuditKeyProblem, add_key, keyring
from commission.audit.models import AuditChainHead, AuditEvent
from commission.core.actors import Actor
from commission.core.audit_actions import READINGS, AuditAction
from commission.core.errors import InvalidInput
from commission.core.roles import require


@contextlib.contextmanager
def in_trail_language() -> Iterator[None]:
    """Write what is composed inside in the installation's language (LANGUAGE_CODE), whoever's
    page caused the change, so that the names of records in an audit summary (a case, a sitting,
    a decision, which read in their reader's language) do not mix languages in one trail."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def trail_text(compose: Callable[[], str]) -> str:
    """The summary `compose` writes, in the installation's language (`in_trail_language`)."""
    with in_trail_language():
        return compose()


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
    """Append one event to the chain, fingerprinted with the active audit key.

    Must run inside the caller's transaction (it refuses otherwise), so an event never exists for
    a change that rolled back. Locks the chain head row until that transaction ends. On a chain
    written before keying, first appends the event that seals it under the active key.

    Errors: AuditKeyProblem when the keys cannot be read, or when the active key is not the one
    the chain was last written with and no rotation was recorded (a wrong key file): writing on
    would break the chain, so the change is refused with it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the transaction of the change.")
    ring = keyring()
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    if head.last_seq and head.key_id != ring.active.key_id:
        if head.key_id:
            raise AuditKeyProblem(
                f"The audit key in use ({ring.active.key_id}, from {ring.source}) is not the "
                f"key the audit chain was last written with ({head.key_id}), so nothing can be "
                "recorded. Point COMMISSION_AUDIT_KEY_FILE at this installation's key file, or, "
                "if the key was changed on purpose, record the change with "
                "`commission audit rotate-key`."
            )
        _seal_unkeyed_chain(head, ring.active)
    return _append(
        head,
        ring.active,
        actor=actor,
        action=action,
        target=target,
        target_type=target_type,
        target_id=target_id,
        summary=summary,
        before=before,
        after=after,
    )


def _seal_unkeyed_chain(head: AuditChainHead, key: AuditKey) -> AuditEvent:
    return _append(
        head,
        key,
        actor=None,
        action=AuditAction.AUDIT_KEY_ROTATE,
        summary=(
            f"The audit chain is keyed from here on, with key {key.key_id}; this event seals "
            f"the {head.last_seq} event(s) written before, up to event {head.last_seq}."
        ),
        before={"key_id": "", "seq": head.last_seq, "hash": head.last_hash},
        after={"key_id": key.key_id},
    )


def _append(
    head: AuditChainHead,
    key: AuditKey,
    *,
    actor: Actor | None,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    summary: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write the next event after the locked `head` and move the head (the row and the object)."""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    actor_name = actor.get_username() if actor is not None and actor_id is not None else "system"
    before_json = to_json_value(before)
    after_json = to_json_value(after)
    occurred_at = timezone.now()
    seq = head.last_seq + 1
    prev_hash = head.last_hash or GENESIS_HASH
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
        prev_hash=prev_hash,
        key_id=key.key_id,
        mac_key=key.mac_key,
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
        prev_hash=prev_hash,
        hash=digest,
        key_id=key.key_id,
    )
    if action not in READINGS:
        head.last_change_seq = seq
    AuditChainHead.objects.filter(pk=1).update(
        last_seq=seq, last_change_seq=head.last_change_seq, last_hash=digest, key_id=key.key_id
    )
    head.last_seq, head.last_hash, head.key_id = seq, digest, key.key_id
    return event


def rotate_key(*, actor: Actor) -> AuditEvent:
    """Change the key new events are fingerprinted with, and record the change in the chain.

    With the key file: adds a new key to it and makes it the active one, keeping the old key to
    check the events it keyed. With COMMISSION_AUDIT_KEY (set to the new key by the operator,
    the old one kept in the key file), or after a rotation interrupted between the file and
    the database: records the change to the key already active.

    The rotation event is keyed with the new key and names the old one, so a verifier accepts
    the change of key at this event and nowhere else.

    Errors: NotAllowed; InvalidInput when there is nothing to rotate to; AuditKeyProblem when
    the keys cannot be read or the old key is not kept."""
    require(actor, "audit.rotate_audit_key", "rotate the audit key")
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        ring = keyring()
        if head.key_id == ring.active.key_id or not head.last_seq:
            if ring.from_environment:
                raise InvalidInput(
                    _(
                        "The audit chain is already written with the key in %(source)s "
                        "(%(key_id)s). Keep that key in the key file %(path)s, set "
                        "COMMISSION_AUDIT_KEY to a new one (`commission audit new-key` makes "
                        "one), then rotate again."
                    )
                    % {"source": ring.source, "key_id": ring.active.key_id, "path": ring.path}
                )
            ring = add_key(ring)
        elif head.key_id and head.key_id not in ring.keys:
            raise AuditKeyProblem(
                f"The key the audit chain was last written with ({head.key_id}) is not among "
                f"the keys from {ring.source}. Put it back in the key file before changing key: "
                "without it the events it keyed can no longer be checked."
            )
        old = head.key_id
        return _append(
            head,
            ring.active,
            actor=actor,
            action=AuditAction.AUDIT_KEY_ROTATE,
            summary=(
                f"The audit key changed from {old or 'none (events not keyed)'} to "
                f"{ring.active.key_id}; events from here on are keyed with the new key."
            ),
            before={"key_id": old, "seq": head.last_seq, "hash": head.last_hash},
            after={"key_id": ring.active.key_id},
        )
