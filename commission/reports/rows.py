"""The dashboard's lists, written here as HTML from the rows reports.queries reads (named
tuples, not model instances): a template loop costs several times as much per row
(bench/dashboard.py), and an account holding every role shows ten such lists. Every value from
the database is escaped with the standard library's html.escape (what Django's escape does);
dates and fixed words are translated once a language. Each writer returns what the template it
replaced rendered, byte for byte."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from commission.cases.enums import CaseState
from commission.cases.models import Case, case_name
from commission.core.choices import field_label
from commission.documents.models import Document
from commission.inquiries.models import Inquiry
from commission.registry.models import Person, PersonName, display_name_of
from commission.registry.names import russian_name


@dataclass(frozen=True)
class Rows:
    """What every row of a dashboard's lists shares."""

    cases_url: str  # the case list's address: a case's page is this plus its reference
    today: dt.date
    # The hidden form field a form posted from the page carries ({% csrf_token %}); called
    # only by a list with such a form, since asking for the token sets the CSRF cookie.
    csrf_input: Callable[[], str] = str
    # The name forms (kind, value) of the people the page has named so far, by person id:
    # read for a Russian page only, once per list rather than once per person.
    forms: dict[int, list[tuple[str, str]]] = field(default_factory=dict)


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


@functools.lru_cache(maxsize=2048)
def _long_date(day: dt.date, language: str | None) -> str:
    # Keyed by the active language, whose DATE_FORMAT writes the day.
    return escape(formats.date_format(day, "DATE_FORMAT"))


def _moment(when: dt.datetime, format_name: str) -> str:
    """A moment as the template's date filter writes it: in the current time zone."""
    return escape(formats.date_format(timezone.localtime(when), format_name))


# The fields whose labels the rows show, as get_FOO_display() gives them (core.choices).
_CASE_KIND = Case._meta.get_field("kind")
_CASE_STATE = Case._meta.get_field("state")
_DOCUMENT_KIND = Document._meta.get_field("kind")
_INQUIRY_STATE = Inquiry._meta.get_field("state")


def _label(of: Any, value: str) -> str:
    """A choice of the field `of`, labelled as get_FOO_display() gives it: the stored value when
    unknown."""
    return str(field_label(of, value))


def _case_page(rows: Rows, ref: str) -> str:
    return escape(rows.cases_url + quote(ref, safe="/") + "/")


# --- people's names -----------------------------------------------------------------------------


@functools.cache
def _name_attrs(relation: str) -> tuple[str, ...]:
    """The attributes of a row that hold the NAME_FIELDS of the person at `relation`."""
    return tuple(f"{relation}__{n}" for n in Person.NAME_FIELDS)


def _read_forms(
    rows: Rows, found: Iterable[Any], relations: tuple[str, ...], language: str
) -> None:
    """For a Russian page, the name forms of the people of `found` not yet named on it: one
    query for the list (registry.names.name_for_language would read them person by person)."""
    if not language.startswith("ru"):
        return
    missing = {
        pk
        for row in found
        for relation in relations
        if (pk := getattr(row, f"{relation}_id")) is not None and pk not in rows.forms
    }
    if not missing:
        return
    for pk in missing:
        rows.forms[pk] = []
    forms = PersonName.objects.filter(person_id__in=missing).order_by("pk")
    for pk, kind, value in forms.values_list("person_id", "kind", "value"):
        rows.forms[pk].append((kind, value))


def _person(rows: Rows, row: Any, relation: str, language: str) -> str:
    """The name of the person at `relation` of `row`, as name_for_language writes it."""
    fields = [getattr(row, attr) for attr in _name_attrs(relation)]
    registered = display_name_of(*fields)
    if not language.startswith("ru"):
        return registered
    forms = rows.forms.get(getattr(row, f"{relation}_id"), [])
    return russian_name(forms, display_name=registered, known_as=fields[4])


# --- cases --------------------------------------------------------------------------------------


def _case_body(case: Any, rows: Rows, language: str, said: _Words) -> str:
    """A case's title, reference, subject, commission, state and deadline, as reports' case
    rows show them."""
    subject = _person(rows, case, "subject", language)
    name = case_name(case.title, _label(_CASE_KIND, case.kind), subject)
    confidential = (
        f' <span class="tag confidential">{said.confidential}</span>' if case.confidential else ""
    )
    due = ""
    if case.due_on:
        day = _short_date(case.due_on, language)
        late = (
            f' <span class="tag overdue">{said.overdue}</span>' if case.due_on < rows.today else ""
        )
        when = _("due %(day)s") % {"day": day}
        due = f' <span class="dash-due">{when}</span>{late}'
    return (
        f'<a href="{_case_page(rows, case.ref)}">{escape(name)}</a>{confidential}\n'
        f'<div class="muted">{escape(case.ref)} · {escape(subject)} · '
        f"{escape(case.commission_name or '')}</div>\n"
        f'<div><span class="tag state-{escape(case.state)}">'
        f"{escape(_label(_CASE_STATE, case.state))}</span>{due}</div>"
    )


