"""The case dossier: everything on file for one case, as it stood at the end of a chosen day, set
as a PDF with a table of contents and page numbers (reportlab, in the fonts of the outcome
letters, which carry Cyrillic), in the reader's language.

What a reader sees in it is what the case page would show her: the case only if she may see it
(a confidential one's reading is logged, as on the page), contact details only for roles allowed
personal data (and their showing logged, as on the person page), the audit trail only for
readers of it. Making a dossier is itself an audited event.

The day applies to the records the case holds by the installation's calendar (filings,
testimony, inquiries, hearings, decisions, moves between states). The audit trail keeps the
real time of writing: on the real calendar it is cut at the same day; on a story calendar
(a demonstration) it is shown up to the moment the dossier is made, and the dossier says so."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame
from reportlab.platypus.tableofcontents import TableOfContents

from commission.audit.models import AuditEvent
from commission.audit.queries import summary_for
from commission.audit.services import record_event
from commission.cases import letter_pdf
from commission.cases.models import Case, Decision, Hearing, Testimony
from commission.cases.queries import Filing, can_see_case, case_file
from commission.cases.services import record_confidential_read
from commission.core import clock
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.dates import long_date, long_datetime
from commission.core.errors import NotFound
from commission.core.roles import can
from commission.documents.models import Document, DocumentCopy
from commission.inquiries.models import Inquiry
from commission.inquiries.queries import visible_inquiries
from commission.registry.names import name_for_language
from commission.registry.queries import person_detail
from commission.registry.services import record_contacts_shown

PERSONAL = "registry.view_personal_data"
READ_AUDIT = "audit.view_auditevent"
READ_LETTERS = "documents.view_document"


@dataclass
class Dossier:
    """What goes into the PDF, read under the reader's permissions."""

    case: Case
    day: dt.date | None
    made_at: dt.datetime
    made_by: str
    language: str
    subject: Any  # registry.queries.PersonDetail
    filings: list[Filing] = field(default_factory=list)
    texts: dict[int, str] = field(default_factory=dict)  # of the filed documents, by id
    copies: dict[int, list[DocumentCopy]] = field(default_factory=dict)  # the same
    testimonies: list[Testimony] = field(default_factory=list)
    inquiries: list[Inquiry] = field(default_factory=list)
    hearings: list[Hearing] = field(default_factory=list)
    decisions: list[Any] = field(default_factory=list)  # cases.queries.DecisionView
    transitions: list[Any] = field(default_factory=list)
    events: list[AuditEvent] | None = None  # None: the reader may not read the audit trail
    personal: bool = False
    letters: bool = False  # whether the reader may read letters (else no document is listed)
    story_calendar: bool = False


def _until(moment: dt.datetime | None, day: dt.date | None) -> bool:
    """Whether a record of `moment` was on file at the end of `day` (always, without a day)."""
    if day is None or moment is None:
        return True
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return local.date() <= day


def gather(*, actor: Actor, ref: str, day: dt.date | None = None, language: str = "") -> Dossier:
    """Read the case `ref` as `actor` may see it, as it stood at the end of `day`.

    Side effects: the confidential read and the contact details shown are logged, as the pages
    log them. Errors: NotFound when there is no such case or the actor may not see it."""
    case = Case.objects.select_related("subject", "commission").filter(ref=ref).first()
    if case is None or not can_see_case(actor, case):
        raise NotFound(_("There is no case %(ref)s that you may see.") % {"ref": ref})
    record_confidential_read(actor=actor, case=case)
    file = case_file(case_id=case.pk)
    subject = person_detail(person_id=case.subject_id, viewer=actor)
    record_contacts_shown(
        actor=actor,
        person=subject.person,
        contacts=subject.contacts,
        where=f"in the dossier of case {case.ref}",
    )
    letters = can(actor, READ_LETTERS)
    inquiries = list(
        visible_inquiries(actor)
        .filter(case=case)
        .select_related("recipient", "subject", "answer_document")
        .order_by("created_at", "pk")
    )
    story = not clock.calendar().is_real
    events: list[AuditEvent] | None = None
    if can(actor, READ_AUDIT):
        rows = AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk))
        events = [e for e in rows.order_by("seq") if story or _until(e.occurred_at, day)]
    filings = [f for f in file.filings if letters and _until(f.filed_at, day)]
    filed = [f.document_id for f in filings]
    copies: dict[int, list[DocumentCopy]] = {pk: [] for pk in filed}
    for copy in DocumentCopy.objects.filter(document_id__in=filed).order_by("pk"):
        copies[copy.document_id].append(copy)
    return Dossier(
        case=case,
        day=day,
        made_at=timezone.now(),
        made_by=actor.get_username() or "system",
        language=language or translation.get_language() or "en",
        subject=subject,
        filings=filings,
        texts=dict(Document.objects.filter(pk__in=filed).values_list("pk", "text")),
        copies=copies,
        testimonies=[t for t in file.testimonies if _until(t.recorded_at, day)],
        inquiries=[i for i in inquiries if _until(i.created_at, day)],
        hearings=[h for h in file.hearings if _until(h.starts_at, day)],
        decisions=[
            d
            for d in file.decisions
            if day is None or (d.decision.decided_on or clock.today()) <= day
        ],
        transitions=[t for t in file.transitions if _until(t.at, day)],
        events=events,
        personal=subject.contacts is not None,
        letters=letters,
        story_calendar=story,
    )


