"""Signing in to the API, and the answer for an address under it that names nothing. The
registry endpoints live in `commission.api.registry_views`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from commission.api.edge import validated
from commission.api.schemas import (
    ErrorSchema,
    TokenRequestSchema,
    TokenRevocationSchema,
    TokenRevokedSchema,
    TokenSchema,
)
from commission.api.services import (
    IssuedToken,
    issue_api_token,
    revoke_api_tokens,
    rotate_api_token,
)
from commission.core.actors import signed_in
from commission.core.errors import InvalidInput, NotAllowed

_LOCKED_OUT = OpenApiResponse(
    ErrorSchema,
    description="Too many wrong passwords for the account or from the address; "
    "`Retry-After` says when to try again.",
)
_NO_TOKEN = OpenApiResponse(ErrorSchema, description="No valid token.")


def _token_answer(issued: IssuedToken, code: int = status.HTTP_200_OK) -> Response:
    return Response(TokenSchema({"token": issued.key, "expires": issued.expires}).data, status=code)


def _token_of(request: Request) -> AuthToken:
    """The token the request came with; a session has none to rotate or revoke."""
    if not isinstance(request.auth, AuthToken):
        raise NotAllowed(
            _(
                "This needs the API token itself: send it as the header "
                '"Authorization: Token <token>".'
            )
        )
    return request.auth


class TokenView(APIView):
    """Exchange a username and password for a new API token."""

    # No authentication: a stale session cookie must not make this answer a CSRF refusal.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        summary="Get a new API token for a username and password",
        description="The token is shown once; only its digest is kept. It expires at `expires`; "
        "rotate it before then. An account with a second factor also sends `code`, the code "
        "its authenticator app shows now (or a recovery code). Guessing is slowed by the "
        "sign-in lockout: after too many wrong passwords for one account or from one address, "
        "every attempt answers 429 for a while.",
        request=TokenRequestSchema,
        responses={
            200: TokenSchema,
            400: OpenApiResponse(ErrorSchema, description="Wrong username or password."),
            403: OpenApiResponse(
                ErrorSchema,
                description="The account's role requires a second factor it has not set up.",
            ),
            422: OpenApiResponse(
                ErrorSchema,
                description="The account has a second factor and the code is missing or wrong.",
            ),
            429: _LOCKED_OUT,
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        form = TokenRequestSchema(data=request.data)
        form.is_valid(raise_exception=True)
        # The sign-in lockout (django-axes) sees this attempt through `authenticate`; while the
        # account or address is locked out its middleware answers 429 in place of this view.
        user = authenticate(
            request._request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if user is None:
            # One sentence for an unknown user, a wrong password and a disabled account, so
            # the answer does not tell which usernames exist.
            raise InvalidInput(_("The username or password is not right."), field="password")
        issued = issue_api_token(user=user, second_factor_code=form.validated_data.get("code", ""))
        return _token_answer(issued)


class TokenRotationView(APIView):
    """Swap the token a request came with for a new one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Rotate the API token: a new one is issued and the one sent stops working",
        request=None,
        responses={200: TokenSchema, 401: _NO_TOKEN, 403: OpenApiResponse(ErrorSchema)},
    )
    def post(self, request: Request) -> Response:
        issued = rotate_api_token(actor=signed_in(request.user), current=_token_of(request))
        return _token_answer(issued)


class TokenRevocationView(APIView):
    """Revoke the token a request came with, or all of the user's tokens."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Revoke the API token sent (or, with `all`, every token of the user)",
        request=TokenRevocationSchema,
        responses={
            200: TokenRevokedSchema,
            400: OpenApiResponse(ErrorSchema, description="`all` is not true or false."),
            401: _NO_TOKEN,
            403: OpenApiResponse(ErrorSchema),
        },
    )
    def post(self, request: Request) -> Response:
        values = validated(TokenRevocationSchema, request.data)
        actor = signed_in(request.user)
        only = None if values.get("all") else _token_of(request)
        revoked = revoke_api_tokens(actor=actor, user=actor, only=only)
        return Response(TokenRevokedSchema({"revoked": revoked}).data)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404. Under /api/ it answers JSON in the shape of every other API refusal,
    since a client reading JSON cannot read the HTML page people get; elsewhere the page."""
    if not request.path_info.startswith("/api/"):
        return page_not_found(request, exception)
    sentence = _(
        "There is nothing at the address %(path)s; the API's addresses are listed at %(docs)s."
    ) % {"path": request.path, "docs": reverse("api-docs")}
    return JsonResponse({"detail": sentence}, status=404, json_dumps_params={"ensure_ascii": False})
