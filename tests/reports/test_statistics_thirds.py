"""The thirds of a month a period is read from (reports.statistics.scope): every day of a
period is counted once, either in a whole third kept or in the days at its ends counted
afresh, and no day outside it is counted."""

from __future__ import annotations

import datetime as dt
import random

from commission.reports.statistics.scope import Period, third


def _covered(period: Period, day: dt.date) -> int:
    first, last, edges = period.thirds()
    whole = (first is None or third(day) >= first) and (last is None or third(day) <= last)
    return int(whole) + sum(1 for edge in edges if edge.start <= day <= edge.end)  # type: ignore[operator]


def test_each_day_of_a_period_is_counted_once_and_no_other_day():
    rng = random.Random(1921)
    for _ in range(1500):
        start = dt.date(1920, 1, 1) + dt.timedelta(days=rng.randint(0, 800))
        end = start + dt.timedelta(days=rng.randint(0, 120))
        period = Period(start, end)
        day = start - dt.timedelta(days=40)
        while day <= end + dt.timedelta(days=40):
            assert _covered(period, day) == (1 if start <= day <= end else 0), (period, day)
            day += dt.timedelta(days=1)


def test_the_thirds_of_a_month_and_the_ends_a_period_cuts():
    assert third(dt.date(1921, 12, 10)) == "1921-12-1"
    assert third(dt.date(1921, 12, 11)) == "1921-12-2"
    assert third(dt.date(1921, 12, 31)) == "1921-12-3"
    assert Period(dt.date(1921, 1, 1), dt.date(1921, 12, 31)).thirds() == (
        "1921-01-1", "1921-12-3", [],
    )  # fmt: skip
    first, last, edges = Period(dt.date(1921, 3, 15), dt.date(1922, 2, 10)).thirds()
    assert (first, last) == ("1921-03-3", "1922-02-1")
    assert edges == [Period(dt.date(1921, 3, 15), dt.date(1921, 3, 20))]
    # Open at one end: the thirds run as far as the records.
    assert Period(None, dt.date(1921, 3, 3)).thirds() == (
        None, "1921-02-3", [Period(dt.date(1921, 3, 1), dt.date(1921, 3, 3))],
    )  # fmt: skip
