"""`commission rules show|set`: an organisation's due-process rules and their versions, through
the same service as the rules page and the API (`cases.rulebook`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.cases import rulebook
from commission.cases.models import DueProcessRules
from commission.cases.rules import rules_in_effect
from commission.core import clock
from commission.core.errors import CommissionError, InvalidInput, NotFound
from commission.registry.models import Organisation


def _organisation(ref: str | None) -> Organisation:
    if ref:
        found = Organisation.objects.filter(ref=ref).first()
        if found is None:
            raise NotFound(_("There is no organisation %(ref)r.") % {"ref": ref})
        return found
    organisations = list(Organisation.objects.order_by("pk")[:2])
    if len(organisations) != 1:
        raise InvalidInput(_("Name the organisation with --organisation REF."))
    return organisations[0]


def _day(value: object) -> str:
    return f"{value.day} {value:%B %Y}"  # type: ignore[attr-defined]


def _heading(rules: DueProcessRules) -> str:
    if rules.pk is None:
        return "the default rules (the organisation has none of its own in effect)"
    since = (
        f"in effect from {_day(rules.effective_from)}" if rules.effective_from else "from the start"
    )
    return f"version {rules.version}, {since}"


class Command(BaseCommand):
    help = "Show an organisation's due-process rules and their versions, or record a new version."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        p = sub.add_parser("show", help="The rules in effect on a day, and every version.")
        p.add_argument("--organisation", help="Organisation reference (needed when several).")
        p.add_argument("--on", help="YYYY-MM-DD (default: today).")
        p = sub.add_parser(
            "set", help="A new version of the rules taking effect on a day: NAME=VALUE ..."
        )
        p.add_argument("changes", nargs="+", metavar="NAME=VALUE")
        p.add_argument("--organisation", help="Organisation reference (needed when several).")
        p.add_argument(
            "--effective-from", dest="effective_from", help="YYYY-MM-DD (default: today)."
        )
        p.add_argument("--reason", required=True, help="Why the rules change.")
        p.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = _organisation(options.get("organisation"))
            if options["verb"] == "show":
                self.show(organisation, options)
            else:
                self.set(organisation, options)
        except CommissionError as error:
            raise CommandError(error.message) from None
        except ValueError as error:
            raise CommandError(str(error)) from None

    def show(self, organisation: Organisation, options: dict[str, Any]) -> None:
        on = clock.parse_day(options["on"], name="--on") if options.get("on") else clock.today()
        rules = rules_in_effect(organisation.pk, on)
        self.stdout.write(f"The rules of {organisation} on {_day(on)}: {_heading(rules)}.")
        for field in rulebook.RULE_FIELDS:
            value = getattr(rules, field.name)
            self.stdout.write(f"  {field.name:<26} {value} {field.unit}  ({field.label})")
        history = rulebook.rules_history(organisation)
        if history:
            self.stdout.write("Versions, newest first:")
        for version in history:
            by = version.recorded_by.get_username() if version.recorded_by else "—"
            self.stdout.write(f"  {_heading(version)}; by {by}: {version.reason or '—'}")

    def set(self, organisation: Organisation, options: dict[str, Any]) -> None:
        changes = {}
        for pair in options["changes"]:
            name, sep, value = pair.partition("=")
            if not sep:
                raise InvalidInput(
                    _("Write each change as NAME=VALUE, not %(pair)r.") % {"pair": pair}
                )
            changes[name.strip()] = value.strip()
        effective_from = (
            clock.parse_day(options["effective_from"], name="--effective-from")
            if options.get("effective_from")
            else clock.today()
        )
        actor = command_line_actor(options.get("as_user"), command="rules")
        new = rulebook.set_rules(
            actor=actor, organisation=organisation, effective_from=effective_from,
            changes=changes, reason=options["reason"],
        )  # fmt: skip
        self.stdout.write(f"Recorded the rules of {organisation}, {_heading(new)}.")
