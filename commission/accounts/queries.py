"""Reads about an account's second factor: whether it has one, whether its role requires one,
and whether the session in hand has given its code."""

from __future__ import annotations

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from commission.core.actors import Viewer
from commission.core.roles import Role, group_names

# Staff and superusers: the accounts that reach the back office.
ADMIN = "admin"
# The roles REQUIRE_SECOND_FACTOR_FOR may name: those that sign decisions, read everything,
# or administer the installation.
ROLES_THAT_MAY_REQUIRE = (Role.CHAIR, Role.AUDITOR, ADMIN)


def _signed_in(user: Viewer | None) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def has_second_factor(user: Viewer | None) -> bool:
    """The account signs in with a code from a confirmed authenticator."""
    if not _signed_in(user):
        return False
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()  # type: ignore[union-attr]


def pending_authenticator(user: Viewer) -> TOTPDevice | None:
    """The authenticator set up but not yet confirmed with a code, if any."""
    if not _signed_in(user):
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("-pk").first()


def recovery_codes_left(user: Viewer) -> int:
    if not _signed_in(user):
        return 0
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


def recovery_device(user: Viewer) -> StaticDevice | None:
    if not _signed_in(user):
        return None
    return StaticDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def roles_of(user: Viewer) -> set[str]:
    """The account's roles as REQUIRE_SECOND_FACTOR_FOR names them ("admin" for staff and
    superusers)."""
    if not _signed_in(user):
        return set()
    names = set(group_names(user))
    if user.is_staff or user.is_superuser:
        names.add(ADMIN)
    return names


def second_factor_required(user: Viewer | None) -> bool:
    """The installation requires a second factor of one of the account's roles."""
    required = set(getattr(settings, "REQUIRE_SECOND_FACTOR_FOR", []) or [])
    if not required or not _signed_in(user):
        return False
    return bool(required & roles_of(user))  # type: ignore[arg-type]


def owes_second_factor(user: Viewer | None) -> bool:
    """Its role requires a second factor and it has none yet: it may only set one up."""
    return second_factor_required(user) and not has_second_factor(user)


def session_verified(user: Viewer | None) -> bool:
    """The session has given a code of the account's second factor (django-otp's OTPMiddleware
    sets `is_verified`; a user object that did not pass it has given none)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def owes_code(user: Viewer | None) -> bool:
    """Signed in with the password only, by an account that has a second factor: it reaches no
    page but the one that asks for the code."""
    # A session that gave its code owes none, and is known so without reading the devices.
    return not session_verified(user) and has_second_factor(user)
