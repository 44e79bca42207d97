"""How values read from a letter become stored ones: dates and times, the strongest basis of
knowledge a letter gives, and the terms the intake's writes share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from commission.cases.enums import CaseState, KnowledgeBasis

# An inquiry a note asks "urgently" is due in a week; others in two.
URGENT_DAYS, NORMAL_DAYS = 7, 14


BASIS_STRENGTH = [
    KnowledgeBasis.OBSERVED_WORK, KnowledgeBasis.KNOWS_FAMILY, KnowledgeBasis.KNOWS_RELATIVE,
    KnowledgeBasis.WRITING_ONLY, KnowledgeBasis.HEARSAY, KnowledgeBasis.NOT_PERSONALLY,
]  # fmt: skip


def strongest_basis(bases: Iterable[str]) -> str:
    """The strongest ground among those a letter gives for knowing its subject, or ""."""
    known = [KnowledgeBasis(b) for b in bases if b in KnowledgeBasis.values]
    return str(min(known, key=BASIS_STRENGTH.index)) if known else ""


OPEN_CASE_STATES = [CaseState.OPEN, CaseState.GATHERING, CaseState.READY, CaseState.HEARING]


def stored_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def stored_time(value: Any) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
