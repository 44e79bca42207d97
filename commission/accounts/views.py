"""The account page and the second factor's pages: set up, confirm, turn off, new recovery
codes, and the second step of signing in. Thin: each calls one service of accounts.services."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from commission.accounts import services
from commission.accounts.queries import (
    ADMIN,
    has_second_factor,
    owes_code,
    pending_authenticator,
    recovery_codes_left,
    roles_of,
    second_factor_required,
)
from commission.core.actors import signed_in
from commission.core.errors import CommissionError
from commission.core.roles import ROLE_LABELS


def _code(request: HttpRequest) -> str:
    return request.POST.get("code", "")[:64]


def _account_context(request: HttpRequest, **more: Any) -> dict[str, Any]:
    user = request.user
    roles = sorted(roles_of(user))
    return {
        "nav": "account",
        "roles": [
            _("administrator") if role == ADMIN else str(ROLE_LABELS.get(role, role))
            for role in roles
        ],
        "has_second_factor": has_second_factor(user),
        "required": second_factor_required(user),
        "recovery_codes_left": recovery_codes_left(user),
        "recovery_codes_total": services.RECOVERY_CODES,
        **more,
    }


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", _account_context(request))


@login_required
@require_POST
def start_second_factor(request: HttpRequest) -> HttpResponse:
    try:
        services.start_second_factor(actor=signed_in(request.user))
    except CommissionError as refusal:
        messages.error(request, refusal.message)
        return redirect("accounts:account")
    return redirect("accounts:second-factor-confirm")


def _provisioning(device: TOTPDevice) -> dict[str, str]:
    """What an authenticator app needs: the QR code of the key's address (an SVG data: image,
    which the content security policy allows) and the key as text, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii")
    qr = segno.make(device.config_url, error="m")
    return {
        "qr": qr.svg_data_uri(scale=5, border=4, dark="#1d232b"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }


@login_required
def confirm_second_factor(request: HttpRequest) -> HttpResponse:
    pending = pending_authenticator(request.user)
    if pending is None:
        return redirect("accounts:account")
    error = ""
    if request.method == "POST":
        try:
            done = services.confirm_second_factor(
                actor=signed_in(request.user), code=_code(request)
            )
        except CommissionError as refusal:
            error = refusal.message
        else:
            # This session gave the code: it stays signed in; the account's others must give one.
            django_otp.login(request, done.device)
            return _show_recovery_codes(request, done.recovery_codes, first=True)
    context = {"nav": "account", "error": error, **_provisioning(pending)}
    return render(
        request, "accounts/second_factor_setup.html", context, status=400 if error else 200
    )


def _show_recovery_codes(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    # Shown in the answer to the form, never stored to be shown again (the answer is no-store).
    return render(
        request,
        "accounts/recovery_codes.html",
        {"nav": "account", "codes": codes, "first": first},
    )


@login_required
@require_POST
def turn_off_second_factor(request: HttpRequest) -> HttpResponse:
    try:
        services.turn_off_second_factor(actor=signed_in(request.user), code=_code(request))
    except CommissionError as refusal:
        context = _account_context(request, off_error=refusal.message)
        return render(request, "accounts/account.html", context, status=400)
    if second_factor_required(request.user):
        messages.info(
            request,
            _(
                "The second factor is off. Your role requires one: set up the authenticator "
                "you will use from now on."
            ),
        )
    else:
        messages.success(
            request, _("The second factor is off: you sign in with your password alone.")
        )
    return redirect("accounts:account")


@login_required
@require_POST
def renew_recovery_codes(request: HttpRequest) -> HttpResponse:
    try:
        codes = services.renew_recovery_codes(actor=signed_in(request.user), code=_code(request))
    except CommissionError as refusal:
        context = _account_context(request, renew_error=refusal.message)
        return render(request, "accounts/account.html", context, status=400)
    return _show_recovery_codes(request, codes, first=False)


def _next_page(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the authenticator, or a recovery code."""
    if not owes_code(request.user):
        return redirect(_next_page(request))
    error = ""
    if request.method == "POST":
        try:
            device = services.verify_second_factor(
                user=signed_in(request.user), code=_code(request)
            )
        except CommissionError as refusal:
            error = refusal.message
        else:
            # A new session key for the fully signed-in session, as at the password step.
            request.session.cycle_key()
            django_otp.login(request, device)
            return redirect(_next_page(request))
    return render(
        request,
        "accounts/verify.html",
        {"error": error, "next": _next_page(request)},
        status=400 if error else 200,
    )
