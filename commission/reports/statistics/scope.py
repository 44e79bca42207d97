"""Which cases the statistics count: the scope (one commission, a level of the hierarchy, or
the whole organisation), the period, and the cases the reader may see."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Expression, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.cases.models import Case
from commission.cases.queries import posted_cases
from commission.core.actors import Viewer
from commission.core.dates import long_date
from commission.core.errors import InvalidInput, NotFound
from commission.core.roles import can, require
from commission.registry.enums import CommissionLevel
from commission.registry.models import Commission
from commission.registry.posts import posted_commissions
from commission.reports.statistics.tally import UNFILED, case_numbers

# Statistics describe cases, so whoever may read the case list may read them; confidential
# cases are counted only for those who may read confidential cases.
VIEW_STATISTICS = "cases.view_case"
SEES_CONFIDENTIAL = "cases.view_confidential_case"


def require_statistics(user: Viewer) -> None:
    require(user, VIEW_STATISTICS, "read the procedure statistics")


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included; an open end reaches as far as the records."""

    start: dt.date | None = None
    end: dt.date | None = None

    def of(self, field: str, *, moment: bool = False) -> Q:
        """The rows whose `field` falls in the period; `moment` for a date-and-time field,
        compared with the start of the first day and of the day after the last, local time."""
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{field}__gte": start_of(self.start) if moment else self.start})
        if self.end is not None:
            after = self.end + dt.timedelta(days=1)
            q &= Q(**{f"{field}__lt": start_of(after) if moment else after})
        return q

    def thirds(self) -> tuple[str | None, str | None, list[Period]]:
        """The whole thirds of a month the period spans (see `third`), as the first and the
        last (None where it is open, and the first after the last when it spans none), and the
        periods of its days outside them: at most nine or ten days at either end."""
        edges: list[Period] = []
        first = last = None
        start, end = self.start, self.end
        if start is not None:
            begin = start if start.day in THIRD_STARTS else _next_third(start)
            if begin != start:
                edges.append(Period(start, _earliest(end, begin - dt.timedelta(days=1))))
            first = third(begin)
        if end is not None:
            if (end + dt.timedelta(days=1)).day in THIRD_STARTS:
                last = third(end)
            else:
                begin = _third_start(end)
                cut = Period(max(start, begin) if start else begin, end)
                if not edges or cut.start > edges[0].end:  # type: ignore[operator]
                    edges.append(cut)
                last = third(begin - dt.timedelta(days=1))
        return first, last, edges

    @property
    def label(self) -> str:
        if self.start and self.end:
            return _("%(start)s to %(end)s") % {"start": _day(self.start), "end": _day(self.end)}
        if self.start:
            return _("from %(start)s") % {"start": _day(self.start)}
        if self.end:
            return _("up to %(end)s") % {"end": _day(self.end)}
        return _("all dates")


@dataclass(frozen=True)
class Spans(Period):
    """Spans of days (each from, to, both included) counted as one period, from the first to
    the last: the ends of a longer period that cut a third of a month (`Period.thirds`)."""

    spans: tuple[tuple[dt.date, dt.date], ...] = ()

    @classmethod
    def of_periods(cls, periods: list[Period]) -> Spans:
        spans = tuple((p.start, p.end) for p in periods if p.start and p.end)
        return cls(start=spans[0][0], end=spans[-1][1], spans=spans)

    def of(self, field: str, *, moment: bool = False) -> Q:
        q = Q()
        for start, end in self.spans:
            q |= Period(start, end).of(field, moment=moment)
        return q


# The first days of the thirds of a month.
THIRD_STARTS = (1, 11, 21)


def third(day: dt.date) -> str:
    """The key of the third of a month a day falls in: "1921-12-1" for the 1st to the 10th of
    December 1921, "-2" for the 11th to the 20th, "-3" for the 21st to the end (as
    `sql.Third` writes it)."""
    return f"{day:%Y-%m}-{min((day.day - 1) // 10 + 1, 3)}"


def _third_start(day: dt.date) -> dt.date:
    return day.replace(day=max(d for d in THIRD_STARTS if d <= day.day))


def _next_third(day: dt.date) -> dt.date:
    later = [d for d in THIRD_STARTS if d > day.day]
    if later:
        return day.replace(day=later[0])
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _earliest(end: dt.date | None, day: dt.date) -> dt.date:
    return day if end is None else min(end, day)


def start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _day(day: dt.date) -> str:
    return long_date(day)