def case_items(cases: list[Any], rows: Rows) -> str:
    """A list of cases: each with its title, reference, subject, commission, state and
    deadline (the rows of reports.queries' case lists)."""
    language = get_language() or ""
    said = _words(language)
    _read_forms(rows, cases, ("subject",), language)
    items = [f"  <li>{_case_body(case, rows, language, said)}</li>" for case in cases]
    return '<ul class="dash-list">\n' + "\n".join(items) + "\n</ul>"


def ready_items(cases: list[Any], rows: Rows) -> str:
    """Cases ready for a hearing, each with the link that schedules it."""
    language = get_language() or ""
    said = _words(language)
    _read_forms(rows, cases, ("subject",), language)
    schedule = escape(_("Schedule a hearing"))
    items = [
        f"\n  <li>\n    {_case_body(case, rows, language, said)}\n"
        f'    <div class="dash-actions"><a href="{_case_page(rows, case.ref)}hearings/new/">'
        f"{schedule}</a></div>\n  </li>\n"
        for case in cases
    ]
    return '\n<ul class="dash-list">\n' + "".join(items) + "\n</ul>\n"


def decision_items(items: list[Any], rows: Rows, *, may_decide: bool) -> str:
    """Cases waiting for their decision (reports.queries.ToSign), each with why the dashboard
    thinks so and what to do: record the decision, or study the file."""
    language = get_language() or ""
    said = _words(language)
    _read_forms(rows, [item.case for item in items], ("subject",), language)
    written = []
    for item in items:
        case = item.case
        page = _case_page(rows, case.ref)
        if item.heard:
            why = _("Its hearing was set for %(day)s; no decision is recorded yet.") % {
                "day": _long_date(case.due_on, language)
            }
        else:
            why = _("A document reports the outcome “%(outcome)s”; record it as the decision.") % {
                "outcome": escape(item.reported)
            }
        if not may_decide:
            label, target = _("Study the file"), page
        elif case.state in (CaseState.READY, CaseState.HEARING):
            label, target = _("Record the decision"), f"{page}decide/"
        else:
            label, target = _("Move the case on to record the decision"), page
        action = f'<a href="{target}">{escape(label)}</a>'
        written.append(
            f"\n  <li>\n    {_case_body(case, rows, language, said)}\n"
            f'    <div class="dash-why">{why}</div>\n'
            f'    <div class="dash-actions">{action}</div>\n  </li>\n'
        )
    return '\n<ul class="dash-list">\n' + "".join(written) + "\n</ul>\n"


def hearing_items(hearings: list[Any], rows: Rows, *, may_record: bool) -> str:
    """Hearings: when and where, the case heard, and for those who schedule them the links that
    record one as held, postpone or cancel it."""
    language = get_language() or ""
    said = _words(language)
    _read_forms(rows, hearings, ("case__subject",), language)
    if may_record:
        held, postpone, cancel = (
            escape(_("Record it as held")),
            escape(_("Postpone")),
            escape(_("Cancel")),
        )
    items = []
    for hearing in hearings:
        when = timezone.localtime(hearing.starts_at)
        place = f" · {escape(hearing.place)}" if hearing.place else ""
        subject = _person(rows, hearing, "case__subject", language)
        name = case_name(hearing.case__title, _label(_CASE_KIND, hearing.case__kind), subject)
        page = _case_page(rows, hearing.case__ref)
        confidential = (
            f' <span class="tag confidential">{said.confidential}</span>'
            if hearing.case__confidential
            else ""
        )
        actions = ""
        if may_record:
            base = f"{page}hearings/{hearing.id}"
            actions = (
                f'\n    <div class="dash-actions"><a href="{base}/held/">{held}</a> · '
                f'<a href="{base}/postpone/">{postpone}</a> · '
                f'<a href="{base}/cancel/">{cancel}</a></div>\n    '
            )
        items.append(
            "\n  <li>\n"
            f'    <span class="dash-when">{escape(formats.date_format(when, "l"))}, '
            f"{escape(formats.date_format(when, 'MONTH_DAY_FORMAT'))}, "
            f"{escape(formats.time_format(when, 'H:i'))}</span>{place}\n"
            f'    <div><a href="{page}">{escape(name)}</a>{confidential}</div>\n'
            f'    <div class="muted">{escape(hearing.case__ref)} · {escape(subject)} · '
            f"{escape(hearing.commission__name)}</div>\n"
            f"    {actions}\n  </li>\n"
        )
    return '<ul class="dash-list">\n' + "".join(items) + "\n</ul>\n"


