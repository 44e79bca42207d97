"""The counts every figure of the statistics is made from, kept so that they add up.

Each figure is a count (cases opened by kind, decisions by outcome, inquiries answered …) or a
histogram of whole days (opening to decision, time in a state), so the figures of two disjoint
sets of cases are the sums of their counts. A `Tally` holds those counts as named counters of
text keys, the shape JSON stores as it is; `Tallies` holds one per segment: the cases of one
commission whose numbers fall in one block of BLOCK numbers ("12:3"), with what belongs to no
commission under "none", and within it the third of a month of the thing counted
("12:3@1921-12-2", see `scope.third`). A change to a few cases then counts again a few
segments of a few dozen cases each, not a commission's thousands; the figures of a commission,
a level and the whole organisation are sums of segments (kept as sums, see `kept`), and those
of a period the sums of the thirds of a month it spans.

What does not add up is kept out: the letters (a letter may be filed on cases of two
commissions) are counted for each page, which is cheap."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

# The segment of the inquiries on no case.
UNFILED = "none"
# How many case numbers one segment spans within a commission.
BLOCK = 2_048


def segment_key(commission: object, block: object) -> str:
    """The key of a segment from a case's commission (None for none) and block of numbers, or
    UNFILED without a case."""
    if block is None:
        return UNFILED
    return f"{'none' if commission is None else commission}:{int(str(block))}"


def segment_of_case(commission: int | None, case_id: int) -> str:
    return segment_key(commission, case_id // BLOCK)


def case_numbers(segment: str) -> tuple[int | None, int, int]:
    """The commission of a case segment and the range of case numbers it spans (from, to)."""
    first = int(segment.split(":", 1)[1]) * BLOCK
    return commission_of(segment), first, first + BLOCK


def commission_of(segment: str) -> int | None:
    """The commission (primary key) of a segment, None for none."""
    head = segment.split(":", 1)[0]
    return int(head) if head.isdigit() else None


# Between a segment and the third of a month of what its counts count ("12:3@1921-12-2").
AT = "@"


class Tally:
    """Named counters, each of text keys to counts."""

    __slots__ = ("counters",)

    def __init__(self, counters: dict[str, dict[str, int]] | None = None) -> None:
        self.counters: dict[str, dict[str, int]] = counters if counters is not None else {}

    def add(self, counter: str, key: object, n: int | None) -> None:
        if not n:
            return
        found = self.counters.setdefault(counter, {})
        text = str(key)
        found[text] = found.get(text, 0) + int(n)

    def counter(self, name: str) -> dict[str, int]:
        return self.counters.get(name, {})

    def total(self, name: str) -> int:
        """One of the plain counts (kept in the counter "counts")."""
        return self.counter("counts").get(name, 0)

    def merge(self, other: Tally, sign: int = 1) -> None:
        """Add the other's counts (subtract them with `sign` -1); a count that comes to
        nothing is dropped, so a sum never shows an empty row."""
        for name, counts in other.counters.items():
            mine = self.counters.setdefault(name, {})
            for key, n in counts.items():
                total = mine.get(key, 0) + sign * n
                if total:
                    mine[key] = total
                else:
                    mine.pop(key, None)
            if not mine:
                del self.counters[name]

    def __bool__(self) -> bool:
        return bool(self.counters)

    def as_json(self) -> str:
        return orjson.dumps(self.counters).decode()

    @classmethod
    def from_json(cls, text: str) -> Tally:
        """The counts `as_json` wrote (read as they are: a kept sum holds tens of thousands)."""
        data = orjson.loads(text or "{}")
        if not isinstance(data, dict):
            return cls()
        return cls({name: counts for name, counts in data.items() if isinstance(counts, dict)})


class Tallies(dict[str, Tally]):
    """One tally per segment."""

    def of(self, key: str) -> Tally:
        found = self.get(key)
        if found is None:
            found = self[key] = Tally()
        return found

    def of_row(self, row: Mapping[str, Any]) -> Tally:
        """The tally of the segment and third of a month a grouped query's row names
        (`Frame.segment`)."""
        key = segment_key(row.get("seg_c"), row.get("seg_b"))
        if "seg_m" in row:
            key = f"{key}{AT}{row['seg_m'] or ''}"
        return self.of(key)

    def by_segment(self) -> dict[str, Thirds]:
        """The tallies of a count by segment and third (keys "segment@third") by segment."""
        found: dict[str, Thirds] = {}
        for key, counts in self.items():
            segment, _, third = key.partition(AT)
            found.setdefault(segment, Thirds())[third] = counts
        return found

    def merged(self) -> Tally:
        """The sum of every segment's tally."""
        total = Tally()
        for found in self.values():
            total.merge(found)
        return total


class Thirds(dict[str, Tally]):
    """One segment's counts by the third of a month of what they count ("1921-12-2"; "" for
    what has no date, such as a decision known only from a report), as a segment is kept: a
    period of whole thirds is then the sum of its thirds' counts."""

    def as_json(self) -> str:
        return orjson.dumps({third: t.counters for third, t in self.items() if t}).decode()

    @classmethod
    def from_json(cls, text: str) -> Thirds:
        data = orjson.loads(text or "{}")
        if not isinstance(data, dict):
            return cls()
        return cls({third: Tally(counters) for third, counters in data.items()})