def make_dossier(
    *, actor: Actor, ref: str, day: dt.date | None = None, language: str = ""
) -> bytes:
    """The dossier of case `ref` as a PDF, in `language` (the active one if empty).

    Side effects: an audit event `case.dossier` on the case, and the reads `gather` logs.
    Errors: NotFound."""
    with translation.override(language or translation.get_language()):
        dossier = gather(actor=actor, ref=ref, day=day, language=language)
        pdf = render(dossier)
    with transaction.atomic():
        record_event(
            actor=actor,
            action=AuditAction.CASE_DOSSIER,
            target=dossier.case,
            summary=(
                f"Made the dossier of case {dossier.case.ref}"
                + (f" as it stood on {day.isoformat()}" if day else "")
                + f" ({len(pdf):,} bytes, in {dossier.language})."
            ),
            after={"day": day.isoformat() if day else None, "language": dossier.language},
        )
    return pdf


# -- Setting it as a PDF ---------------------------------------------------------------------

_BODY = ParagraphStyle("body", fontName="LetterSerif", fontSize=10, leading=13)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=8.5, leading=11)
_TITLE = ParagraphStyle("title", parent=_BODY, fontName="LetterSerif-Bold", fontSize=18, leading=22)
_H1 = ParagraphStyle(
    "h1", parent=_BODY, fontName="LetterSerif-Bold", fontSize=13, leading=16, spaceBefore=8,
    spaceAfter=4,
)  # fmt: skip
_H2 = ParagraphStyle(
    "h2", parent=_BODY, fontName="LetterSerif-Bold", fontSize=10.5, leading=13, spaceBefore=6,
    spaceAfter=2,
)  # fmt: skip
_TOC = [
    ParagraphStyle("toc1", parent=_BODY, fontSize=10.5, leading=15, leftIndent=6 * mm),
]
_GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "LetterSerif", 8.5),
        ("FONT", (0, 0), (-1, 0), "LetterSerif-Bold", 8.5),
        ("GRID", (0, 0), (-1, -1), 0.3, "#888888"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
    ]
)


class _Heading(Paragraph):
    """A section heading, listed in the table of contents."""


class _DossierTemplate(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, *, footer: str, title: str) -> None:
        super().__init__(
            buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
            bottomMargin=20 * mm, title=title, author="Commission",
        )  # fmt: skip
        self.footer = footer
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page)])

    def _page(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("LetterSerif", 8)
        number = _("Page %(page)s") % {"page": canvas.getPageNumber()}
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, number)
        # The footer wraps short of the page number: a long case title in Russian would run
        # into it.
        room = self.width - canvas.stringWidth(number, "LetterSerif", 8) - 6 * mm
        lines = simpleSplit(self.footer, "LetterSerif", 8, room)
        for n, line in enumerate(reversed(lines[:2])):
            canvas.drawString(20 * mm, 10 * mm + n * 3.5 * mm, line)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))