# --- letters, inquiries and the audit trail -------------------------------------------------


def letter_items(letters: list[Any], rows: Rows) -> str:
    """Letters waiting for a clerk: each with how many things read from it wait, its kind,
    when it was written and when registered."""
    language = get_language() or ""
    review = reverse("intake:review", args=[0])[: -len("0/")]  # the address without the id
    items = []
    for letter in letters:
        pending = _("%(total)s to confirm") % {"total": letter.pending_count}
        written = (
            ", " + _("written %(day)s") % {"day": _long_date(letter.written_on, language)}
            if letter.written_on
            else ""
        )
        registered = _("registered %(when)s") % {
            "when": _moment(letter.registered_at, "SHORT_DATETIME_FORMAT")
        }
        items.append(
            "\n  <li>\n"
            f'    <a href="{review}{letter.id}/">{escape(letter.title)}</a>\n'
            f'    <span class="tag pending">{pending}</span>\n'
            f'    <div class="muted">{escape(capfirst(_label(_DOCUMENT_KIND, letter.kind)))}'
            f"{written} · {registered}</div>\n  </li>\n"
        )
    return '<ul class="dash-list">\n' + "".join(items) + "\n</ul>\n"


def inquiry_items(inquiries: list[Any], rows: Rows) -> str:
    """A list of inquiries: whom they ask about whom, how urgent, when due, their state and
    case, and the start of the question."""
    language = get_language() or ""
    said = _words(language)
    _read_forms(rows, inquiries, ("recipient", "subject"), language)
    detail = reverse("inquiries:detail", args=["-"])[:-2]  # the address without the reference
    items = []
    for inquiry in inquiries:
        asked = _("To %(recipient)s, about %(subject)s") % {
            "recipient": escape(_person(rows, inquiry, "recipient", language)),
            "subject": escape(_person(rows, inquiry, "subject", language)),
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
            f' · <a href="{_case_page(rows, inquiry.case__ref)}">'
            f"{escape(_label(_CASE_KIND, inquiry.case__kind))}</a>"
            if inquiry.case__ref is not None
            else ""
        )
        due = _("Due %(day)s") % {"day": _short_date(inquiry.due_on, language)}
        excerpt = escape(Truncator(inquiry.question).chars(110))
        items.append(
            f'  <li>\n    <a href="{escape(detail + quote(inquiry.ref, safe="/"))}/">{asked}</a>'
            f"{urgent}\n"
            f'    <div class="muted">{due}{late} · '
            f"{escape(_label(_INQUIRY_STATE, inquiry.state))}{case}</div>\n"
            f'    <div class="dash-excerpt">{excerpt}</div>\n'
            "  </li>"
        )
    return '<ul class="dash-list">\n' + "\n".join(items) + "\n</ul>"


def audit_items(
    events: list[tuple[Any, str]],
    rows: Rows,
    *,
    last_seq: int,
    last_hash: str,
    may_verify: bool,
) -> str:
    """The newest audit events (each with its summary), after how many were written, the
    fingerprint of the last, and for those allowed the form that verifies the chain."""
    page = reverse("audit:event", args=[0])[: -len("0/")]  # the address without the number
    head = ngettext(
        "%(counter)s event written; the last has the fingerprint",
        "%(counter)s events written; the last has the fingerprint",
        last_seq,
    ) % {"counter": last_seq}
    verify = ""
    if may_verify:
        button = _("Verify the chain")
        checks = _("Checks that no event was edited, deleted or reordered.")
        verify = (
            f'\n<form method="post" action="{escape(reverse("audit:verify"))}" '
            f'class="dash-verify">{rows.csrf_input()}\n'
            f'  <button type="submit">{escape(button)}</button>\n'
            f'  <span class="muted">{escape(checks)}</span>\n'
            "</form>\n"
        )
    event_label = _("Event %(seq)s")
    items = [
        "\n  <li>\n"
        f'    <a href="{page}{event.seq}/">{event_label % {"seq": event.seq}}</a> · '
        f'{escape(event.action_label)} <code class="hint">{escape(event.action)}</code>\n'
        f'    <div class="muted">{_moment(event.occurred_at, "SHORT_DATETIME_FORMAT")} · '
        f"{escape(event.actor_name)}</div>\n"
        f'    <div class="dash-excerpt">{escape(Truncator(summary).chars(140))}</div>\n'
        "  </li>\n"
        for event, summary in events
    ]
    return (
        f'<p>{head} <code class="hash">{escape(last_hash[:16])}…</code>.</p>\n'
        f"{verify}\n"
        '<ul class="dash-list">\n' + "".join(items) + "\n</ul>\n"
    )


