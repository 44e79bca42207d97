"""How an event's fingerprint is computed. Shared by the writer and the verifier so they cannot
drift.

An event written with a key carries an HMAC-SHA256 of its fields, the key's id among them, made
with a key the database does not hold (commission/audit/keys.py): whoever can rewrite the rows but
not read the key cannot make a fingerprint that checks. Events written before the chain was keyed
carry a plain SHA-256 and an empty key id; the first keyed event after them seals them (it links
to the last of them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS_HASH = "0" * 64


def to_json_value(value: Any) -> Any:
    """Normalise a before/after payload into plain JSON values (dates become ISO strings), so
    the hash computed before storing equals the hash recomputed from what the database returns."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def event_hash(
    *,
    seq: int,
    occurred_at: dt.datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target_type: str,
    target_id: str,
    summary: str,
    before: Any,
    after: Any,
    prev_hash: str,
    key_id: str = "",
    mac_key: bytes | None = None,
) -> str:
    """The event's fingerprint: keyed when `mac_key` is given (and `key_id` names that key),
    the plain SHA-256 of the events written before keying otherwise."""
    payload = {
        "seq": seq,
        "occurred_at": occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "summary": summary,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }
    if mac_key is None:
        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    payload["key_id"] = key_id
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(mac_key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def stored_hash(event: Any, mac_key: bytes | None = None) -> str:
    """The fingerprint an event stored in the chain should carry, worked out again from its
    fields (with the key it names, for a keyed event)."""
    return event_hash(
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
        key_id=event.key_id,
        mac_key=mac_key,
    )
