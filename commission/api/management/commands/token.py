"""`commission token USERNAME`: print the user's API token, making one if they have none."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from commission.api.services import api_token_for
from commission.core.errors import CommissionError


class Command(BaseCommand):
    help = "Print the API token of a user, making one if they have none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user whose token to print.")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(f"There is no user called {username!r}.") from None
        try:
            token = api_token_for(user=user)
        except CommissionError as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(token.key)