@dataclass(frozen=True)
class Scope:
    """One commission, every commission of a level, or (neither) the whole organisation."""

    commission: Commission | None = None
    level: str = ""
    # Not a reader's choice: the segments (`tally`) whose kept counts are counted again after
    # a change (`kept`): blocks of case numbers within a commission, and UNFILED for the
    # inquiries on no case.
    among: frozenset[str] | None = None

    def cases(self, prefix: str = "") -> Q:
        """The cases in scope, as a condition on `prefix` + the case's fields."""
        if self.among is not None:
            # The segments' cases chosen on the cases themselves, each a range of the index on
            # (commission, number), and the rows of other tables joined to them by number.
            numbers = self.among_cases
            if not numbers:
                return Q(**{f"{prefix}id__in": []})
            return Q(AmongCases(f"{prefix}id", numbers))
        if self.commission is not None:
            return Q(**{f"{prefix}commission_id": self.commission.pk})
        if self.level:
            return Q(**{f"{prefix}commission__level": self.level})
        return Q()

    @cached_property
    def among_cases(self) -> tuple[int, ...]:
        """The numbers of the cases in the segments `among`, read once: each a range of the
        index on (commission, number)."""
        chosen = Q(pk__in=[])
        for segment in sorted((self.among or frozenset()) - {UNFILED}):
            commission, first, after = case_numbers(segment)
            # (commission None is read as IS NULL: the cases before no commission.)
            chosen |= Q(pk__gte=first, pk__lt=after, commission_id=commission)
        return tuple(Case.objects.filter(chosen).values_list("pk", flat=True))

    @property
    def whole(self) -> bool:
        return self.commission is None and not self.level and self.among is None

    @property
    def takes_unfiled(self) -> bool:
        """Whether the inquiries on no case count: for the whole organisation only."""
        return self.whole or (self.among is not None and UNFILED in self.among)

    @property
    def label(self) -> str:
        if self.commission is not None:
            return self.commission.name
        if self.level:
            return _("every %(level)s commission") % {"level": CommissionLevel(self.level).label}
        return _("the whole organisation")

    @property
    def params(self) -> dict[str, str]:
        if self.commission is not None:
            return {"commission": self.commission.ref}
        if self.level:
            return {"level": self.level}
        return {}


class CaseNumbers(list[int]):
    """The numbers an `AmongCases` condition passes to PostgreSQL as one array."""


class CaseNumbersJson(str):
    """The numbers an `AmongCases` condition passes to SQLite as one JSON list."""

    __slots__ = ()


class AmongCases(Expression):
    """The case number at `field` is one of `numbers`: a condition passed as one value (an
    array, or a JSON list SQLite reads with json_each), so that its SQL is the same whatever
    the numbers, and a query built on it can be compiled once and run again with others."""

    conditional = True

    def __init__(self, field: str | Expression, numbers: tuple[int, ...]) -> None:
        super().__init__(output_field=BooleanField())
        self.case = F(field) if isinstance(field, str) else field
        self.numbers = numbers

    def get_source_expressions(self) -> list[Any]:
        return [self.case]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.case,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        column, params = compiler.compile(self.case)
        return (
            f"{column} {among_sql(connection.vendor)}",
            (*params, case_numbers_param(self.numbers, connection.vendor)),
        )


def among_sql(vendor: str) -> str:
    if vendor == "postgresql":
        return "= ANY(%s::bigint[])"
    return "IN (SELECT value FROM json_each(%s))"


def case_numbers_param(numbers: tuple[int, ...], vendor: str) -> CaseNumbers | CaseNumbersJson:
    if vendor == "postgresql":
        return CaseNumbers(numbers)
    return CaseNumbersJson(json.dumps(numbers))


def visible(user: Viewer, prefix: str = "") -> Q:
    """The rule of cases.queries.visible_cases for a reader of statistics (who holds
    VIEW_STATISTICS), as a condition on each row's own case: everything for those who read
    confidential cases, otherwise the cases that are not confidential and the reader's own;
    for a clerk posted to commissions, only the cases she needs to know besides her own."""
    own = (
        Q()
        if isinstance(user, AnonymousUser) or user.pk is None
        else Q(**{f"{prefix}subject__user_id": user.pk})
    )
    rule = Q()
    commissions = posted_commissions(user)
    if commissions is not None:
        posted = posted_cases(commissions, prefix)
        rule = posted | own if own else posted
    if can(user, SEES_CONFIDENTIAL):
        return rule
    public = Q(**{f"{prefix}confidential": False})
    return rule & (public | own if own else public)


def level_commissions() -> list[tuple[str, str]]:
    """Each level with its commissions named as a whole ("district commissions"): in Russian
    the adjective agrees with the noun, so the name is translated whole, not put together."""
    names = {
        CommissionLevel.DISTRICT: _("district commissions"),
        CommissionLevel.GUBERNIA: _("gubernia commissions"),
        CommissionLevel.CENTRAL: _("the central commission"),
    }
    return [(str(level), names[level]) for level in CommissionLevel]


def parse_scope(*, commission: str = "", level: str = "") -> Scope:
    """The scope named by a commission reference or a level; both empty is the whole
    organisation. Errors: NotFound for an unknown commission, InvalidInput for an unknown
    level or for both at once."""
    commission, level = (commission or "").strip(), (level or "").strip()
    if commission and level:
        raise InvalidInput(
            _("Choose either one commission or one level of commissions, not both."),
            field="commission",
        )
    if commission:
        found = Commission.objects.filter(ref=commission).first()
        if found is None:
            raise NotFound(
                _("There is no commission '%(commission)s'.") % {"commission": commission}
            )
        return Scope(commission=found)
    if level and level not in CommissionLevel.values:
        levels = ", ".join(CommissionLevel.values)
        raise InvalidInput(
            _("'%(level)s' is not a level of commissions; use %(levels)s.")
            % {"level": level, "levels": levels},
            field="level",
        )
    return Scope(level=level)


def parse_period(*, start: str = "", end: str = "") -> Period:
    """The period from two ISO dates, either left empty for an open end. Errors: InvalidInput
    for a date that is not one, or an end before the start."""
    first = _date(start, "from")
    last = _date(end, "to")
    if first and last and last < first:
        raise InvalidInput(
            _("The period ends (%(day)s) before it starts (%(day2)s).")
            % {"day": _day(last), "day2": _day(first)},
            field="to",
        )
    return Period(first, last)


def _date(text: str, name: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("'%(text)s' is not a date; write the '%(name)s' date as YYYY-MM-DD.")
            % {"text": text, "name": name},
            field=name,
        ) from None
