"""Where a follower of a change log stopped: the search index follows the letters' log, the
witness graph the ties' log.

A log is a table whose ids grow as rows are inserted. PostgreSQL hands out ids when rows are
inserted, not when they commit, so a change may appear below the last id a follower applied:
ids skipped over are remembered as gaps and looked for again for `GAP_SECONDS`."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q

GAP_SECONDS = 600.0  # longer than any writing transaction is expected to stay open
_MAX_GAPS = 10_000
# Above any id a log holds. The rows not applied are asked for between two bounds, not above
# one: PostgreSQL plans a prepared statement once for any value, and guesses that "id > $1"
# leaves a third of the table, which it then reads from end to end; for a range between two
# values it guesses a few rows, and reads them through the index.
_NO_ID_ABOVE = 2**63 - 1


@dataclass
class LogPosition:
    applied: int = 0  # the highest change id applied
    gaps: dict[int, float] = field(default_factory=dict)  # id skipped over: when first seen

    def wanted(self) -> Q:
        """The log rows not applied yet."""
        wanted = Q(pk__gt=self.applied, pk__lt=_NO_ID_ABOVE)
        if self.gaps:
            wanted |= Q(pk__in=list(self.gaps))
        return wanted

    def where(self, column: str = "id") -> tuple[str, list[int]]:
        """`wanted` as a condition of raw SQL on `column`, and its parameters."""
        sql, params = f"({column} > %s AND {column} < %s)", [self.applied, _NO_ID_ABOVE]
        if self.gaps:
            sql += f" OR {column} IN ({', '.join(['%s'] * len(self.gaps))})"
            params += list(self.gaps)
        return sql, params

    def advance(self, seen: Sequence[int]) -> None:
        now = time.time()
        for change in seen:
            self.gaps.pop(change, None)
        expected = self.applied + 1
        for change in sorted(c for c in seen if c > self.applied):
            for missing in range(expected, change):
                self.gaps[missing] = now
            expected = change + 1
            self.applied = change
        kept = {k: t for k, t in self.gaps.items() if now - t < GAP_SECONDS}
        self.gaps = dict(sorted(kept.items())[-_MAX_GAPS:])
