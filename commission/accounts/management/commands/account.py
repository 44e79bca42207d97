"""`commission account second-factor USER [--off]`: say whether an account signs in with a second
factor, or (--off) take it away for someone who lost their device. Taking it away is for the
installation's operator only, and is recorded in the audit trail with the operating-system user
who did it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commission.accounts.queries import (
    has_second_factor,
    recovery_codes_left,
    second_factor_required,
)
from commission.accounts.services import reset_second_factor
from commission.core.errors import CommissionError


class Command(BaseCommand):
    help = (
        "Work with accounts: `second-factor USER` says whether the account signs in with a "
        "second factor; with --off the installation's operator takes it away (a lost phone)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        factor = sub.add_parser(
            "second-factor", help="Show an account's second factor, or take it away with --off."
        )
        factor.add_argument("username", help="The account.")
        factor.add_argument(
            "--off",
            action="store_true",
            help="Take the second factor away: the account signs in with its password until it "
            "sets up a new one. Only the operating-system user who runs the installation may.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        try:
            if options["off"]:
                reset_second_factor(username=username)
                self.stdout.write(
                    _(
                        "The second factor of %(username)s is off: the account signs in with "
                        "its password until it sets up a new one, and its API tokens no longer "
                        "work. The audit trail records it."
                    )
                    % {"username": username}
                )
                return
        except CommissionError as refusal:
            raise CommandError(refusal.message) from None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _("There is no user called '%(username)s'.") % {"username": username}
            )
        self.stdout.write(self._state(user))

    def _state(self, user: User) -> str:
        name = user.get_username()
        if has_second_factor(user):
            left = recovery_codes_left(user)
            return ngettext(
                "%(username)s signs in with a second factor (an authenticator app); "
                "%(left)s recovery code left.",
                "%(username)s signs in with a second factor (an authenticator app); "
                "%(left)s recovery codes left.",
                left,
            ) % {"username": name, "left": left}
        if second_factor_required(user):
            return _(
                "%(username)s has no second factor, which its role requires: it will be asked "
                "to set one up after its password."
            ) % {"username": name}
        return _("%(username)s signs in with a password alone (no second factor).") % {
            "username": name
        }
