import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from commission.audit.operators import command_line_actor
from commission.audit.queries import event_count, verify_chain
from commission.core.errors import CommissionError


class Command(BaseCommand):
    help = "Work with the audit trail: `commission audit verify` checks the whole chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check every event against its hash and its links.")
        verify.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = command_line_actor(options.get("as_user"), command="audit")
            total = event_count()
            with tqdm(
                total=total, unit="event", disable=not sys.stderr.isatty(), file=sys.stderr
            ) as bar:
                report = verify_chain(actor=actor, progress=bar.update)
        except CommissionError as error:
            raise CommandError(error.message) from None
        if report.intact:
            self.stdout.write(f"The audit chain is intact: {report.checked} events checked.")
            return
        for problem in report.problems:
            self.stderr.write(problem)
        raise CommandError(
            f"The audit chain is broken: {len(report.problems)} problem(s) "
            f"in {report.checked} events."
        )
