"""The counts every figure of the statistics is made from, kept so that they add up.

Each figure is a count (cases opened by kind, decisions by outcome, inquiries answered …) or a
histogram of whole days (opening to decision, time in a state), so the figures of two disjoint
sets of cases are the sums of their counts. A `Tally` holds those counts as named counters of
text keys, the shape JSON stores as it is; `Tallies` holds one per segment (a commission, or
"none" for what is before no commission), so the whole organisation is the sum of its
commissions and a change to one commission's cases counts that commission again, not all.

What does not add up is kept out: the letters (a letter may be filed on cases of two
commissions) are counted for each page, which is cheap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# The segment of what belongs to no commission: inquiries on no case, cases before none.
UNFILED = "none"


def segment_key(value: object) -> str:
    """The key of a segment from the commission's primary key as a row gives it."""
    return UNFILED if value is None or value == "" else str(value)


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

    def merge(self, other: Tally) -> None:
        for name, counts in other.counters.items():
            mine = self.counters.setdefault(name, {})
            for key, n in counts.items():
                mine[key] = mine.get(key, 0) + n

    def as_json(self) -> dict[str, dict[str, int]]:
        return self.counters

    @classmethod
    def from_json(cls, data: Any) -> Tally:
        if not isinstance(data, dict):
            return cls()
        return cls(
            {
                str(name): {str(k): int(n) for k, n in counts.items()}
                for name, counts in data.items()
                if isinstance(counts, dict)
            }
        )


class Tallies(dict[str, Tally]):
    """One tally per segment."""

    def of(self, segment: object) -> Tally:
        key = segment_key(segment)
        found = self.get(key)
        if found is None:
            found = self[key] = Tally()
        return found

    def merged(self, segments: Iterable[str] | None = None) -> Tally:
        """The sum of the chosen segments' tallies (all of them by default)."""
        total = Tally()
        for key in self if segments is None else segments:
            found = self.get(key)
            if found is not None:
                total.merge(found)
        return total
