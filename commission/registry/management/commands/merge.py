from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.registry import merging
from commission.registry.models import Person, PersonMerge


class Command(BaseCommand):
    help = (
        "Merge two records of one person (`merge KEEP DUPLICATE --reason …`), undo a merge "
        "(`merge --undo DUPLICATE`), or list the records that look like one person (`--likely`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("refs", nargs="*", help="KEEP DUPLICATE, or DUPLICATE with --undo.")
        parser.add_argument("--reason", default="", help="Why the two records are one person.")
        parser.add_argument("--undo", action="store_true", help="Undo the merge of DUPLICATE.")
        parser.add_argument(
            "--likely", action="store_true", help="List pairs that look like one person."
        )
        parser.add_argument("--as", dest="as_user", help="The account that merges.")

    def handle(self, *args: Any, **options: Any) -> None:
        refs = options["refs"]
        try:
            if options["likely"]:
                self._likely()
                return
            actor = command_line_actor(options["as_user"], command="merge")
            if options["undo"]:
                if len(refs) != 1:
                    raise CommandError(_("Name the one merged record to undo, e.g. P-12."))
                merged = self._person(refs[0])
                last = PersonMerge.objects.filter(merged=merged, undone_at__isnull=True).first()
                if last is None:
                    raise CommandError(
                        _(
                            "%(ref)s was not merged into another record, so there is nothing "
                            "to undo."
                        )
                        % {"ref": merged.ref}
                    )
                merging.undo_merge(actor=actor, merge=last)
                self.stdout.write(
                    _("%(merged)s is a record of its own again; %(moved)s record(s) moved back.")
                    % {"merged": merged.ref, "moved": len(last.moved)}
                )
                return
            if len(refs) != 2:
                raise CommandError(_("Name the record to keep and the one to merge into it."))
            keep, duplicate = self._person(refs[0]), self._person(refs[1])
            done = merging.merge_people(
                actor=actor, keep=keep, merge=duplicate, reason=options["reason"]
            )
        except CommissionError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            _(
                "Merged %(duplicate)s into %(keep)s: %(moved)s record(s) moved, %(removed)s "
                "duplicate(s) removed. Undo with: commission merge --undo %(duplicate)s"
            )
            % {
                "duplicate": duplicate.ref,
                "keep": keep.ref,
                "moved": len(done.moved),
                "removed": len(done.removed),
            }
        )

    def _person(self, ref: str) -> Person:
        person = Person.objects.filter(ref=ref).first()
        if person is None:
            raise CommandError(_("There is no person with the reference %(ref)s.") % {"ref": ref})
        return person

    def _likely(self) -> None:
        pairs = merging.likely_duplicates()
        if not pairs:
            self.stdout.write(_("No two records look like one person."))
            return
        for pair in pairs:
            self.stdout.write(
                f"{pair.first.ref}  {pair.first.display_name}  ~  "
                f"{pair.second.ref}  {pair.second.display_name}  ({pair.why})"
            )
