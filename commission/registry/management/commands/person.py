from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.registry.lookup import find_people
from commission.registry.queries import person_detail
from commission.registry.services import record_contacts_shown


class Command(BaseCommand):
    help = (
        'Find people by any form of their name, or through a relative ("Kasparov\'s sister"),'
        " and show their memberships and ties."
    )
    # Read-only: the system checks (which load every URL and view) are left to the commands that
    # change things, so a look-up answers at once.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="+", help='Any name form, e.g. "N. S. Allilueva".')
        parser.add_argument("--limit", type=int, default=5)
        parser.add_argument("--as", dest="as_user", help="Show what this user may see.")

    def handle(self, *args: Any, **options: Any) -> None:
        query = " ".join(options["query"])
        try:
            viewer = command_line_actor(options.get("as_user"), command="person")
        except CommissionError as error:
            raise CommandError(error.message) from None
        matches = find_people(query, limit=options["limit"])
        if not matches:
            raise CommandError(_("Nobody in the registry matches '%(query)s'.") % {"query": query})
        for match in matches:
            detail = person_detail(person_id=match.person.pk, viewer=viewer)
            record_contacts_shown(
                actor=viewer,
                person=detail.person,
                contacts=detail.contacts,
                where="on the command line (commission person)",
            )
            how = match.via or _("%(how)s match") % {"how": match.how}
            self._print(detail, match.score, how)

    def _print(self, detail: Any, score: float, how: str) -> None:
        p = detail.person
        w = self.stdout.write
        w(self.style.MIGRATE_HEADING(f"{p.display_name}  [{p.ref}]  ({how}, {score:.2f})"))
        forms = [f"{n.value} ({n.get_kind_display()})" for n in detail.names]
        masculine, feminine = detail.surname_forms
        if p.surname and masculine != feminine:
            forms.append(
                _("%(masculine)s / %(feminine)s (surname forms)")
                % {"masculine": masculine, "feminine": feminine}
            )
        if forms:
            w("  " + _("Name forms: %(forms)s") % {"forms": "; ".join(forms)})
        if p.description:
            w(f"  {p.description}")
        for m in detail.memberships:
            w(
                "  "
                + _("Membership of %(organisation)s: %(status)s")
                % {"organisation": m.organisation, "status": m.get_status_display()}
            )
            for step in m.history.all():
                when = step.effective_on.isoformat() if step.effective_on else _("date unknown")
                by = (
                    " — " + _("decision: %(decision)s") % {"decision": step.decision}
                    if step.decision_id
                    else f" — {step.get_basis_display()}: {step.document}"
                    if step.document
                    else ""
                )
                before = step.from_status or _("none")
                change = f"{before} → {step.to_status}"
                w(f"    {when}: {change} ({step.reason}){by}")
        for pos in detail.positions:
            w("  " + _("Position: %(position)s") % {"position": pos})
        for tie in detail.ties:
            w(f"  {tie.label} {tie.other.display_name}")
        if detail.contacts is None:
            w("  " + _("Contact details: hidden (personal data)"))
        else:
            for c in detail.contacts:
                w(f"  {c.get_kind_display()}: {c.value}")
