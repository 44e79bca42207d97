"""Personal data inside audit events, sealed with a key per owner so that it can be erased.

An event that must say which address or which sender it concerns keeps the value sealed
(Fernet: AES with an HMAC, from the `cryptography` package) under its owner's key — the person
it belongs to, or the record it came with when no person is known. The event's fingerprint
covers the sealed text, so the chain verifies whatever happens to the key; `erase` deletes the
key, and from then on the value cannot be read by anyone, while the event still says that
something was recorded, by whom and when.

A payload carries its sealed part under the key "sealed": {"owner": "...", "token": "..."}.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.db import models

from commission.audit.models import SealKey

SEALED = "sealed"


def owner_of(record: models.Model) -> str:
    """The owner name of a record: its model label and primary key ("registry.person:42")."""
    return f"{record._meta.label_lower}:{record.pk}"


def seal(owner: str, values: dict[str, Any]) -> dict[str, Any]:
    """The payload part that holds `values` sealed under `owner`'s key (made on first use)."""
    row, _created = SealKey.objects.get_or_create(
        owner=owner, defaults={"key": Fernet.generate_key().decode("ascii")}
    )
    token = Fernet(row.key.encode("ascii")).encrypt(
        json.dumps(values, ensure_ascii=False, sort_keys=True).encode("utf-8")
    )
    return {SEALED: {"owner": owner, "token": token.decode("ascii")}}


class Erased:
    """What a sealed part opens to once its owner's key was erased."""

    def __repr__(self) -> str:
        return "Erased()"


ERASED = Erased()


def opened(payload: Any) -> dict[str, Any] | Erased | None:
    """The values sealed in `payload` (an event's before or after): a dict, ERASED when the key
    is gone, or None when the payload seals nothing."""
    if not isinstance(payload, dict) or not isinstance(payload.get(SEALED), dict):
        return None
    part = payload[SEALED]
    row = SealKey.objects.filter(owner=str(part.get("owner", ""))).first()
    if row is None:
        return ERASED
    try:
        plain = Fernet(row.key.encode("ascii")).decrypt(str(part.get("token", "")).encode("ascii"))
    except InvalidToken:
        # A key made anew after an erasure does not open what the erased one sealed.
        return ERASED
    values = json.loads(plain)
    return values if isinstance(values, dict) else ERASED


def erase(owners: list[str]) -> int:
    """Delete the keys of `owners`; returns how many there were. Must run in the caller's
    transaction, beside the audit event that records the erasure."""
    deleted, _by_model = SealKey.objects.filter(owner__in=owners).delete()
    return deleted
