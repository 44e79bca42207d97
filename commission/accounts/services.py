"""Writes of an account's second factor: setting up an authenticator, confirming it with a code
(which makes its recovery codes), taking a code at sign-in, turning it off, new recovery codes,
and the operator's reset for a lost device.

The devices are django-otp's: a TOTP device (the authenticator app's secret) and a static device
holding the one-time recovery codes. Each counts wrong codes and makes the next try wait
1, 2, 4, 8 … seconds (django-otp's throttling), per device. A failure is committed before the
refusal is raised, so a refused code still counts; the secret and the codes never reach the
audit trail."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from commission.accounts.queries import has_second_factor
from commission.audit.services import record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput, NotFound
from commission.core.operators import require_operator
from commission.core.services import system_actor

# How many one-time recovery codes an account is given at a time.
RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


@dataclass(frozen=True)
class SecondFactorOn:
    """A confirmed authenticator and the recovery codes, shown to their owner once."""

    device: TOTPDevice
    recovery_codes: list[str]


@dataclass(frozen=True)
class _Tried:
    """The device that took a code, or the sentence saying why none did."""

    device: Device | None
    refusal: str = ""


def _normalised(code: str) -> str:
    """A code as typed, without the spaces or dashes people put in, in lower case."""
    return "".join(code.split()).replace("-", "").lower()


def _is_authenticator_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


def _ask_for_code() -> str:
    return _(
        "Type the 6-digit code your authenticator app shows now, or one of your recovery codes."
    )


def _wrong_code(device: Device) -> str:
    factor = device.get_throttle_factor()
    failures = int(getattr(device, "throttling_failure_count", 0))
    if factor <= 0 or failures <= 0:
        return _("That code is not right.") + " " + _ask_for_code()
    wait = int(factor * 2 ** (failures - 1))
    return (
        _("That code is not right.")
        + " "
        + ngettext(
            "After each wrong code the next try must wait twice as long; now %(seconds)s second.",
            "After each wrong code the next try must wait twice as long; now %(seconds)s seconds.",
            wait,
        )
        % {"seconds": wait}
    )


def _throttled(why: dict[str, Any] | None) -> str:
    until = (why or {}).get("locked_until")
    if until is None:
        return _("Codes are not taken for this account just now; try again in a minute.")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    local = timezone.localtime(until)
    when = local.strftime("%H:%M:%S") if seconds < 86_400 else date_format(local, "DATETIME_FORMAT")
    return ngettext(
        "Too many wrong codes for this account in a row: the next code is taken in "
        "%(seconds)s second, at %(when)s.",
        "Too many wrong codes for this account in a row: the next code is taken in "
        "%(seconds)s seconds, at %(when)s.",
        seconds,
    ) % {"seconds": seconds, "when": when}


def _try_code(user: User, code: str, *, authenticator: TOTPDevice | None = None) -> _Tried:
    """Try `code` on the account's authenticator (six digits) or its recovery codes (anything
    else); `authenticator` names one not yet confirmed. Runs inside the caller's transaction and
    locks the device it tries, so two requests cannot both spend one code."""
    code = _normalised(code)
    if not code:
        return _Tried(None, _ask_for_code())
    device: Device | None
    if _is_authenticator_code(code):
        device = authenticator or (
            TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=True).first()
        )
    elif authenticator is not None:
        return _Tried(None, _("Type the 6-digit code your authenticator app shows now."))
    else:
        device = (
            StaticDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=True).first()
        )
    if device is None:
        return _Tried(None, _("That code is not right.") + " " + _ask_for_code())
    allowed, why = device.verify_is_allowed()
    if not allowed:
        return _Tried(None, _throttled(why))
    if device.verify_token(code):
        return _Tried(device)
    return _Tried(None, _wrong_code(device))


def _new_recovery_codes(user: User) -> list[str]:
    """The account's recovery codes, replaced by new ones on its one recovery device (kept, so a
    session that signed in with a recovery code stays signed in)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def start_second_factor(*, actor: Actor) -> TOTPDevice:
    """A new authenticator secret for `actor`, not in force until a code from it is confirmed
    (`confirm_second_factor`); one started before and never confirmed is replaced.

    No audit event: nothing changes for signing in until it is confirmed. Errors: InvalidInput
    when the account already has a second factor."""
    with transaction.atomic():
        # One start at a time per account, so two tabs cannot leave two pending secrets.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if has_second_factor(actor):
            raise InvalidInput(
                _(
                    "Your account already signs in with a second factor; turn it off first to "
                    "set up another authenticator."
                )
            )
        TOTPDevice.objects.filter(user_id=actor.pk, confirmed=False).delete()
        return TOTPDevice.objects.create(user=actor, name=AUTHENTICATOR_NAME, confirmed=False)


