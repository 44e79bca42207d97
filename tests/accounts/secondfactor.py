"""Helpers for the second factor's tests: an authenticator app's codes computed from the key, as
the phone would, and an account put through setting one up."""

from __future__ import annotations

import time

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from commission.accounts import services

PASSWORD = "correct horse battery"


def _step(device: TOTPDevice) -> int:
    return (int(time.time()) - device.t0) // device.step


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now; one past the last code used when that one was this step's
    (a code is taken once), which the device still accepts within its one step of tolerance."""
    device.refresh_from_db()
    now = _step(device)
    step = max(now, device.last_t + 1)
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=6, drift=step - now)
    return f"{value:06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """Six digits that are none of the codes the device would take just now."""
    device.refresh_from_db()
    now = _step(device)
    taken = {
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6, drift=d):06d}"
        for d in range(-2, 4)
    }
    return next(f"{n:06d}" for n in range(100) if f"{n:06d}" not in taken and now >= 0)


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Set up and confirm a second factor for `user`; its device and recovery codes."""
    pending = services.start_second_factor(actor=user)
    done = services.confirm_second_factor(actor=user, code=code_for(pending))
    return done.device, done.recovery_codes


def wait_out_throttle(device) -> None:
    """As if the wait after the last wrong code were over."""
    type(device).objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
