"""`commission case …`: the case actions of the web pages, on the command line, through the same
services. Each verb acts as --as USERNAME (default: the system account) and prints sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commission.audit.operators import command_line_actor
from commission.cases import assigning, notes, queries, rules, services, tallies, workload
from commission.cases import letters as outcome_letters
from commission.cases.enums import CaseKind, CaseState, DecisionOutcome, DocumentTagKind
from commission.cases.models import Case, CaseDocument, Decision, DocumentNote, OutcomeLetter
from commission.core import clock
from commission.core.actors import Actor
from commission.core.dates import long_date
from commission.core.errors import CommissionError, InvalidInput, NotFound
from commission.documents.access import may_read
from commission.documents.models import Document
from commission.registry.models import Commission, Person

LIST_LIMIT = 50


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("'%(text)s' is not a date; write it as YYYY-MM-DD.") % {"text": text}
        ) from None


def _datetime(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _('“%(text)s” is not a date and time; write it as "YYYY-MM-DD HH:MM".') % {"text": text}
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _case(ref: str, actor: Actor) -> Case:
    case = Case.objects.select_related("subject", "commission").filter(ref=ref).first()
    if case is None or not queries.can_see_case(actor, case):
        raise NotFound(_("There is no case '%(ref)s' that you can see.") % {"ref": ref})
    return case


def _person(ref: str) -> Person:
    person = Person.objects.filter(ref=ref).first()
    if person is None:
        raise NotFound(_("There is no person '%(ref)s' in the registry.") % {"ref": ref})
    return person


def _commission(ref: str) -> Commission:
    commission = Commission.objects.filter(ref=ref).first()
    if commission is None:
        raise NotFound(_("There is no commission '%(ref)s'.") % {"ref": ref})
    return commission


def _day(value: dt.date | None) -> str:
    return long_date(value) if value else _("none")


class Command(BaseCommand):
    help = (
        "Work with cases: list, show, open, move, hearing, decide, appeal, overdue, assign, "
        "letters, sign-letter, note, notes, tag, check, check-counts, queue, workload. "
        "Each takes --as USERNAME."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)

        def verb(name: str, help_text: str) -> CommandParser:
            p = sub.add_parser(name, help=help_text)
            p.add_argument("--as", dest="as_user", help="Act as this user (default: system).")
            return p

        p = verb("list", "List cases, newest first.")
        p.add_argument("--commission", help="Commission reference.")
        p.add_argument("--state", choices=CaseState.values)
        p.add_argument("--kind", choices=CaseKind.values)
        p.add_argument("--subject", help="Subject's person reference.")
        p.add_argument("--overdue", action="store_true", help="Only cases past their deadline.")
        p.add_argument("--limit", type=int, default=LIST_LIMIT)

        p = verb("show", "Show a case file.")
        p.add_argument("ref")

        p = verb("open", "Open a case.")
        p.add_argument("--subject", required=True, help="Subject's person reference.")
        p.add_argument("--commission", required=True, help="Commission reference.")
        p.add_argument("--kind", required=True, choices=CaseKind.values)
        p.add_argument("--title", default="")
        p.add_argument("--summary", default="")
        p.add_argument("--opened-on", dest="opened_on", help="YYYY-MM-DD (default: today).")
        p.add_argument("--confidential", action="store_true")

        p = verb("move", "Move a case to another state.")
        p.add_argument("ref")
        p.add_argument("state", choices=CaseState.values)
        p.add_argument("--reason", required=True)

        p = verb("hearing", "Schedule a hearing of a case that is ready for hearing.")
        p.add_argument("ref")
        p.add_argument("--at", required=True, help='"YYYY-MM-DD HH:MM" in local time.')
        p.add_argument("--place", default="")

        p = verb("decide", "Record the commission's decision on a case.")
        p.add_argument("ref")
        p.add_argument("--outcome", required=True, choices=DecisionOutcome.values)
        p.add_argument("--reasons", required=True)
        p.add_argument(
            "--vote", action="extend", nargs="+", default=[], metavar="PERSONREF=CHOICE",
            help="A commissioner's vote: for, against or abstain. Repeat for each.",
        )  # fmt: skip
        p.add_argument("--ground", action="extend", nargs="+", default=[], metavar="CODE")
        p.add_argument("--term-until", dest="term_until", help="YYYY-MM-DD")
        p.add_argument("--decided-on", dest="decided_on", help="YYYY-MM-DD (default: today).")

        p = verb("appeal", "File an appeal against a decision.")
        p.add_argument("decision_id", type=int)
        p.add_argument("--statement", required=True)
        p.add_argument("--filed-on", dest="filed_on", help="YYYY-MM-DD (default: today).")

        p = verb("overdue", "Cases past the deadline of their current state.")
        p.add_argument("--limit", type=int, default=LIST_LIMIT)

        p = verb("assign", "Assign a case to a rapporteur, or reassign it with a reason.")
        p.add_argument("ref")
        p.add_argument("--to", dest="to", help="The rapporteur's person reference.")
        p.add_argument(
            "--rule", choices=["round_robin", "by_load"],
            help="Let the rule pick the rapporteur instead of naming one.",
        )  # fmt: skip
        p.add_argument("--reason", default="", help="Why (required for a reassignment).")

        p = verb("letters", "Draft (--draft) and list the outcome letters of a decision.")
        p.add_argument("decision_id", type=int)
        p.add_argument("--draft", action="store_true")

        p = verb("sign-letter", "Sign and send an outcome letter; --out writes its PDF.")
        p.add_argument("letter_id", type=int)
        p.add_argument("--out", help="Write the signed PDF to this file.")

        p = verb("note", "Write a note on a document of a case's file, or on a passage of it.")
        p.add_argument("ref")
        p.add_argument("--document", type=int, required=True, help="The document's id.")
        p.add_argument("--text", required=True, help="What the note says.")
        p.add_argument("--part", choices=["text", "notes"], help="For a passage: where it is.")
        p.add_argument("--quote", default="", help="The words of the passage.")
        p.add_argument("--start", type=int, help="Where the passage starts (characters in).")
        p.add_argument("--end", type=int, help="Where the passage ends.")
        p.add_argument("--asks", choices=["inquiry", "check"], default="")
        p.add_argument("--for", dest="on_behalf_of", help="Person the note is written for.")

        p = verb("notes", "The documents of a case's file with their tags and the notes on them.")
        p.add_argument("ref")
        p.add_argument("--tag", choices=DocumentTagKind.values, help="Only documents so tagged.")

        p = verb("tag", "Tag a document of a case's file (--remove takes the tag off).")
        p.add_argument("ref")
        p.add_argument("--document", type=int, required=True, help="The document's id.")
        p.add_argument("tag", choices=DocumentTagKind.values)
        p.add_argument("--remove", action="store_true")

        p = verb("check", "Record what the check a note asks for found.")
        p.add_argument("note_id", type=int)
        p.add_argument("--finding", required=True)

        p = verb(
            "check-counts",
            "Compare the workload counts with the cases; --rebuild counts them again.",
        )
        p.add_argument("--rebuild", action="store_true")

        p = verb("queue", "A commissioner's open cases by section, and the overdue ones.")
        p.add_argument("--person", help="Whose queue (default: your own).")

        p = verb("workload", "Each member's open cases on a commission (the chair's view).")
        p.add_argument("--commission", required=True, help="Commission reference.")

    def handle(self, *args: Any, **options: Any) -> None:
        verbs: dict[str, Callable[[Any, dict[str, Any]], None]] = {
            "list": self.list_cases,
            "show": self.show,
            "open": self.open,
            "move": self.move,
            "hearing": self.hearing,
            "decide": self.decide,
            "appeal": self.appeal,
            "overdue": self.overdue,
            "assign": self.assign,
            "letters": self.letters,
            "sign_letter": self.sign_letter,
            "queue": self.queue,
            "workload": self.workload,
            "note": self.note,
            "notes": self.notes,
            "tag": self.tag,
            "check": self.check_note,
            "check_counts": self.check_counts,
        }
        try:
            actor = command_line_actor(options.get("as_user"), command="case")
            verbs[options["verb"].replace("-", "_")](actor, options)
        except CommissionError as error:
            raise CommandError(error.message) from None

    def _line(self, case: Case, today: dt.date) -> str:
        due = f"due {_day(case.due_on)}" if case.due_on else "no deadline"
        if case.is_overdue(today):
            due += " (overdue)"
        return (
            f"{case.ref}  {case.get_state_display()}  {case.get_kind_display()}  "
            f"{case.subject.display_name}  before {case.commission}  {due}"
        )

    def _print_cases(self, cases: list[Case], total: int, empty: str) -> None:
        today = clock.today()
        if not cases:
            self.stdout.write(empty)
            return
        for case in cases:
            self.stdout.write(self._line(case, today))
        more = (
            " " + _("(showing the first %(count)s)") % {"count": len(cases)}
            if total > len(cases)
            else ""
        )
        self.stdout.write(
            ngettext("%(total)s case%(more)s.", "%(total)s cases%(more)s.", total)
            % {"total": total, "more": more}
        )

    def list_cases(self, actor: Actor, o: dict[str, Any]) -> None:
        listing = queries.case_list(
            user=actor, commission=o["commission"], state=o["state"], kind=o["kind"],
            overdue=o["overdue"], subject=o["subject"],
        )  # fmt: skip
        self._print_cases(list(listing[: o["limit"]]), listing.count(), "No case matches.")

    def overdue(self, actor: Actor, o: dict[str, Any]) -> None:
        listing = queries.overdue_cases(user=actor)
        self._print_cases(list(listing[: o["limit"]]), listing.count(), "No case is overdue.")

    def show(self, actor: Actor, o: dict[str, Any]) -> None:
        case = _case(o["ref"], actor)
        services.record_confidential_read(actor=actor, case=case)
        cf = queries.case_file(case_id=case.pk)
        full = actor.has_perm("cases.view_case")
        case = cf.case
        w = self.stdout.write
        today = clock.today()
        w(self.style.MIGRATE_HEADING(f"{case} [{case.ref}]"))
        w(f"  Subject: {case.subject.display_name} [{case.subject.ref}]")
        w(f"  Commission: {case.commission} [{case.commission.ref}]")
        w(f"  Kind: {case.get_kind_display()}; state: {case.get_state_display()}")
        rapporteur = case.rapporteur
        w(f"  Rapporteur: {rapporteur.display_name if rapporteur else 'not yet assigned'}")
        overdue = " (overdue)" if case.is_overdue(today) else ""
        w(f"  Deadline: {_day(case.due_on)}{overdue}")
        if case.appeals_id:
            w(f"  Appeals against decision {case.appeals_id} on case {case.appeals.case.ref}")  # type: ignore[union-attr]
        if case.reopens_id:
            w(f"  Reopens decision {case.reopens_id} on case {case.reopens.case.ref}")  # type: ignore[union-attr]
        if case.confidential:
            w("  Confidential: every reading is recorded.")
        for hv in cf.hearing_views:
            h = hv.hearing
            when = timezone.localtime(h.starts_at)
            present = ", ".join(a.person.display_name for a in hv.present)
            w(
                f"  Hearing {_day(when)} {when:%H:%M}"
                + (f" at {h.place}" if h.place else "")
                + f": {h.get_state_display()}"
                + (f"; present: {present}" if present else "")
            )
        for d in cf.decisions:
            dec = d.decision
            outcome = dec.get_outcome_display()
            w(f"  Decision {dec.pk} of {_day(dec.decided_on)}: {outcome} ({d.count})")
            if d.grounds:
                w(f"    Grounds: {'; '.join(d.grounds)}")
            w(f"    Reasons: {dec.reasons}")
            if full:
                votes = ", ".join(f"{v.commissioner.display_name}: {v.choice}" for v in d.votes)
                w(f"    Votes: {votes}")
                w(f"    Documents on file then: {len(d.on_file)}")
            w(f"    Appeal deadline: {_day(dec.appeal_deadline)}")
            if full and d.late_material:
                titles = "; ".join(str(f.document) for f in d.late_material)
                w(f"    Material that arrived after this decision: {titles}")
        if full:
            w(f"  Documents on file: {len(cf.filings)}")
            for f in cf.filings:
                w(f"    {f.document} ({f.get_role_display()}, filed {f.filed_at:%Y-%m-%d})")
            for seat in cf.seats:
                if seat.ties:
                    state = "may sit (override)" if seat.overridden else "must stand aside"
                    w(f"  {seat.commissioner.person.display_name} {state}: {' '.join(seat.ties)}")

    def open(self, actor: Actor, o: dict[str, Any]) -> None:
        case = services.open_case(
            actor=actor, subject=_person(o["subject"]), commission=_commission(o["commission"]),
            kind=o["kind"], title=o["title"], summary=o["summary"],
            opened_on=_date(o["opened_on"]) if o["opened_on"] else None,
            confidential=o["confidential"],
        )  # fmt: skip
        self.stdout.write(
            _("Opened %(case)s: %(case2)s before %(commission)s; the file is due on %(day)s.")
            % {
                "case": case.ref,
                "case2": case,
                "commission": case.commission,
                "day": _day(case.due_on),
            }
        )

    def move(self, actor: Actor, o: dict[str, Any]) -> None:
        case = _case(o["ref"], actor)
        moved = services.transition_case(
            actor=actor, case=case, to_state=o["state"], reason=o["reason"],
            expected_version=case.version,
        )  # fmt: skip
        self.stdout.write(
            _("%(moved)s is now %(state)s; deadline %(day)s.")
            % {"moved": moved.ref, "state": moved.get_state_display(), "day": _day(moved.due_on)}
        )

    def hearing(self, actor: Actor, o: dict[str, Any]) -> None:
        case = _case(o["ref"], actor)
        hearing = services.schedule_hearing(
            actor=actor, case=case, starts_at=_datetime(o["at"]), place=o["place"],
            expected_version=case.version,
        )  # fmt: skip
        when = timezone.localtime(hearing.starts_at)
        where = f" at {hearing.place}" if hearing.place else ""
        self.stdout.write(
            _("Hearing of %(case)s scheduled for %(day)s %(when)s%(where)s.")
            % {"case": case.ref, "day": _day(when), "when": format(when, "%H:%M"), "where": where}
        )

    def decide(self, actor: Actor, o: dict[str, Any]) -> None:
        case = _case(o["ref"], actor)
        votes: dict[Person, str] = {}
        for item in o["vote"]:
            ref, sep, choice = item.partition("=")
            if not sep or not ref or not choice:
                raise InvalidInput(
                    _("'%(item)s' is not a vote; write PERSONREF=for (or against, abstain).")
                    % {"item": item}
                )
            votes[_person(ref)] = choice
        decision = services.record_decision(
            actor=actor, case=case, expected_version=case.version, outcome=o["outcome"],
            reasons=o["reasons"], votes=votes, grounds=o["ground"],
            decided_on=_date(o["decided_on"]) if o["decided_on"] else clock.today(),
            term_until=_date(o["term_until"]) if o["term_until"] else None,
        )  # fmt: skip
        count = rules.count_votes(list(votes.values()))
        deadline = (
            f"it may be appealed until {_day(decision.appeal_deadline)}"
            if decision.appeal_deadline
            else "it is final"
        )
        self.stdout.write(
            _("Decision %(decision)s recorded on %(case)s: %(outcome)s (%(count)s); %(deadline)s.")
            % {
                "decision": decision.pk,
                "case": case.ref,
                "outcome": decision.get_outcome_display(),
                "count": count,
                "deadline": deadline,
            }
        )

    def appeal(self, actor: Actor, o: dict[str, Any]) -> None:
        decision = (
            Decision.objects.select_related("case", "case__subject")
            .filter(pk=o["decision_id"])
            .first()
        )
        if decision is None or not queries.can_see_case(actor, decision.case):
            raise NotFound(
                _("There is no decision %(decision_id)s that you can see.")
                % {"decision_id": o["decision_id"]}
            )
        appeal = services.open_appeal(
            actor=actor, decision=decision, statement=o["statement"],
            filed_on=_date(o["filed_on"]) if o["filed_on"] else None,
        )  # fmt: skip
        self.stdout.write(
            _(
                "Appeal filed as %(appeal)s before %(commission)s, against decision "
                "%(decision)s on %(case)s."
            )
            % {
                "appeal": appeal.ref,
                "commission": appeal.commission,
                "decision": decision.pk,
                "case": decision.case.ref,
            }
        )

    def assign(self, actor: Actor, o: dict[str, Any]) -> None:
        case = _case(o["ref"], actor)
        if o["to"] and o["rule"]:
            raise InvalidInput(_("Name the rapporteur with --to or let --rule pick one, not both."))
        assignment = assigning.assign_case(
            actor=actor, case=case, rapporteur=_person(o["to"]) if o["to"] else None,
            rule=o["rule"], reason=o["reason"], expected_version=case.version,
        )  # fmt: skip
        self.stdout.write(
            _("%(case)s is assigned to %(rapporteur)s [%(rapporteur2)s] (%(rule)s).")
            % {
                "case": case.ref,
                "rapporteur": assignment.rapporteur.display_name,
                "rapporteur2": assignment.rapporteur.ref,
                "rule": assignment.get_rule_display(),
            }
        )

    def queue(self, actor: Actor, o: dict[str, Any]) -> None:
        if o["person"]:
            if not actor.has_perm(assigning.ASSIGN):
                raise InvalidInput(_("Only the chair may look at another member's queue."))
            person = _person(o["person"])
        else:
            found = Person.objects.filter(user_id=actor.pk).first()
            if found is None:
                raise InvalidInput(
                    _("Your account is not a person in the registry; name --person.")
                )
            person = found
        q = workload.queue(user=actor, person=person)
        today = q.today
        self.stdout.write(
            self.style.MIGRATE_HEADING(_("Cases with %(person)s") % {"person": person.display_name})
        )
        self.stdout.write(_("Overdue: %(count)s") % {"count": len(q.overdue)})
        for case in q.overdue:
            self.stdout.write("  " + self._line(case, today))
        for _key, label, cases in q.sections:
            self.stdout.write(f"{label}: {len(cases)}")
            for case in cases:
                self.stdout.write("  " + self._line(case, today))

    def workload(self, actor: Actor, o: dict[str, Any]) -> None:
        if not actor.has_perm(assigning.ASSIGN):
            raise InvalidInput(_("Only the chair sees the workload of every member."))
        view = workload.workload(commission=_commission(o["commission"]))
        self.stdout.write(
            f"{'member':<32} {'new':>6} {'waiting':>8} {'ready':>6} {'hearing':>8} "
            f"{'decided':>8} {'open':>6} {'overdue':>8}"
        )
        rows = [(m.person.display_name if m.person else "", m) for m in view.members]
        rows.append(("not yet assigned", view.unassigned))
        if view.elsewhere.open:
            rows.append(("with members no longer seated", view.elsewhere))
        for name, m in rows:
            self.stdout.write(
                f"{name[:32]:<32} {m.assigned:>6} {m.waiting:>8} {m.ready:>6} {m.hearing:>8} "
                f"{m.decided:>8} {m.open:>6} {m.overdue:>8}"
            )
        self.stdout.write(
            _("%(total_open)s open cases before %(commission)s.")
            % {"total_open": view.total_open, "commission": view.commission}
        )

    def letters(self, actor: Actor, o: dict[str, Any]) -> None:
        decision = Decision.objects.select_related("case").filter(pk=o["decision_id"]).first()
        if decision is None or not queries.can_see_case(actor, decision.case):
            raise NotFound(
                _("There is no decision %(decision_id)s that you can see.")
                % {"decision_id": o["decision_id"]}
            )
        if o["draft"]:
            outcome_letters.draft_outcome_letters(actor=actor, decision=decision)
        for letter in OutcomeLetter.objects.filter(decision=decision):
            self.stdout.write(f"{letter.pk}  {letter}  {letter.get_state_display()}")

    def sign_letter(self, actor: Actor, o: dict[str, Any]) -> None:
        letter = (
            OutcomeLetter.objects.select_related("decision__case").filter(pk=o["letter_id"]).first()
        )
        if letter is None or not queries.can_see_case(actor, letter.decision.case):
            raise NotFound(
                _("There is no letter %(letter_id)s that you can see.")
                % {"letter_id": o["letter_id"]}
            )
        signed = outcome_letters.sign_outcome_letter(actor=actor, letter=letter)
        if o["out"]:
            Path(o["out"]).write_bytes(bytes(signed.pdf))
        self.stdout.write(
            f"Signed letter {signed.pk} to {signed.recipient_name} ({signed.language}); filed on "
            f"{signed.decision.case.ref}" + (f"; PDF written to {o['out']}." if o["out"] else ".")
        )

    def _document(self, actor: Actor, case: Case, document_id: int) -> Document:
        filing = (
            CaseDocument.objects.select_related("document")
            .filter(case=case, document_id=document_id)
            .first()
        )
        if filing is None or not may_read(actor, filing.document):
            raise NotFound(
                _("There is no document %(document_id)s on the file of %(case)s.")
                % {"document_id": document_id, "case": case.ref}
            )
        return filing.document

    def note(self, actor: Actor, o: dict[str, Any]) -> None:
        case = _case(o["ref"], actor)
        document = self._document(actor, case, o["document"])
        has_passage = o["quote"] or o["start"] is not None or o["end"] is not None
        note = notes.write_note(
            actor=actor, document=document, case=case, text=o["text"],
            part=o["part"] or ("text" if has_passage else ""), start=o["start"], end=o["end"],
            quote=o["quote"], asks=o["asks"],
            on_behalf_of=_person(o["on_behalf_of"]) if o["on_behalf_of"] else None,
        )  # fmt: skip
        on = f" on “{note.quote}” ({note.part} {note.start}–{note.end})" if note.quote else ""
        self.stdout.write(
            _("Note %(note)s written on “%(document)s”%(on)s.")
            % {"note": note.pk, "document": document, "on": on}
        )

    def notes(self, actor: Actor, o: dict[str, Any]) -> None:
        case = _case(o["ref"], actor)
        filings = [
            f
            for f in CaseDocument.objects.filter(case=case).select_related("document")
            if may_read(actor, f.document)
        ]
        tags = notes.tags_of([f.document_id for f in filings])
        by_document = notes.case_notes(case)
        shown = [f for f in filings if not o["tag"] or o["tag"] in tags[f.document_id]]
        for filing in shown:
            labels = ", ".join(str(DocumentTagKind(t).label) for t in tags[filing.document_id])
            self.stdout.write(
                f"{filing.document_id}  {filing.document}" + (f"  [{labels}]" if labels else "")
            )
            for note in by_document.get(filing.document_id, []):
                self.stdout.write(f"    {self._note_line(note)}")
        if not shown:
            self.stdout.write("No document on the file" + (" has that tag." if o["tag"] else "."))

    def _note_line(self, note: DocumentNote) -> str:
        who = note.author.display_name if note.author else note.written_by.get_username()
        on = f"on “{note.quote[:80]}”: " if note.quote else ""
        line = f"note {note.pk} by {who}: {on}{note.text[:200]}"
        if note.asks == "inquiry":
            line += f" (asks for an inquiry; became {note.followed_up_as or 'nothing yet'})"
        elif note.asks == "check":
            line += f" (checked: {note.check_finding})" if note.checked_at else " (check to make)"
        return line

    def tag(self, actor: Actor, o: dict[str, Any]) -> None:
        case = _case(o["ref"], actor)
        document = self._document(actor, case, o["document"])
        label = DocumentTagKind(o["tag"]).label
        if o["remove"]:
            changed = notes.untag_document(actor=actor, document=document, tag=o["tag"])
            said = "is no longer tagged" if changed else "was not tagged"
        else:
            changed = notes.tag_document(actor=actor, document=document, tag=o["tag"])
            said = "is tagged" if changed else "was already tagged"
        self.stdout.write(f"“{document}” {said} {label}.")

    def check_note(self, actor: Actor, o: dict[str, Any]) -> None:
        note = DocumentNote.objects.select_related("case__subject").filter(pk=o["note_id"]).first()
        if note is None or (note.case is not None and not queries.can_see_case(actor, note.case)):
            raise NotFound(
                _("There is no note %(note_id)s that you can see.") % {"note_id": o["note_id"]}
            )
        done = notes.record_check(actor=actor, note=note, finding=o["finding"])
        self.stdout.write(
            _("The check of note %(done)s is recorded: %(check_finding)s")
            % {"done": done.pk, "check_finding": done.check_finding}
        )

    def check_counts(self, actor: Actor, o: dict[str, Any]) -> None:
        if o["rebuild"]:
            rows = tallies.rebuild_counts(actor=actor)
            self.stdout.write(
                _("Counted the cases again: %(rows)s rows of workload counts.") % {"rows": rows}
            )
            return
        differences = tallies.compare()
        for difference in differences[:LIST_LIMIT]:
            self.stdout.write(str(difference))
        if differences:
            raise CommandError(
                _(
                    "%(count)s workload counts differ from the cases; run `commission case "
                    "check-counts --rebuild` to count them again."
                )
                % {"count": len(differences)}
            )
        self.stdout.write(_("The workload counts agree with the cases."))
