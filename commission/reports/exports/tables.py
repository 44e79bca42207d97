"""Lists as CSV, with formulas made inert: a spreadsheet runs a cell that starts with = + - @
(or a tab or carriage return before one) as a formula, so such a cell is written with an
apostrophe in front, which spreadsheets show as text and do not keep."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from django.db import transaction

from commission.audit.services import record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> str:
    """The cell's text, with a leading apostrophe when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class Writable(Protocol):
    """A file, or an HTTP response being written."""

    def write(self, text: str, /) -> Any: ...


def write_csv(
    *, actor: Actor, out: Writable, name: str, header: Sequence[str],
    rows: Iterable[Sequence[object]],
) -> int:  # fmt: skip
    """Write `rows` under `header` to `out`, every cell made inert; returns how many rows.
    Side effect: an audit event naming the list and how many rows left."""
    writer = csv.writer(out)
    writer.writerow([inert(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow([inert(cell) for cell in row])
        count += 1
    with transaction.atomic():
        record_event(
            actor=actor, action=AuditAction.LIST_EXPORT, target_type="list", target_id=name,
            summary=f"{count:,} rows of {name} were downloaded as CSV.",
        )  # fmt: skip
    return count
