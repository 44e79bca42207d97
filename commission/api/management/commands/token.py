"""`commission token USERNAME [--code CODE] [--revoke-all]`: issue a new API token for a user and
print it (an account with a second factor gives a current code), or revoke every token the user
holds."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.api.services import issue_api_token, revoke_api_tokens
from commission.core.errors import CommissionError
from commission.core.services import system_actor


class Command(BaseCommand):
    help = (
        "Issue a new API token for a user and print it (it is shown only now; the system keeps "
        "its digest), or with --revoke-all revoke every token the user holds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user whose token it is.")
        parser.add_argument(
            "--revoke-all", action="store_true", help="Revoke every API token of the user."
        )
        parser.add_argument(
            "--code",
            default="",
            help="For an account with a second factor: the code its authenticator app shows now "
            "(or a recovery code).",
        )

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(
                _("There is no user called '%(username)s'.") % {"username": username}
            ) from None
        try:
            if options["revoke_all"]:
                count = revoke_api_tokens(actor=system_actor(), user=user)
                self.stdout.write(
                    _("Revoked %(count)s API token(s) of %(username)s.")
                    % {"count": count, "username": username}
                )
                return
            issued = issue_api_token(user=user, second_factor_code=options["code"])
        except CommissionError as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(issued.key)
        if issued.expires is not None:
            self.stderr.write(
                _("It works until %(expires)s UTC.")
                % {"expires": format(issued.expires, "%Y-%m-%d %H:%M")}
            )
