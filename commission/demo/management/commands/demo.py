from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.core.errors import CommissionError
from commission.demo.loader import DEMO_LETTERS, demo_logins, load_demo, password_file
from commission.documents.models import Document


class Command(BaseCommand):
    help = "Load the demonstration data (the 1921 seed story) and one account per role. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--without-letters",
            action="store_true",
            help="Stop before the letters arrive, to file and confirm them yourself.",
        )
        parser.add_argument(
            "--without-decisions",
            action="store_true",
            help="File the letters but leave the reinstatement decisions to the chair.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_demo(
                letters=not options["without_letters"], decide=not options["without_decisions"]
            )
        except CommissionError as error:
            raise CommandError(error.message) from None
        if result.registry_loaded:
            self.stdout.write(
                _("Loaded the demo registry: the Party, its commissions and members.")
            )
        else:
            self.stdout.write(_("The demo registry is already loaded; nothing was added twice."))
        for line in result.messages:
            self.stdout.write(line)
        logins = demo_logins()
        if logins:
            self.stdout.write(
                _(
                    "\nSign in (at the address `commission serve` prints) with one of these "
                    "accounts:"
                )
            )
            for username, password in sorted(logins.items()):
                self.stdout.write(
                    _("  %(username)s password: %(password)s")
                    % {"username": format(username, "<13"), "password": password}
                )
            self.stdout.write(_("(kept in %(path)s)") % {"path": password_file()})
        if options["without_letters"] and not Document.objects.exists():
            self.stdout.write(
                _(
                    "\nThe letters of 20 December 1921 have not arrived yet. Sign in as "
                    "clerk and upload the two files in %(DEMO_LETTERS)s (the README's "
                    "“Where to start” goes on from there), or run `commission demo` to "
                    "have them filed for you."
                )
                % {"DEMO_LETTERS": DEMO_LETTERS}
            )
