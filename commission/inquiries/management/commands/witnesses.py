"""`commission witnesses PERSON_QUERY`: who can speak to a person, best first, and why."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.cases import services as case_services
from commission.cases.models import Case
from commission.cases.queries import visible_cases
from commission.core.actors import Actor
from commission.core.errors import CommissionError, InvalidInput
from commission.core.roles import require
from commission.inquiries.enums import WITNESS_MARKS, read_marks
from commission.inquiries.witnesses import Candidate, find_witnesses
from commission.registry.lookup import find_people
from commission.registry.models import Person

# How many people a name may match before the command asks for a second word instead.
PEOPLE_SHOWN = 10
# Candidates ranked before the marked ones are left out, so that leaving some out still
# prints up to --limit.
WITNESS_POOL = 1000


class Command(BaseCommand):
    help = "Find who can speak to a person, best first, with the paths that explain why."
    # Read-only: no system checks (they load every URL and view), so it answers at once.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "query", nargs="+", help='The person: any form of the name, or a reference ("P-k").'
        )
        parser.add_argument(
            "--case", help="Reference of a case about the person: marks who sits on its commission."
        )
        parser.add_argument(
            "--exclude",
            default="",
            help=f"Leave out candidates with these marks: {','.join(WITNESS_MARKS)}.",
        )
        parser.add_argument("--limit", type=int, default=20, help="At most this many (20).")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="When several people match, list them and stop instead of asking which.",
        )
        parser.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        query = " ".join(options["query"])
        if options["limit"] < 1:
            raise CommandError(_("--limit must be at least 1."))
        try:
            exclude = read_marks(options["exclude"])
        except InvalidInput as error:
            raise CommandError(_("--exclude: %(detail)s") % {"detail": error}) from None
        try:
            actor = command_line_actor(options.get("as_user"), command="witnesses")
            require(actor, "inquiries.view_inquiry", "search for witnesses")
            person = self._person(query, interactive=options["interactive"])
            case = self._case(actor, options.get("case"), person)
            found = find_witnesses(subject=person, case=case, limit=WITNESS_POOL)
        except CommissionError as error:
            raise CommandError(error.message) from None
        shown = [c for c in found if not c.marks & exclude][: options["limit"]]
        left_out = len(found) - len([c for c in found if not c.marks & exclude])
        self._print(person, shown, left_out, more=len(found) - left_out - len(shown))

    def _person(self, query: str, *, interactive: bool) -> Person:
        by_ref = Person.objects.filter(ref=query).first()
        if by_ref is not None:
            return by_ref
        matches = find_people(query, limit=PEOPLE_SHOWN)
        if not matches:
            raise CommandError(_("Nobody in the registry matches '%(query)s'.") % {"query": query})
        if len(matches) == 1:
            return matches[0].person
        self.stdout.write(
            _("%(count)s people match '%(query)s':") % {"count": len(matches), "query": query}
        )
        for match in matches:
            self.stdout.write(f"  {match.person.ref}  {match.person.display_name}")
        if not (interactive and sys.stdin.isatty()):
            raise CommandError(_("Run the command again with one of these references."))
        ref = input("Which one? Give the reference: ").strip()
        chosen = next((m.person for m in matches if m.person.ref == ref), None)
        if chosen is None:
            raise CommandError(_("'%(ref)s' is not one of the references listed.") % {"ref": ref})
        return chosen

    def _case(self, actor: Actor, ref: str | None, person: Person) -> Case | None:
        if not ref:
            return None
        case = visible_cases(actor).select_related("subject", "commission").filter(ref=ref).first()
        if case is None:
            raise CommandError(_("There is no case with the reference %(ref)s.") % {"ref": ref})
        if case.subject_id != person.pk:
            raise CommandError(
                _("Case %(case)s is about %(subject)s, not %(person)s.")
                % {
                    "case": case.ref,
                    "subject": case.subject.display_name,
                    "person": person.display_name,
                }
            )
        case_services.record_confidential_read(actor=actor, case=case)
        return case

    def _print(self, person: Person, shown: list[Candidate], left_out: int, more: int) -> None:
        w = self.stdout.write
        if not shown:
            w(f"Nobody suitable was found to speak to {person.display_name}.")
        else:
            w(f"Who can speak to {person.display_name} [{person.ref}], best first:")
        for rank, candidate in enumerate(shown, start=1):
            notes = sorted(candidate.marks)
            if candidate.first_hand:
                notes.insert(0, "first-hand")
            marks = f"  ({', '.join(notes)})" if notes else ""
            w(
                f"{rank:>3}. {candidate.person.display_name} [{candidate.person.ref}]  "
                f"score {candidate.score:.2f}{marks}"
            )
            for path in candidate.paths:
                w(f"       {path}")
        if left_out:
            were = "candidate was" if left_out == 1 else "candidates were"
            w(f"{left_out} marked {were} left out.")
        if more > 0:
            w(f"{more} more not shown; raise --limit to see them.")