def _p(text: Any, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(header: list[str], rows: Iterable[list[Any]], widths: list[float]) -> Table | Paragraph:
    body = [[_p(c, _SMALL) for c in row] for row in rows]
    if not body:
        return _p(_("None."), _SMALL)
    table = Table([[_p(h, _SMALL) for h in header], *body], colWidths=widths, repeatRows=1)
    table.setStyle(_GRID)
    return table


def _day(value: dt.date | dt.datetime | None) -> str:
    return long_date(value) if value else _("day unknown")


def render(d: Dossier) -> bytes:
    """The PDF of a gathered dossier, in the active language."""
    letter_pdf.ensure_fonts()
    language = translation.get_language() or "en"
    case = d.case
    subject = d.subject.person
    name = name_for_language(subject, language)
    title = _("Case dossier")
    label = case.label[:1].upper() + case.label[1:]
    moment = (
        _("as it stood at the end of %(day)s") % {"day": long_date(d.day)}
        if d.day
        else _("as it stands today, %(day)s") % {"day": long_date(clock.today())}
    )
    footer = f"{label} ({case.ref}) · {moment}"
    out: list[Flowable] = [
        _p(title, _TITLE),
        Spacer(0, 2 * mm),
        _p(label, _H1),
        Spacer(0, 2 * mm),
        _p(moment),
        _p(
            _("Made by %(user)s.") % {"user": d.made_by}
            if d.story_calendar
            else _("Made by %(user)s on %(when)s.")
            % {"user": d.made_by, "when": long_datetime(d.made_at)},
            _SMALL,
        ),
        Spacer(0, 6 * mm),
        _p(_("Contents"), _H1),
    ]
    toc = TableOfContents()
    toc.levelStyles = _TOC
    out += [toc, PageBreak()]

    out.append(_Heading(escape(_("1. The subject: %(name)s") % {"name": name}), _H1))
    person = [
        [_("Reference"), subject.ref],
        [_("Born"), _day(subject.born_on) if subject.born_on else _("not recorded")],
    ]
    if d.personal:
        contacts = d.subject.contacts or []
        person.append(
            [
                _("Contact details"),
                "; ".join(f"{c.get_kind_display()}: {c.value}" for c in contacts)
                or _("none recorded"),
            ]
        )
    else:
        person.append(
            [_("Contact details"), _("hidden: personal data is shown only to roles allowed it")]
        )
    out.append(_table([_("Fact"), _("Value")], person, [45 * mm, 125 * mm]))
    out.append(_p(_("Membership history"), _H2))
    for membership in d.subject.memberships:
        out.append(
            _p(
                f"{membership.organisation}"
                + (f", {membership.unit}" if membership.unit else "")
                + f" — {membership.get_status_display()}",
                _BODY,
            )
        )
        out.append(
            _table(
                [_("Date"), _("Change"), _("Reason")],
                (
                    [_day(s.effective_on), s.get_to_status_display(), s.reason]
                    for s in membership.history.all()
                ),
                [32 * mm, 38 * mm, 100 * mm],
            )
        )

    out.append(_Heading(escape(_("2. The case")), _H1))
    facts = [
        [_("Reference"), case.ref],
        [_("Kind"), case.get_kind_display()],
        [_("Commission"), str(case.commission)],
        [_("Opened"), _day(case.opened_on)],
        [_("State now"), case.get_state_display()],
        [_("Confidential"), _("yes") if case.confidential else _("no")],
    ]
    if case.appeals_id:
        facts.append([_("Appeal against"), case.appeals.label if case.appeals else ""])
    out.append(_table([_("Fact"), _("Value")], facts, [45 * mm, 125 * mm]))
    out.append(_p(_("Moves between states"), _H2))
    out.append(
        _table(
            [
                _("When"),
                pgettext("change of state", "From"),
                pgettext("change of state", "To"),
                _("Reason"),
            ],
            (
                [_day(t.at), t.get_from_state_display(), t.get_to_state_display(), t.reason]
                for t in d.transitions
            ),
            [32 * mm, 30 * mm, 30 * mm, 78 * mm],
        )
    )

    out.append(_Heading(escape(_("3. Documents on file")), _H1))
    if not d.letters:
        out.append(_p(_("Documents are shown only to roles allowed to read letters."), _SMALL))
    elif not d.filings:
        out.append(_p(_("None."), _SMALL))
    for filing in d.filings:
        document = filing.document
        out.append(
            _p(
                f"{document.title} — {filing.get_role_display()}, "
                + _("filed %(day)s") % {"day": _day(filing.filed_at)},
                _H2,
            )
        )
        copies = d.copies.get(document.pk, [])
        out.append(
            _table(
                [_("Copy"), _("Came by"), _("Source"), _("Received")],
                (
                    [
                        str(i),
                        c.get_channel_display(),
                        c.source_name or c.file_name or c.source_url or "—",
                        _day(c.received_at),
                    ]
                    for i, c in enumerate(copies, 1)
                ),
                [14 * mm, 30 * mm, 90 * mm, 36 * mm],
            )
        )
        text = d.texts.get(document.pk, "")
        if text:
            out.append(Spacer(0, 2 * mm))
            out.append(_p(text[:4000], _SMALL))

    out.append(_Heading(escape(_("4. Testimony")), _H1))
    out.append(
        _table(
            [_("Witness"), _("Stance"), _("Basis"), _("Recorded")],
            (
                [
                    name_for_language(t.witness, language),
                    t.get_stance_display(),
                    t.get_basis_display(),
                    _day(t.recorded_at),
                ]
                for t in d.testimonies
            ),
            [55 * mm, 30 * mm, 55 * mm, 30 * mm],
        )
    )

    out.append(_Heading(escape(_("5. Inquiries and answers")), _H1))
    for inquiry in d.inquiries:
        out.append(
            _p(
                _("To %(whom)s, about %(about)s — %(state)s")
                % {
                    "whom": name_for_language(inquiry.recipient, language),
                    "about": name_for_language(inquiry.subject, language),
                    "state": inquiry.get_state_display(),
                },
                _H2,
            )
        )
        out.append(_p(inquiry.question, _SMALL))
        if inquiry.answer_document is not None:
            answered = _("Answered %(day)s: %(letter)s") % {
                "day": _day(inquiry.answered_at),
                "letter": inquiry.answer_document.title,
            }
        elif inquiry.withdrawn_reason:
            answered = _("Withdrawn: %(reason)s") % {"reason": inquiry.withdrawn_reason}
        else:
            answered = _("Due %(day)s; not answered.") % {"day": _day(inquiry.due_on)}
        out.append(_p(answered, _SMALL))
    if not d.inquiries:
        out.append(_p(_("None."), _SMALL))

    out.append(_Heading(escape(_("6. Hearings")), _H1))
    out.append(
        _table(
            [_("When"), _("Where"), _("State"), _("Minutes")],
            (
                [long_datetime(h.starts_at), h.place, h.get_state_display(), h.minutes]
                for h in d.hearings
            ),
            [36 * mm, 40 * mm, 26 * mm, 68 * mm],
        )
    )

    out.append(_Heading(escape(_("7. Decisions")), _H1))
    for view in d.decisions:
        decision: Decision = view.decision
        out.append(
            _p(
                f"{decision.get_outcome_display().capitalize()} — {_day(decision.decided_on)}",
                _H2,
            )
        )
        out.append(_p(_("Grounds: %(grounds)s") % {"grounds": ", ".join(view.grounds) or "—"}))
        out.append(_p(decision.reasons, _SMALL))
        out.append(
            _table(
                [_("Commissioner"), _("Vote")],
                (
                    [name_for_language(v.commissioner, language), v.get_choice_display()]
                    for v in view.votes
                ),
                [110 * mm, 60 * mm],
            )
        )
    if not d.decisions:
        out.append(_p(_("None."), _SMALL))

    out.append(_Heading(escape(_("8. The audit trail of the case")), _H1))
    if d.events is None:
        out.append(_p(_("The audit trail is shown only to roles allowed to read it."), _SMALL))
    else:
        if d.story_calendar:
            out.append(
                _p(
                    _(
                        "The installation runs on a story's calendar, while the audit trail "
                        "keeps the real time of writing: it is shown up to the moment the "
                        "dossier was made."
                    ),
                    _SMALL,
                )
            )
        out.append(
            _table(
                [_("Event"), _("When written"), _("By"), _("What")],
                (
                    [
                        str(e.seq),
                        long_datetime(e.occurred_at),
                        e.actor_name,
                        summary_for(e, personal_data=d.personal),
                    ]
                    for e in d.events
                ),
                [14 * mm, 36 * mm, 24 * mm, 96 * mm],
            )
        )

    buffer = io.BytesIO()
    _DossierTemplate(buffer, footer=footer, title=title).multiBuild(out)
    return buffer.getvalue()
