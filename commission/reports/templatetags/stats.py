"""Filters of the statistics page: counts, shares as percentages, durations in days; and the
rows of its long tables (a row per commission), written here rather than by the template
language, which took thirty times longer over a thousand linked cells."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
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


@register.simple_tag
def linked_rows(rows: Sequence[tuple[str, Sequence[tuple[int, str] | None]]]) -> SafeString:
    """Table rows, each headed by its name, of counts linked to the cases behind them (a cell
    None is shown as a dash): `rows` is a list of (name, [(count, address) or None, …])."""
    out = []
    for name, cells in rows:
        out.append(f'<tr><th scope="row">{escape(str(name))}</th>')
        for cell in cells:
            if cell is None:
                out.append("<td>—</td>")
            else:
                n, url = cell
                out.append(f'<td><a href="{escape(url)}">{count(n)}</a></td>')
        out.append("</tr>\n")
    # Every text put in is escaped above; the rest is this function's own markup.
    return mark_safe("".join(out))  # noqa: S308
