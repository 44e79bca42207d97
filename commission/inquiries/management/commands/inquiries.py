"""`commission inquiries list|ask|answer|withdraw`: the commission's questions to witnesses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.cases.enums import KnowledgeBasis, Stance
from commission.cases.models import Case, DocumentNote
from commission.cases.queries import can_see_case, visible_cases
from commission.core import clock
from commission.core.actors import Actor
from commission.core.errors import CommissionError
from commission.core.roles import require
from commission.documents.models import Document
from commission.inquiries import services
from commission.inquiries.enums import InquiryState, Urgency
from commission.inquiries.models import Inquiry
from commission.inquiries.queries import (
    inquiries_a_reply_may_answer,
    inquiry_list,
    visible_inquiries,
)
from commission.registry.models import Person


def parse_date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("%(option)s: '%(value)s' is not a date; give it as YYYY-MM-DD, e.g. 1921-12-27.")
            % {"option": option, "value": value}
        ) from None


def describe(inquiry: Inquiry) -> str:
    urgent = " urgent," if inquiry.urgency == Urgency.URGENT else ""
    case = f" [case {inquiry.case.ref}]" if inquiry.case is not None else ""
    return (
        f"{inquiry.ref}  {InquiryState(inquiry.state).label},{urgent} due "
        f"{inquiry.due_on:%d %B %Y}: to {inquiry.recipient.display_name} about "
        f"{inquiry.subject.display_name}{case}"
    )


class Command(BaseCommand):
    help = "List, ask, answer and withdraw the commission's inquiries."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)

        listing = sub.add_parser("list", help="Inquiries, soonest due first.")
        listing.add_argument("--state", choices=InquiryState.values)
        listing.add_argument("--case", help="Reference of the case.")
        listing.add_argument("--overdue", action="store_true", help="Only those past due.")

        ask = sub.add_parser("ask", help="Ask someone about a subject.")
        ask.add_argument("--subject", required=True, help="Reference of the subject.")
        ask.add_argument("--recipient", required=True, help="Reference of who is asked.")
        ask.add_argument("--question", required=True)
        ask.add_argument("--due", required=True, help="The date the answer is due, YYYY-MM-DD.")
        ask.add_argument("--urgent", action="store_true")
        ask.add_argument("--case", help="Reference of the case it is asked for.")

        from_note = sub.add_parser(
            "from-note", help="Send the inquiry a note on a document asks for, in its words."
        )
        from_note.add_argument("note", type=int, help="The note's id (commission case notes).")
        from_note.add_argument("--recipient", required=True, help="Reference of who is asked.")
        from_note.add_argument("--due", required=True, help="The date the answer is due.")
        from_note.add_argument("--urgent", action="store_true")

        answer = sub.add_parser("answer", help="Record the reply to an inquiry.")
        answer.add_argument(
            "ref",
            nargs="?",
            help="Reference of the inquiry; without it, the one open inquiry the reply's author "
            "was asked about someone the reply names.",
        )
        answer.add_argument("--reply", required=True, type=int, help="Id of the reply document.")
        answer.add_argument("--stance", required=True, choices=Stance.values)
        answer.add_argument("--basis", required=True, choices=KnowledgeBasis.values)
        answer.add_argument("--summary", default="")
        answer.add_argument("--period", default="", help="How long the witness knew the subject.")

        withdraw = sub.add_parser("withdraw", help="Withdraw an open inquiry.")
        withdraw.add_argument("ref", help="Reference of the inquiry.")
        withdraw.add_argument("--reason", required=True)

        for each in (listing, ask, from_note, answer, withdraw):
            each.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = command_line_actor(options.get("as_user"), command="inquiries")
            getattr(self, f"_{options['action'].replace('-', '_')}")(actor, options)
        except CommissionError as error:
            raise CommandError(error.message) from None

    def _list(self, actor: Actor, options: dict[str, Any]) -> None:
        require(actor, "inquiries.view_inquiry", "read the commission's inquiries")
        rows = inquiry_list(
            user=actor,
            today=clock.today(),
            state=options.get("state"),
            case=options.get("case"),
            overdue=options["overdue"],
        )
        count = 0
        for inquiry in rows.iterator(chunk_size=500):
            self.stdout.write(describe(inquiry))
            count += 1
        self.stdout.write(
            "No inquiries match." if not count else f"{count} inquir{'y' if count == 1 else 'ies'}."
        )

    def _ask(self, actor: Actor, options: dict[str, Any]) -> None:
        due_on = parse_date(options["due"], "--due")
        inquiry = services.ask(
            actor=actor,
            subject=self._person(options["subject"]),
            recipient=self._person(options["recipient"]),
            question=options["question"],
            due_on=due_on,
            urgency=Urgency.URGENT if options["urgent"] else Urgency.NORMAL,
            case=self._case(actor, options.get("case")),
        )
        self.stdout.write(_("Asked: %(describe)s.") % {"describe": describe(inquiry)})

    def _from_note(self, actor: Actor, options: dict[str, Any]) -> None:
        note = (
            DocumentNote.objects.select_related("case__subject", "document")
            .filter(pk=options["note"])
            .first()
        )
        if note is None or (note.case is not None and not can_see_case(actor, note.case)):
            raise CommandError(
                _("There is no note %(note)s that you can see.") % {"note": options["note"]}
            )
        inquiry = services.ask_from_note(
            actor=actor,
            note=note,
            recipient=self._person(options["recipient"]),
            due_on=parse_date(options["due"], "--due"),
            urgency=Urgency.URGENT if options["urgent"] else Urgency.NORMAL,
        )
        self.stdout.write(
            _("Asked, as note %(note)s asks: %(describe)s.")
            % {"note": note.pk, "describe": describe(inquiry)}
        )

    def _answer(self, actor: Actor, options: dict[str, Any]) -> None:
        reply = Document.objects.filter(pk=options["reply"]).first()
        if reply is None:
            raise CommandError(
                _("There is no document with the id %(reply)s.") % {"reply": options["reply"]}
            )
        inquiry = (
            self._inquiry(actor, options["ref"])
            if options["ref"]
            else self._inquiry(actor, self._answered_by(reply))
        )
        answered = services.answer_inquiry(
            actor=actor,
            inquiry=inquiry,
            reply=reply,
            stance=options["stance"],
            basis=options["basis"],
            summary=options["summary"],
            period=options["period"],
            expected_version=inquiry.version,
        )
        filed = f" It is filed on case {answered.case.ref} as testimony." if answered.case else ""
        self.stdout.write(
            _(
                "Recorded “%(reply)s” as %(recipient)s's answer to inquiry "
                "%(answered)s (%(Stance)s).%(filed)s"
            )
            % {
                "reply": reply,
                "recipient": answered.recipient.display_name,
                "answered": answered.ref,
                "Stance": Stance(options["stance"]).label,
                "filed": filed,
            }
        )

    def _answered_by(self, reply: Document) -> str:
        """The reference of the one open inquiry `reply` may answer, by its confirmed author
        and the people it names."""
        found = list(inquiries_a_reply_may_answer(reply))
        if not found:
            raise CommandError(
                _(
                    "Document %(reply)s (“%(reply2)s”) matches no open inquiry: nobody "
                    "confirmed as its author has an open inquiry about anyone it names. "
                    "Give the inquiry's reference if it answers one all the same."
                )
                % {"reply": reply.pk, "reply2": reply}
            )
        if len(found) > 1:
            listed = "; ".join(
                f"{i.ref} to {i.recipient.display_name} about {i.subject.display_name}"
                for i in found
            )
            raise CommandError(
                _(
                    "Document %(reply)s may answer %(count)s open inquiries (%(listed)s). "
                    "Give the reference of the one it answers."
                )
                % {"reply": reply.pk, "count": len(found), "listed": listed}
            )
        return found[0].ref

    def _withdraw(self, actor: Actor, options: dict[str, Any]) -> None:
        inquiry = self._inquiry(actor, options["ref"])
        withdrawn = services.withdraw_inquiry(
            actor=actor, inquiry=inquiry, reason=options["reason"], expected_version=inquiry.version
        )
        self.stdout.write(
            _("Withdrew inquiry %(withdrawn)s: %(withdrawn_reason)s")
            % {"withdrawn": withdrawn.ref, "withdrawn_reason": withdrawn.withdrawn_reason}
        )

    def _person(self, ref: str) -> Person:
        person = Person.objects.filter(ref=ref).first()
        if person is None:
            raise CommandError(_("There is no person with the reference %(ref)s.") % {"ref": ref})
        return person

    def _case(self, actor: Actor, ref: str | None) -> Case | None:
        if not ref:
            return None
        case = visible_cases(actor).filter(ref=ref).first()
        if case is None:
            raise CommandError(_("There is no case with the reference %(ref)s.") % {"ref": ref})
        return case

    def _inquiry(self, actor: Actor, ref: str) -> Inquiry:
        require(actor, "inquiries.view_inquiry", "read the commission's inquiries")
        inquiry = visible_inquiries(actor).filter(ref=ref).first()
        if inquiry is None:
            raise CommandError(_("There is no inquiry with the reference %(ref)s.") % {"ref": ref})
        return inquiry
