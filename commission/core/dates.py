"""Dates and moments written as the reader's language writes them, through Django's localized
formats (commission/core/formats): "20 December 1921" in English, «20 декабря 1921 г.» in
Russian. Code that puts a date into a sentence uses these rather than strftime, whose month
names are always English."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.dates import MONTHS_ALT


def long_date(day: dt.date | dt.datetime) -> str:
    """The day, with the month written out ("20 December 1921", «20 декабря 1921 г.»)."""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day) if timezone.is_aware(day) else day
    return formats.date_format(day, "DATE_FORMAT")


def long_datetime(moment: dt.datetime) -> str:
    """The day and the time in the installation's time zone ("20 December 1921 20:00")."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return formats.date_format(local, "DATETIME_FORMAT")


@lru_cache(maxsize=8)
def _month_table(language: str) -> tuple[tuple[str, ...], str]:
    """The month names as DATE_FORMAT writes them in `language` ("E": the genitive in Russian,
    the plain name in English), and what follows the year («г.» in Russian)."""
    with translation.override(language):
        months = ("", *(str(MONTHS_ALT[number]) for number in range(1, 13)))
    return months, " г." if language.startswith("ru") else ""


@dataclass(frozen=True)
class Moments:
    """Dates and moments as `long_date` and `long_datetime` write them, with the reader's
    language and time zone looked up once, for a page that writes hundreds of them (the case
    page's documents and timeline): the same words, several times faster than the filters."""

    zone: dt.tzinfo
    months: tuple[str, ...]
    year_suffix: str

    def date(self, day: dt.date) -> str:
        return f"{day.day} {self.months[day.month]} {day.year}{self.year_suffix}"

    def moment(self, moment: dt.datetime) -> str:
        local = moment.astimezone(self.zone) if moment.utcoffset() is not None else moment
        return f"{self.date(local)} {local.hour:02d}:{local.minute:02d}"


def moments() -> Moments:
    """`Moments` in the active language and time zone."""
    months, year_suffix = _month_table(translation.get_language() or settings.LANGUAGE_CODE)
    return Moments(timezone.get_current_timezone(), months, year_suffix)


def quick_date(day: dt.date) -> str:
    """`long_date` through `Moments`, for one date."""
    return moments().date(day)


def quick_datetime(moment: dt.datetime) -> str:
    """`long_datetime` through `Moments`, for one moment."""
    return moments().moment(moment)
