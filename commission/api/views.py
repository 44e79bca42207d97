"""Signing in to the API, and the answer for an address under it that names nothing. The
registry endpoints live in `commission.api.registry_views`."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.defaults import page_not_found
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from commission.api.schemas import ErrorSchema, TokenRequestSchema, TokenSchema
from commission.api.services import api_token_for
from commission.core.errors import InvalidInput


class TokenView(APIView):
    """Exchange a username and password for the user's API token."""

    # No authentication: a stale session cookie must not make this answer a CSRF refusal.
    authentication_classes = []
    permission_classes = [AllowAny]
    # Password guessing through the API is slowed to the rate set in settings.
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        summary="Get the API token for a username and password",
        request=TokenRequestSchema,
        responses={
            200: TokenSchema,
            400: OpenApiResponse(ErrorSchema, description="Wrong username or password."),
            429: OpenApiResponse(
                ErrorSchema, description="Too many attempts; `Retry-After` says when to try again."
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        form = TokenRequestSchema(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if user is None:
            # One sentence for an unknown user, a wrong password and a disabled account, so
            # the answer does not tell which usernames exist.
            raise InvalidInput("The username or password is not right.", field="password")
        token = api_token_for(user=user)
        return Response({"token": token.key}, status=status.HTTP_200_OK)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404. Under /api/ it answers JSON in the shape of every other API refusal,
    since a client reading JSON cannot read the HTML page people get; elsewhere the page."""
    if not request.path_info.startswith("/api/"):
        return page_not_found(request, exception)
    sentence = (
        f"There is nothing at the address {request.path}; the API's addresses are listed at "
        f"{reverse('api-docs')}."
    )
    return JsonResponse({"detail": sentence}, status=404, json_dumps_params={"ensure_ascii": False})