def confirm_second_factor(*, actor: Actor, code: str) -> SecondFactorOn:
    """Put the authenticator set up by `start_second_factor` in force once `code` from it is
    right, and make the account's recovery codes.

    Side effects: an audit event (without the secret or the codes); the account's other sessions
    must give a code from their next page on, and its API tokens, issued on the password alone,
    stop working (a new one asks for a code). Errors: InvalidInput when nothing was started or
    the code is wrong or comes too soon after wrong ones (the failure is counted)."""
    with transaction.atomic():
        pending = (
            TOTPDevice.objects.select_for_update()
            .filter(user_id=actor.pk, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if pending is None:
            raise InvalidInput(
                _(
                    "There is no authenticator waiting to be confirmed; start setting up the "
                    "second factor again."
                )
            )
        tried = _try_code(actor, code, authenticator=pending)
        codes: list[str] = []
        if tried.device is not None:
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(actor)
            revoked = _revoke_api_tokens(actor)
            record_event(
                actor=actor,
                action=AuditAction.SECOND_FACTOR_ON,
                target=actor,
                summary=(
                    f"{actor.get_username()} turned on a second factor: an authenticator app, "
                    f"with {len(codes)} recovery codes{_tokens_stopped(revoked)}."
                ),
                after={
                    "authenticator": pending.name,
                    "recovery_codes": len(codes),
                    "api_tokens_revoked": revoked,
                },
            )
    if tried.device is None:
        raise InvalidInput(tried.refusal, field="code")
    return SecondFactorOn(device=pending, recovery_codes=codes)


def verify_second_factor(*, user: Actor, code: str) -> Device:
    """The device that takes `code` for `user`: the second step of signing in, and what the API
    asks before it issues a token.

    Side effect: spending a recovery code writes an audit event saying how many are left.
    Errors: InvalidInput when the code is wrong or comes too soon after wrong ones (the failure is
    counted)."""
    with transaction.atomic():
        tried = _try_code(user, code)
        if isinstance(tried.device, StaticDevice):
            left = tried.device.token_set.count()
            record_event(
                actor=user,
                action=AuditAction.RECOVERY_CODE_USE,
                target=user,
                summary=(
                    f"{user.get_username()} signed in with a recovery code; {left} of "
                    f"{RECOVERY_CODES} left."
                ),
                after={"recovery_codes_left": left},
            )
    if tried.device is None:
        raise InvalidInput(tried.refusal, field="code")
    return tried.device


def turn_off_second_factor(*, actor: Actor, code: str) -> None:
    """Take away the account's second factor once `code` (from the authenticator, or a recovery
    code) is right: it signs in with its password alone from then on.

    Side effect: an audit event. Errors: InvalidInput when there is none, or the code is wrong or
    comes too soon after wrong ones (the failure is counted)."""
    with transaction.atomic():
        if not has_second_factor(actor):
            raise InvalidInput(_("Your account has no second factor to turn off."))
        tried = _try_code(actor, code)
        if tried.device is not None:
            removed = _remove_devices(actor)
            record_event(
                actor=actor,
                action=AuditAction.SECOND_FACTOR_OFF,
                target=actor,
                summary=(
                    f"{actor.get_username()} turned off the second factor, confirming with "
                    f"{'a recovery code' if isinstance(tried.device, StaticDevice) else 'a code'}"
                    "; the account signs in with its password alone."
                ),
                before=removed,
            )
    if tried.device is None:
        raise InvalidInput(tried.refusal, field="code")


def renew_recovery_codes(*, actor: Actor, code: str) -> list[str]:
    """New recovery codes in place of the account's old ones (used or not), once `code` from
    its authenticator is right; returned to be shown once.

    Side effect: an audit event (without the codes). Errors: InvalidInput when the account has
    no second factor, or the code is wrong or comes too soon after wrong ones."""
    with transaction.atomic():
        if not has_second_factor(actor):
            raise InvalidInput(_("Your account has no second factor; set one up first."))
        code = _normalised(code)
        if code and not _is_authenticator_code(code):
            raise InvalidInput(
                _("Type the 6-digit code your authenticator app shows now."), field="code"
            )
        tried = _try_code(actor, code)
        codes: list[str] = []
        if tried.device is not None:
            codes = _new_recovery_codes(actor)
            record_event(
                actor=actor,
                action=AuditAction.RECOVERY_CODES_RENEW,
                target=actor,
                summary=(
                    f"{actor.get_username()} made {len(codes)} new recovery codes; the old ones "
                    "no longer work."
                ),
                after={"recovery_codes": len(codes)},
            )
    if tried.device is None:
        raise InvalidInput(tried.refusal, field="code")
    return codes


def reset_second_factor(*, username: str) -> str:
    """Take away the second factor of the account `username` for someone who lost their device:
    the installation's operator only. It signs in with its password alone (or is asked to set up
    a new one, when its role requires it). Returns the operating-system user who did it.

    Side effects: every API token of the account stops working; an audit event recorded under
    the system account, naming the operating-system user. Errors: NotAllowed for anyone but the
    operator; NotFound for an unknown account; InvalidInput when the account has no second
    factor."""
    who = require_operator(
        _(
            "Only the operating-system user who runs this installation (%(runs)s) may take away "
            "an account's second factor; you are %(who)s."
        )
    )
    try:
        user = User.objects.get(username=username)
    except User.DoesNotExist:
        raise NotFound(
            _("There is no user called '%(username)s'.") % {"username": username}
        ) from None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if not has_second_factor(user):
            raise InvalidInput(
                _("The account '%(username)s' has no second factor; there is nothing to reset.")
                % {"username": username}
            )
        removed = _remove_devices(user)
        # The lost device may be in someone else's hands with the tokens it helped to get.
        revoked = _revoke_api_tokens(user)
        record_event(
            actor=system_actor(),
            action=AuditAction.SECOND_FACTOR_RESET,
            target=user,
            summary=(
                f"The operating-system user {who} took away the second factor of {username} "
                "from the command line; the account signs in with its password until it sets "
                f"up a new one{_tokens_stopped(revoked)}."
            ),
            before=removed,
            after={"os_user": who, "api_tokens_revoked": revoked},
        )
    return who


def _revoke_api_tokens(user: User) -> int:
    """Delete every API token of `user`; how many there were."""
    count, _by_model = AuthToken.objects.filter(user_id=user.pk).delete()
    return count


def _tokens_stopped(revoked: int) -> str:
    """The end of an audit summary saying how many API tokens stopped working, if any."""
    if not revoked:
        return ""
    return f"; {revoked} API token{'s' if revoked != 1 else ''} stopped working"


def _remove_devices(user: User) -> dict[str, Any]:
    """Delete every authenticator and recovery code of `user`; what there was, for the audit
    event (names and counts, never secrets)."""
    authenticators = list(
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).values_list("name", flat=True)
    )
    codes_left = StaticToken.objects.filter(device__user_id=user.pk).count()
    TOTPDevice.objects.filter(user_id=user.pk).delete()
    StaticDevice.objects.filter(user_id=user.pk).delete()
    return {"authenticators": authenticators, "recovery_codes_left": codes_left}
