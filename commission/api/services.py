"""Writes of the API itself: issuing, rotating and revoking the tokens clients authenticate with.

A token is stored only as its SHA-512 digest (django-rest-knox), so the database, a dump or a
backup holds nothing a client could sign in with; the token itself is shown once, when issued.
Each token expires `REST_KNOX["TOKEN_TTL"]` after it was issued (API_TOKEN_DAYS)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

from commission.accounts.queries import has_second_factor, owes_second_factor
from commission.accounts.services import verify_second_factor
from commission.audit.services import record_event
from commission.core.actors import Actor, Viewer
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput, NotAllowed


@dataclass(frozen=True)
class IssuedToken:
    """A token as its holder sees it once: the secret and when it stops working."""

    key: str
    expires: dt.datetime | None


def _refuse_disabled(user: Viewer) -> None:
    if not user.is_active:
        raise NotAllowed(
            _("The account '%(get_username)s' is disabled; it cannot use the API.")
            % {"get_username": user.get_username()}
        )


def issue_api_token(*, user: Actor, second_factor_code: str = "") -> IssuedToken:
    """A new token for the user; tokens issued before stay valid until they expire or are
    revoked (a user may have one per client). An account with a second factor must give a
    current code from it (`second_factor_code`), as at signing in.

    Side effect: an audit event naming the token by its first characters (never the token,
    which is a password). Errors: NotAllowed for a disabled account, or one whose role requires
    a second factor it has not set up; InvalidInput for a missing or wrong code (a wrong one is
    counted as at signing in)."""
    _refuse_disabled(user)
    if has_second_factor(user):
        if not second_factor_code.strip():
            raise InvalidInput(
                _(
                    "The account '%(username)s' signs in with a second factor: give the 6-digit "
                    "code its authenticator app shows now (or a recovery code) to get a token."
                )
                % {"username": user.get_username()},
                field="code",
            )
        verify_second_factor(user=user, code=second_factor_code)
    elif owes_second_factor(user):
        raise NotAllowed(
            _(
                "The role of the account '%(username)s' requires a second factor, which it has "
                "not set up: it gets no API token until it has (on its account page)."
            )
            % {"username": user.get_username()}
        )
    with transaction.atomic():
        stored, key = AuthToken.objects.create(user=user)
        record_event(
            actor=user,
            action=AuditAction.API_TOKEN_ISSUE,
            target=user,
            summary=f"Issued an API token for {user.get_username()} ({stored.token_key}…).",
            after={"token": stored.token_key, "expires": stored.expiry},
        )
    return IssuedToken(key=key, expires=stored.expiry)


def rotate_api_token(*, actor: Actor, current: AuthToken) -> IssuedToken:
    """A new token in place of `current`, which stops working in the same transaction.

    Side effect: an audit event naming both tokens by their first characters. Errors:
    NotAllowed for a disabled account or a token that is not the actor's."""
    _refuse_disabled(actor)
    if current.user_id != actor.pk:
        raise NotAllowed(_("Only the holder of a token may rotate it."))
    with transaction.atomic():
        stored, key = AuthToken.objects.create(user=actor)
        AuthToken.objects.filter(digest=current.digest).delete()
        record_event(
            actor=actor,
            action=AuditAction.API_TOKEN_ROTATE,
            target=actor,
            summary=(
                f"Rotated the API token {current.token_key}… of {actor.get_username()} "
                f"to {stored.token_key}…."
            ),
            before={"token": current.token_key},
            after={"token": stored.token_key, "expires": stored.expiry},
        )
    return IssuedToken(key=key, expires=stored.expiry)


def revoke_api_tokens(*, actor: Actor, user: Actor, only: AuthToken | None = None) -> int:
    """Revoke `only` (the token a request came with), or every token of `user`; returns how
    many were revoked. A user revokes their own; an administrator anyone's.

    Side effect: an audit event when any token was revoked. Errors: NotAllowed otherwise."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise NotAllowed(_("You may revoke only your own API tokens."))
    with transaction.atomic():
        tokens = AuthToken.objects.filter(user_id=user.pk)
        if only is not None:
            tokens = tokens.filter(digest=only.digest)
        keys = sorted(tokens.values_list("token_key", flat=True))
        if not keys:
            return 0
        tokens.delete()
        record_event(
            actor=actor,
            action=AuditAction.API_TOKEN_REVOKE,
            target=user,
            summary=(
                f"Revoked {len(keys)} API token{'s' if len(keys) != 1 else ''} of "
                f"{user.get_username()}."
            ),
            before={"tokens": keys},
        )
    return len(keys)
