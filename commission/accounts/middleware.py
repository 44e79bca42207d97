"""No page before the second factor.

After the password, an account with a second factor reaches only the page that asks for its code
(and signing out, the language switch); an account whose role requires a second factor and has
none reaches only the pages that set one up. Every other address, the back office included, sends
it there, so no direct link gets round the code. The API is guarded by its own authentication
classes (commission.api.authentication), which answer in JSON."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from commission.accounts.queries import owes_code, owes_second_factor


def _always_open() -> tuple[str, ...]:
    return (reverse("logout"), reverse("login"), reverse("switch-language"))


def _setting_up() -> tuple[str, ...]:
    return (
        reverse("accounts:account"),
        reverse("accounts:second-factor-start"),
        reverse("accounts:second-factor-confirm"),
    )


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or path.startswith("/api/")
            or path.startswith("/" + settings.STATIC_URL.lstrip("/"))
            or path in _always_open()
        ):
            return self.get_response(request)
        if owes_code(user):
            if path == reverse("accounts:verify"):
                return self._signing_in(request)
            return _send_to(request, reverse("accounts:verify"))
        if owes_second_factor(user):
            if path in _setting_up():
                return self._signing_in(request)
            return _send_to(request, reverse("accounts:account"))
        return self.get_response(request)

    def _signing_in(self, request: HttpRequest) -> HttpResponse:
        # The page leaves out the menu and what it loads by itself (the notifications), which
        # would only be sent back here.
        request.signing_in = True  # type: ignore[attr-defined]
        return self.get_response(request)


def _send_to(request: HttpRequest, target: str) -> HttpResponse:
    """To `target`, coming back afterwards to the page that was asked for (if it was a page to
    come back to: a GET)."""
    htmx = bool(getattr(request, "htmx", False))
    # Back afterwards to a page asked for, not to a part of one that htmx asked for.
    if request.method == "GET" and not htmx:
        target = f"{target}?{urlencode({'next': request.get_full_path()})}"
    if htmx:
        # htmx would swap the page it was sent to into a part of the page; the whole page goes.
        answer = HttpResponse(status=204)
        answer["HX-Redirect"] = target
        return answer
    return HttpResponseRedirect(target)
