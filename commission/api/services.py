"""Writes of the API itself: issuing the tokens clients authenticate with."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from commission.audit.services import record_event
from commission.core.actors import Viewer
from commission.core.audit_actions import AuditAction
from commission.core.errors import NotAllowed


def api_token_for(*, user: Viewer) -> Token:
    """The user's API token, made on first request; a user has at most one.

    Side effect: an audit event when a token is made (never the token itself, which is a
    password). Errors: NotAllowed for a disabled account.
    """
    if not user.is_active:
        raise NotAllowed(f"The account {user.get_username()!r} is disabled; it cannot use the API.")
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=user)
        if created:
            record_event(
                actor=user,
                action=AuditAction.API_TOKEN_ISSUE,
                target=user,
                summary=f"Issued an API token for {user.get_username()}.",
            )
    return token