def own_items(own: list[Any], rows: Rows) -> str:
    """The user's own cases (reports.queries.OwnCase): each with its state and what its
    subject waits for: the file, the hearing, the decision, the time to appeal."""
    language = get_language() or ""
    _read_forms(rows, [mine.case for mine in own], ("subject",), language)
    items = []
    for mine in own:
        case = mine.case
        page = _case_page(rows, case.ref)
        subject = _person(rows, case, "subject", language)
        name = case_name(case.title, _label(_CASE_KIND, case.kind), subject)
        state = case.state
        before = _("before %(commission)s") % {"commission": escape(case.commission__name)}
        file = ""
        if state in (CaseState.OPEN, CaseState.GATHERING, CaseState.READY):
            if case.due_on:
                by = (
                    _("Your file is complete; the commission should hear your case by %(day)s.")
                    if state == CaseState.READY
                    else _("The commission means to complete your file by %(day)s.")
                )
                file = f"<li>{by % {'day': _long_date(case.due_on, language)}}</li>"
            file += "\n      "
        hearing = ""
        if mine.next_hearing_at:
            place = f", {escape(mine.next_hearing_place)}" if mine.next_hearing_place else ""
            when = _("Your hearing: %(weekday)s, %(when)s") % {
                "weekday": _moment(mine.next_hearing_at, "l"),
                "when": _moment(mine.next_hearing_at, "DATETIME_FORMAT"),
            }
            hearing = f"<li>{when}{place}.</li>"
        decision = ""
        if mine.decision_label:
            label = escape(mine.decision_label)
            decided = (
                _("Decision of %(day)s: %(label)s.")
                % {"day": _long_date(mine.decision_on, language), "label": label}
                if mine.decision_on
                else _("Decision: %(label)s.") % {"label": label}
            )
            decision = f"<li>{decided}</li>"
        after = ""
        parent = escape(case.commission__parent__name or "")
        deadline = mine.appeal_deadline
        if state == CaseState.DECIDED and case.commission__parent_id:
            if not deadline or deadline >= rows.today:
                may = (
                    _("You may appeal to %(commission)s until %(day)s.")
                    % {"commission": parent, "day": _long_date(deadline, language)}
                    if deadline
                    else _("You may appeal to %(commission)s.") % {"commission": parent}
                )
                appeal = _("File an appeal")
                line = f'{may} <a href="{page}appeal/">{escape(appeal)}</a>'
            else:
                line = _("The time to appeal ended on %(day)s.") % {
                    "day": _long_date(deadline, language)
                }
            after = f"\n        \n        <li>{line}</li>\n        \n      "
        elif state == CaseState.APPEALED:
            appealed = (
                _("You have appealed; %(commission)s will hear the appeal.")
                % {"commission": parent}
                if case.commission__parent_id
                else escape(_("You have appealed; the commission above will hear the appeal."))
            )
            after = f"<li>{appealed}</li>\n      "
        elif state in (CaseState.CLOSED, CaseState.WITHDRAWN):
            closed = _("This case is %(state)s.") % {"state": escape(_label(_CASE_STATE, state))}
            after = f"<li>{closed}</li>\n      "
        items.append(
            "\n  <li>\n"
            f'    <a href="{page}">{escape(name)}</a> <span class="tag state-{escape(state)}">'
            f"{escape(_label(_CASE_STATE, state))}</span>\n"
            f'    <div class="muted">{escape(case.ref)} · {before}</div>\n'
            '    <ul class="dash-deadlines">\n'
            f"      {file}\n      {hearing}\n      {decision}\n      {after}\n"
            "    </ul>\n  </li>\n"
        )
    return '<ul class="dash-list">\n' + "".join(items) + "\n</ul>\n"
