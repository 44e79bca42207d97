"""The expressions the statistics need that Django does not write the same way on both
engines, and percentiles read from a histogram.

Durations are counted in whole days and grouped by day in the database, so a query returns at
most one row per distinct number of days however many cases it covers; the median and the
90th percentile are then read from those counts exactly (nearest rank), and the same counts
draw the distribution chart. Django's own date arithmetic on SQLite calls a Python function
for every row; these use the engine's own date functions."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, IntegerField, TextField
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone


class DaysBetween(Func):
    """Whole days from `earlier` to `later` (dates or moments), rounded down."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, later: Any, earlier: Any) -> None:
        super().__init__(later, earlier)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Any]:
        # julianday() reads both the date and the date-and-time text SQLite stores.
        later, earlier = (compiler.compile(e) for e in self.get_source_expressions())
        return days_sql(later[0], earlier[0], "sqlite"), (*later[1], *earlier[1])

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Any]:
        later, earlier = (compiler.compile(e) for e in self.get_source_expressions())
        return days_sql(later[0], earlier[0], "postgresql"), (*later[1], *earlier[1])


class YearMonth(Func):
    """The month of a date as text, "1921-12", for grouping by month."""

    output_field = TextField()
    arity = 1

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Any]:
        # Dates are stored as ISO text, so the month is its first seven characters.
        inner, params = compiler.compile(self.get_source_expressions()[0])
        return f"substr({inner}, 1, 7)", params

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Any]:
        inner, params = compiler.compile(self.get_source_expressions()[0])
        return f"to_char({inner}, 'YYYY-MM')", params


class Third(Func):
    """The third of a month a date falls in, or a moment in the time zone the periods' days
    are told in (`scope.start_of`), as text: "1921-12-1" for the 1st to the 10th of December
    1921, "-2" for the 11th to the 20th, "-3" for the 21st to the end. Such keys sort as the
    days they stand for."""

    output_field = TextField()
    arity = 1

    def __init__(self, expression: Any, *, moment: bool = False) -> None:
        super().__init__(expression)
        self.moment = moment

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Any]:
        inner, params = compiler.compile(self.get_source_expressions()[0])
        day, day_params = inner, tuple(params)
        if self.moment:
            day, day_params = _local_day(inner, day_params, connection)
        if connection.vendor == "sqlite":
            # Dates are ISO text: the month is the first eight characters with the dash.
            third = f"min((CAST(substr({day}, 9, 2) AS INTEGER) - 1) / 10 + 1, 3)"
            sql = f"substr({day}, 1, 8) || {third}"
        else:
            third = f"LEAST((EXTRACT(DAY FROM {day})::integer - 1) / 10 + 1, 3)"
            sql = f"to_char({day}, 'YYYY-MM-') || {third}"
        return sql, day_params * 2


def _local_day(
    moment: str, params: tuple[Any, ...], connection: BaseDatabaseWrapper
) -> tuple[str, tuple[Any, ...]]:
    """The day of a moment in the periods' time zone, as SQL and its parameters."""
    zone = timezone.get_current_timezone_name()
    if connection.vendor == "sqlite":
        if zone == "UTC":
            # Moments are stored as UTC text, so the day is its first ten characters.
            return f"substr({moment}, 1, 10)", params
        return f"django_datetime_cast_date({moment}, %s, %s)", (*params, zone, "UTC")
    return f"(({moment}) AT TIME ZONE %s)::date", (*params, zone)


def days_sql(later: str, earlier: str, vendor: str) -> str:
    """DaysBetween for hand-written SQL (the time in each state, read over a window)."""
    if vendor == "sqlite":
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return (
        f"FLOOR(EXTRACT(EPOCH FROM (({later})::timestamp - ({earlier})::timestamp)) / 86400)"
        "::integer"
    )


@dataclass
class Durations:
    """How long something took, in whole days: the number measured, the median and the 90th
    percentile (nearest rank), and the histogram they were read from (days, how many)."""

    count: int = 0
    median: int | None = None
    p90: int | None = None
    histogram: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def from_counts(cls, counts: Iterable[tuple[int | None, int]]) -> Durations:
        # A negative duration is a date written before the one it follows (a case opened
        # after its decision, in data brought in from elsewhere): counted as no time.
        merged: dict[int, int] = {}
        for days, n in counts:
            if days is None:
                continue
            key = max(int(days), 0)
            merged[key] = merged.get(key, 0) + int(n)
        histogram = sorted(merged.items())
        total = sum(n for _, n in histogram)
        return cls(
            count=total,
            median=_nearest_rank(histogram, total, 0.5),
            p90=_nearest_rank(histogram, total, 0.9),
            histogram=histogram,
        )


def _nearest_rank(histogram: list[tuple[int, int]], total: int, share: float) -> int | None:
    """The smallest number of days that at least `share` of the measurements do not exceed."""
    if total == 0:
        return None
    rank = max(math.ceil(share * total), 1)
    seen = 0
    for days, n in histogram:
        seen += n
        if seen >= rank:
            return days
    return histogram[-1][0]


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (shown as "—", not 0 %)."""
    return part / whole if whole else None
