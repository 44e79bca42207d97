from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.registry.models import Person
from commission.registry.services import erase_personal_data


class Command(BaseCommand):
    help = (
        "Erase a person's personal data on a lawful request: her contact details, their copies "
        "read from letters and mails, and the sealed values in the audit trail. The chain stays "
        "verifiable; the letters themselves are not altered."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ref", help="The person's reference in the registry, e.g. P-12.")
        parser.add_argument(
            "--request",
            required=True,
            help="The request the erasure honours (who asked, when, under which rule).",
        )
        parser.add_argument(
            "--as", dest="as_user", required=True, help="The account that erases (an admin)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = command_line_actor(options["as_user"], command="erase")
            person = Person.objects.filter(ref=options["ref"]).first()
            if person is None:
                raise CommandError(
                    _("There is no person with the reference %(ref)s.") % {"ref": options["ref"]}
                )
            done = erase_personal_data(actor=actor, person=person, reason=options["request"])
        except CommissionError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            _(
                "Erased the personal data of %(name)s [%(ref)s]: %(contacts)s contact detail(s), "
                "%(keys)s sealed record(s) of the audit trail can no longer be read."
            )
            % {
                "name": person.display_name,
                "ref": person.ref,
                "contacts": done.contacts,
                "keys": done.keys,
            }
        )
        for said in done.copies:
            self.stdout.write("  " + _("Also blanked: %(what)s.") % {"what": said})
