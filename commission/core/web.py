"""What every HTML view does at its edge: refuse with the services' sentence on the page made
for refusals, and hand the signed-in account to a write (`core.actors.signed_in`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commission.core.errors import NotAllowed
from commission.core.roles import require


def denied(request: HttpRequest, message: str) -> HttpResponse:
    """The refusal page (403), saying why in `message`."""
    return render(request, "commission/denied.html", {"message": message}, status=403)


def refused(request: HttpRequest, permission: str, doing: str) -> HttpResponse | None:
    """The refusal page when the user may not do this, with the sentence the services use
    (`doing` completes "You may not …"); None when they may."""
    try:
        require(request.user, permission, doing)
    except NotAllowed as refusal:
        return denied(request, refusal.message)
    return None


def installation_calendar(request: HttpRequest) -> dict[str, object]:
    """The calendar every page runs on, for the banner that says so when it is not the real one
    (a template context processor)."""
    from commission.core.clock import calendar

    return {"installation_calendar": calendar()}
