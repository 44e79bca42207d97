"""The one clock the domain reads: what day it is for this installation.

Deadlines, overdue marks, form defaults, reminders and the "since" dates of cases read `today()`
and `now()`, never the system clock. An installation normally runs on the real calendar; a
demonstration runs on its story's calendar, named by COMMISSION_TODAY in the environment or by
the day stored in the database (`InstallationCalendar`, set by `cases.calendar.set_calendar`),
the environment winning. Audit events keep the real time: they say when a record was written,
not when the story says it happened.

`on(day)` pins the clock to a day for the code inside it (the demo loader plays each step of its
story on the step's own date; tests use it too)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone

# Every page asks for the day (its banner, its deadlines); the stored day is kept in the cache
# for a few seconds rather than read again for each, and forgotten in this process when changed.
CACHE_KEY = "commission:installation-calendar"
CACHE_SECONDS = 10

# Whether this process has read the stored day once (its table exists).
_table_seen = False

_pinned: ContextVar[dt.date | None] = ContextVar("commission_clock_pinned", default=None)


@dataclass(frozen=True)
class Calendar:
    """Which calendar the installation runs on: `today` is None on the real one."""

    today: dt.date | None
    story: str = ""
    source: str = ""  # "environment", "database" or "" for the real calendar

    @property
    def is_real(self) -> bool:
        return self.today is None


def parse_day(raw: str, *, name: str) -> dt.date:
    """A day written as YYYY-MM-DD; ValueError naming `name` otherwise."""
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"{name} must be a day written as YYYY-MM-DD, not {raw!r}.") from None


def calendar() -> Calendar:
    """The calendar in force: COMMISSION_TODAY, else the stored day, else the real calendar."""
    configured = getattr(settings, "COMMISSION_TODAY", "")
    if configured:
        return Calendar(
            today=parse_day(configured, name="COMMISSION_TODAY"),
            story=getattr(settings, "COMMISSION_STORY", ""),
            source="environment",
        )
    stored = cache.get(CACHE_KEY)
    if stored is None:
        stored = _stored()
        cache.set(CACHE_KEY, stored, CACHE_SECONDS)
    if stored.today is None:
        return Calendar(today=None)
    return stored


def _stored() -> Calendar:
    from commission.core.models import InstallationCalendar

    global _table_seen
    read = InstallationCalendar.objects.filter(pk=1).values("today", "story")
    if _table_seen:
        row = read.first()
    else:
        try:
            # In a savepoint until the table has been seen once: before it exists (a migration
            # asks for the day to fill in a column) the failed read must not abort the
            # transaction around it.
            with transaction.atomic():
                row = read.first()
        except DatabaseError:
            return Calendar(today=None)
        _table_seen = True
    if row is None or row["today"] is None:
        return Calendar(today=None)
    return Calendar(today=row["today"], story=row["story"], source="database")


def forget_stored_calendar() -> None:
    """Read the stored day afresh next time (called when it changes)."""
    cache.delete(CACHE_KEY)


def today() -> dt.date:
    """Today for this installation (see the module's docstring)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    return calendar().today or timezone.localdate()


def now() -> dt.datetime:
    """This moment for this installation: the real time of day on the installation's today."""
    real = timezone.localtime()
    day = today()
    if day == real.date():
        return real
    return timezone.make_aware(dt.datetime.combine(day, real.time().replace(tzinfo=None)))


@contextlib.contextmanager
def on(day: dt.date) -> Iterator[None]:
    """Run the code inside on `day`, whatever the installation's calendar says."""
    token = _pinned.set(day)
    try:
        yield
    finally:
        _pinned.reset(token)
