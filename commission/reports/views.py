"""The dashboard: for each of the user's roles, the work waiting for them, each list a few rows
long with a link to the page where the whole list is and the work is done."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from commission.audit.queries import summary_for
from commission.cases import rules
from commission.core import clock
from commission.core.actors import Viewer
from commission.core.roles import Role, can
from commission.reports import queries, rows


@dataclass
class Link:
    label: str
    url: str


@dataclass
class Section:
    """One panel of the dashboard. `write` writes its rows (reports.rows); `empty` is the
    sentence shown when there are none, followed by `empty_link`, the page where such work
    starts."""

    key: str
    title: str
    listing: queries.Listing[Any] | None
    empty: str
    write: Callable[[list[Any], rows.Rows], str] | None = None
    html: str = ""  # the rows as `write` wrote them
    empty_link: Link | None = None
    see_all: list[Link] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    notice: str = ""  # shown instead of the rows when the section cannot be worked out


def _url(name: str, *args: Any, **params: str) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(params)}" if params else url


def _cases_url(seats: queries.Seats | None, **params: str) -> str:
    """The case list, narrowed to the commission when the user sits on exactly one."""
    if seats is not None and len(seats.commissions) == 1:
        params = {"commission": seats.commissions[0].ref, **params}
    return _url("cases:list", **params)


def _clerk_sections(user: Viewer, today: dt.date) -> list[Section]:
    sections = []
    if can(user, "intake.review_proposals"):
        may_upload = can(user, "documents.register_document")
        sections.append(
            Section(
                key="letters",
                title=_("Letters waiting for confirmation"),
                write=rows.letter_items,
                listing=queries.letters_waiting(user=user),
                empty=_("No letters wait for confirmation."),
                empty_link=Link(_("Upload letters on the Letters page."), reverse("intake:upload"))
                if may_upload
                else Link(_("See the letters on the Letters page."), reverse("intake:list")),
                see_all=[Link(_("All letters waiting"), _url("intake:list", state="waiting"))],
            )
        )
    if can(user, "inquiries.view_inquiry"):
        may_ask = can(user, "inquiries.send_inquiry")
        ask = (
            Link(_("Ask a question on the Inquiries page."), reverse("inquiries:ask"))
            if may_ask
            else Link(_("See every inquiry on the Inquiries page."), reverse("inquiries:board"))
        )
        sections.append(
            Section(
                key="inquiries_overdue",
                title=_("Inquiries overdue"),
                write=rows.inquiry_items,
                listing=queries.inquiries_overdue(user=user, today=today),
                empty=_("No inquiry is past its due date."),
                empty_link=ask,
                see_all=[Link(_("All overdue inquiries"), _url("inquiries:board", view="overdue"))],
            )
        )
        sections.append(
            Section(
                key="inquiries_due",
                title=_("Inquiries due this week"),
                write=rows.inquiry_items,
                listing=queries.inquiries_due_soon(user=user, today=today),
                empty=_("No open inquiry falls due in the next seven days."),
                empty_link=Link(
                    _("See every inquiry on the Inquiries page."), reverse("inquiries:board")
                ),
                see_all=[
                    Link(_("All inquiries due this week"), _url("inquiries:board", view="week"))
                ],
            )
        )
    if can(user, "cases.manage_case"):
        sections.append(
            Section(
                key="cases_gathering",
                title=_("Cases waiting for their file"),
                write=rows.case_items,
                listing=queries.cases_gathering(user=user),
                empty=_("No case is waiting for its file to be completed."),
                empty_link=Link(_("Open a case on the Cases page."), reverse("cases:open"))
                if can(user, "cases.open_case")
                else Link(_("See every case on the Cases page."), reverse("cases:list")),
                see_all=[
                    Link(_("Open cases"), _url("cases:list", state="open")),
                    Link(_("Gathering material"), _url("cases:list", state="gathering")),
                    Link(_("Overdue cases"), _url("cases:list", overdue="on")),
                ],
            )
        )
    return sections


def _hearings(user: Viewer, ids: list[int] | None, seats: queries.Seats | None) -> Section:
    return Section(
        key="hearings",
        title=_("Hearings this week"),
        write=functools.partial(rows.hearing_items, may_record=can(user, "cases.schedule_hearing")),
        listing=queries.hearings_this_week(user=user, commission_ids=ids),
        empty=_("No hearing is scheduled for today or the next seven days."),
        empty_link=Link(
            _("Cases ready for a hearing are on the Cases page."),
            _cases_url(seats, state="ready"),
        ),
        see_all=[Link(_("Cases with a hearing scheduled"), _cases_url(seats, state="hearing"))],
    )


def _decisions(
    user: Viewer, ids: list[int] | None, seats: queries.Seats | None, today: dt.date
) -> Section:
    may_decide = rules.may_decide(user)
    return Section(
        key="decisions",
        title=_("Decisions to sign") if may_decide else _("Cases waiting for a decision"),
        write=functools.partial(rows.decision_items, may_decide=may_decide),
        listing=queries.decisions_to_sign(user=user, commission_ids=ids, today=today),
        empty=_("No case is waiting for a decision."),
        empty_link=Link(
            _("Cases with a hearing scheduled are on the Cases page."),
            _cases_url(seats, state="hearing"),
        ),
        see_all=[Link(_("Cases with a hearing scheduled"), _cases_url(seats, state="hearing"))],
    )


def _cases_before(user: Viewer, ids: list[int] | None, seats: queries.Seats | None) -> Section:
    yours = seats is not None and bool(seats.commissions)
    return Section(
        key="cases_before",
        title=_("Cases before your commissions") if yours else _("Cases before the commissions"),
        write=rows.case_items,
        listing=queries.cases_before(user=user, commission_ids=ids),
        empty=_("No case is before your commissions at present.")
        if yours
        else _("No case is before the commissions at present."),
        empty_link=Link(_("See every case on the Cases page."), _cases_url(seats)),
        see_all=[Link(_("All their cases") if seats else _("All cases"), _cases_url(seats))],
    )


def _no_seat_notice(seats: queries.Seats) -> str:
    if not seats.linked:
        return _(
            "Your login is not linked to a person in the registry, so the dashboard cannot tell "
            "which commissions you sit on. Ask the commission's secretary to link it."
        )
    return _(
        "You do not sit on any commission at present. Ask the commission's secretary to record "
        "your seat."
    )


# A section not built yet: its key, and how to build it. Commissioners and chairs share
# sections; one built for the first role is not built again for the second.
Planned = tuple[str, Callable[[], Section]]


def _commissioner_sections(user: Viewer, seats: queries.Seats, today: dt.date) -> list[Planned]:
    if not can(user, "cases.view_case"):
        return []
    if not seats.commissions:
        notice = Section(
            key="seats",
            title=_("Your commissions"),
            write=rows.case_items,
            listing=None,
            empty="",
            notice=_no_seat_notice(seats),
            see_all=[Link(_("All cases"), reverse("cases:list"))],
        )
        return [("seats", lambda: notice)]
    ids = seats.ids
    return [
        ("cases_before", lambda: _cases_before(user, ids, seats)),
        ("hearings", lambda: _hearings(user, ids, seats)),
        ("decisions", lambda: _decisions(user, ids, seats, today)),
    ]


def _ready(user: Viewer, ids: list[int] | None, scope: queries.Seats | None) -> Section:
    return Section(
        key="ready",
        title=_("Cases ready for a hearing"),
        write=rows.ready_items,
        listing=queries.cases_ready_for_hearing(user=user, commission_ids=ids),
        empty=_("No case is waiting for a hearing date."),
        empty_link=Link(
            _("Cases whose file is being gathered are on the Cases page."),
            _cases_url(scope, state="gathering"),
        ),
        see_all=[Link(_("All cases ready for a hearing"), _cases_url(scope, state="ready"))],
    )


def _chair_sections(user: Viewer, seats: queries.Seats, today: dt.date) -> list[Planned]:
    if not can(user, "cases.schedule_hearing"):
        return []
    # A chair who sits on commissions sees their work; one whose login belongs to nobody in
    # the registry (the secretariat's chair account) sees every commission's.
    scope = seats if seats.commissions else None
    ids = seats.ids if seats.commissions else None
    return [
        ("cases_before", lambda: _cases_before(user, ids, scope)),
        ("ready", lambda: _ready(user, ids, scope)),
        ("hearings", lambda: _hearings(user, ids, scope)),
        ("decisions", lambda: _decisions(user, ids, scope, today)),
    ]


def _auditor_sections(user: Viewer) -> list[Section]:
    if not can(user, "audit.view_auditevent"):
        return []
    overview = queries.audit_overview()
    personal = can(user, "registry.view_personal_data")
    head = overview.head
    written = head.last_seq if head is not None else 0
    events = [(e, summary_for(e, personal_data=personal)) for e in overview.recent]
    return [
        Section(
            key="audit",
            title=_("Recent audit events"),
            write=functools.partial(
                rows.audit_items,
                last_seq=written,
                last_hash=head.last_hash if head is not None else "",
                may_verify=can(user, "audit.verify_audit_chain"),
            ),
            listing=queries.Listing(events, written),
            empty=_("No event has been recorded yet."),
            empty_link=Link(_("The audit trail is on the Audit page."), reverse("audit:events")),
            see_all=[Link(_("The whole audit trail"), reverse("audit:events"))],
        )
    ]


def _member_sections(user: Viewer) -> list[Section]:
    return [
        Section(
            key="own",
            title=_("Your cases"),
            write=rows.own_items,
            listing=queries.own_cases(user=user),
            empty=_("You have no case before the commission."),
            empty_link=Link(
                _(
                    "If you have written to the commission, the secretary will open one; "
                    "your cases will be listed on the Cases page."
                ),
                reverse("cases:list"),
            ),
        )
    ]


def _already(section: Section) -> Callable[[], Section]:
    return lambda: section


def build_dashboard(user: Viewer, *, today: dt.date) -> tuple[list[str], list[Section]]:
    """The user's roles and their sections, each once even when two roles share it."""
    roles = queries.roles_of(user)
    seats = None
    if Role.COMMISSIONER in roles or Role.CHAIR in roles:
        seats = queries.seats_of(user, today=today)
    sections: dict[str, Section] = {}

    def add(role: str, planned: list[Planned]) -> None:
        for key, build in planned:
            if key not in sections:
                sections[key] = build()
            sections[key].roles.append(role)

    def built(found: list[Section]) -> list[Planned]:
        return [(section.key, _already(section)) for section in found]

    for role in roles:
        if role == Role.CLERK:
            add(role, built(_clerk_sections(user, today)))
        elif role == Role.COMMISSIONER and seats is not None:
            add(role, _commissioner_sections(user, seats, today))
        elif role == Role.CHAIR and seats is not None:
            add(role, _chair_sections(user, seats, today))
        elif role == Role.AUDITOR:
            add(role, built(_auditor_sections(user)))
        elif role == Role.MEMBER:
            add(role, built(_member_sections(user)))
    if not roles:
        add("", built(_member_sections(user)))
    return roles, list(sections.values())


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    roles, sections = build_dashboard(request.user, today=today)
    # Rows link to cases as this address plus the case reference: one reverse() a page.
    cases_url = reverse("cases:list")
    shared = rows.Rows(
        cases_url=cases_url, today=today, csrf_input=functools.partial(csrf_input, request)
    )
    for section in sections:
        if section.write is not None and section.listing is not None and section.listing.rows:
            section.html = mark_safe(section.write(section.listing.rows, shared))  # noqa: S308  (escaped in reports.rows)
    return render(
        request,
        "reports/dashboard.html",
        {
            "roles": roles,
            "sections": sections,
            "several_roles": len(roles) > 1,
            "today": today,
            "cases_url": cases_url,
            "nav": "dashboard",
        },
    )
