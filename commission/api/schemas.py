"""JSON shapes that belong to the API itself rather than to one bounded context: the error
answer every endpoint shares and the token exchange."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers


class ErrorSchema(serializers.Serializer[Any]):
    """Every refusal: one sentence, and when the fault lies in named fields, a sentence per
    field."""

    class Meta:
        ref_name = "Error"

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # Declared here rather than as class attributes because `errors` is also the name of
        # a Serializer property.
        return {
            "detail": serializers.CharField(help_text=_("What went wrong, as a sentence.")),
            "errors": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                required=False,
                help_text=_("For each field at fault, why its value was not accepted."),
            ),
        }


class TokenRequestSchema(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )
    code = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "For an account with a second factor: the 6-digit code its authenticator app shows "
            "now, or one of its recovery codes."
        ),
    )

    class Meta:
        ref_name = "Credentials"


class TokenSchema(serializers.Serializer[Any]):
    token = serializers.CharField(
        help_text=gettext_lazy(
            'Send it on every request as the header "Authorization: Token '
            '<token>". It is shown only now: the system keeps its digest, not the '
            "token."
        )
    )
    expires = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When it stops working; rotate it before then.")
    )

    class Meta:
        ref_name = "Token"


class TokenRevocationSchema(serializers.Serializer[Any]):
    all = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Revoke every token of the user, not only the one sent."),
    )

    class Meta:
        ref_name = "TokenRevocation"


class TokenRevokedSchema(serializers.Serializer[Any]):
    revoked = serializers.IntegerField(help_text=gettext_lazy("How many tokens stopped working."))

    class Meta:
        ref_name = "TokenRevoked"
