"""The dashboard's case and inquiry lists, written here as HTML: they are most of its sections
(an account holding every role shows five of them), and a template loop costs several times
as much per row (bench/dashboard.py). Every value from the database is escaped with the
standard library's html.escape (what Django's escape does); dates and fixed words are
translated once a language."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from commission.registry.names import name_for_language


@dataclass(frozen=True)
class Rows:
    """What every row of a dashboard's lists shares."""

    cases_url: str  # the case list's address: a case's page is this plus its reference
    today: dt.date


@dataclass(frozen=True)
class _Words:
    confidential: str
    overdue: str
    urgent: str


@functools.cache
def _words(language: str | None) -> _Words:
    # Keyed by the active language, in which the words are translated.
    return _Words(
        confidential=escape(_("confidential")),
        overdue=escape(_("overdue")),
        urgent=escape(_("urgent")),
    )


@functools.lru_cache(maxsize=2048)
def _short_date(day: dt.date, language: str | None) -> str:
    # Keyed by the active language, whose SHORT_DATE_FORMAT writes the day.
    return escape(formats.date_format(day, "SHORT_DATE_FORMAT"))


def _case_page(rows: Rows, ref: str) -> str:
    return escape(rows.cases_url + quote(ref, safe="/") + "/")


def case_items(cases: list[Any], rows: Rows) -> str:
    """A list of cases: each with its title, reference, subject, commission, state and
    deadline (the rows of reports.queries' case lists)."""
    language = get_language()
    said = _words(language)
    items = []
    for case in cases:
        confidential = (
            f' <span class="tag confidential">{said.confidential}</span>'
            if case.confidential
            else ""
        )
        due = ""
        if case.due_on:
            day = _short_date(case.due_on, language)
            late = (
                f' <span class="tag overdue">{said.overdue}</span>'
                if case.due_on < rows.today
                else ""
            )
            due = f' <span class="dash-due">{_("due %(day)s") % {"day": day}}</span>{late}'
        items.append(
            f'  <li><a href="{_case_page(rows, case.ref)}">{escape(str(case))}</a>{confidential}\n'
            f'<div class="muted">{escape(case.ref)} · {escape(name_for_language(case.subject))} · '
            f"{escape(case.commission_name or '')}</div>\n"
            f'<div><span class="tag state-{escape(case.state)}">'
            f"{escape(str(case.get_state_display()))}</span>{due}</div></li>"
        )
    return '<ul class="dash-list">\n' + "\n".join(items) + "\n</ul>"


def inquiry_items(inquiries: list[Any], rows: Rows) -> str:
    """A list of inquiries: whom they ask about whom, how urgent, when due, their state and
    case, and the start of the question."""
    language = get_language()
    said = _words(language)
    detail = reverse("inquiries:detail", args=["-"])[:-2]  # the address without the reference
    items = []
    for inquiry in inquiries:
        asked = _("To %(recipient)s, about %(subject)s") % {
            "recipient": escape(name_for_language(inquiry.recipient)),
            "subject": escape(name_for_language(inquiry.subject)),
        }
        urgent = (
            f' <span class="tag urgent">{said.urgent}</span>' if inquiry.urgency == "urgent" else ""
        )
        late = (
            f' <span class="tag overdue">{said.overdue}</span>'
            if inquiry.due_on < rows.today
            else ""
        )
        case = (
            f' · <a href="{_case_page(rows, inquiry.case.ref)}">'
            f"{escape(str(inquiry.case.get_kind_display()))}</a>"
            if inquiry.case
            else ""
        )
        due = _("Due %(day)s") % {"day": _short_date(inquiry.due_on, language)}
        excerpt = escape(Truncator(inquiry.question).chars(110))
        items.append(
            f'  <li>\n    <a href="{escape(detail + quote(inquiry.ref, safe="/"))}/">{asked}</a>'
            f"{urgent}\n"
            f'    <div class="muted">{due}{late} · '
            f"{escape(str(inquiry.get_state_display()))}{case}</div>\n"
            f'    <div class="dash-excerpt">{excerpt}</div>\n'
            "  </li>"
        )
    return '<ul class="dash-list">\n' + "\n".join(items) + "\n</ul>"
