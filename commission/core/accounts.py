"""Signing in: the rule for guessed passwords, said in one sentence, and the answer given while
an account or an address is locked out.

django-axes counts the failures and refuses a sign-in while the account or the address is past
the limit (settings `AXES_*`, from LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES); this module
is what people and API clients are told."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def _minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_rule() -> str:
    """The rule as the login page says it."""
    return _(
        "After %(limit)s wrong passwords for one account, or from one address, signing in is "
        "paused for %(minutes)s minutes; then the right password works again at once."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": _minutes()}


def lockout_sentence() -> str:
    """What someone locked out is told."""
    return _(
        "Too many wrong passwords for this account or from this address: signing in is paused "
        "for %(minutes)s minutes. Wait, then sign in with the right password; nothing else is "
        "needed."
    ) % {"minutes": _minutes()}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The answer django-axes gives in place of a refused sign-in: JSON under /api/ (in the
    shape of every other API refusal), the login page with the sentence elsewhere."""
    sentence = lockout_sentence()
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path_info.startswith("/api/"):
        answer: HttpResponse = JsonResponse({"detail": sentence}, status=429)
    else:
        form = AuthenticationForm(request, data=request.POST or None)
        form.errors.clear()
        answer = TemplateResponse(
            request,
            "registration/login.html",
            {"form": form, "lockout": sentence, "lockout_rule": lockout_rule()},
            status=429,
        )
        answer.render()
    answer["Retry-After"] = retry_after
    return answer
