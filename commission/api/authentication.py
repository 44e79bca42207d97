"""How the API knows who calls it: a bearer token (django-rest-knox) or the browser's session,
each refusing, in a sentence, an account that still owes its second factor.

A session signed in with the password only, by an account that has a second factor, is not
signed in for the API until it has given its code on the pages; an account whose role requires a
second factor (REQUIRE_SECOND_FACTOR_FOR) and has none is refused with either, until it sets one
up. A token itself stays a bearer token: it was issued only after the code was given."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from commission.accounts.queries import owes_code, owes_second_factor


def _refuse_owing(user: Any) -> None:
    if owes_second_factor(user):
        raise exceptions.PermissionDenied(
            _(
                "Your role requires a second factor and your account has none yet, so the API "
                "refuses its requests: set one up on your account page (%(page)s), then use the "
                "API again."
            )
            % {"page": reverse("accounts:account")}
        )


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        found = super().authenticate(request)
        if found is not None:
            _refuse_owing(found[0])
        return found


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        found = super().authenticate(request)
        if found is None:
            return None
        if owes_code(request._request.user):
            raise exceptions.PermissionDenied(
                _(
                    "This browser session has given the password but not yet the code of the "
                    "account's second factor; give it on the sign-in page (%(page)s), or send an "
                    "API token."
                )
                % {"page": reverse("accounts:verify")}
            )
        _refuse_owing(found[0])
        return found
