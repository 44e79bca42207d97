"""Dates and moments written as the reader's language writes them, through Django's localized
formats (commission/core/formats): "20 December 1921" in English, «20 декабря 1921 г.» in
Russian. Code that puts a date into a sentence uses these rather than strftime, whose month
names are always English."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone


def long_date(day: dt.date | dt.datetime) -> str:
    """The day, with the month written out ("20 December 1921", «20 декабря 1921 г.»)."""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day) if timezone.is_aware(day) else day
    return formats.date_format(day, "DATE_FORMAT")


def long_datetime(moment: dt.datetime) -> str:
    """The day and the time in the installation's time zone ("20 December 1921 20:00")."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return formats.date_format(local, "DATETIME_FORMAT")
