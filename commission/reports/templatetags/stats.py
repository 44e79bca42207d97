"""Filters of the statistics page: counts, shares as percentages, durations in days."""

from __future__ import annotations

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


@register.filter
def days(value: int | None) -> str:
    if value is None:
        return "—"
    return ngettext("%(count)d day", "%(count)d days", value) % {"count": value}


@register.filter
def count(value: int | None) -> str:
    """A count with thousands separated: 205,823."""
    return "—" if value is None else f"{value:,}"


@register.filter
def full_stop(value: object) -> str:
    """The text ended by a full stop, unless it ends with one already (a Russian date does:
    "31 декабря 1921 г.")."""
    text = str(value)
    return text if text.endswith(".") else f"{text}."
