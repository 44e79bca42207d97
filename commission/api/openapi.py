"""How the OpenAPI schema describes what drf-spectacular cannot infer on its own.

Imported by `commission.api.urls`, so the extensions are registered before any schema is built.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from commission.api.schemas import ErrorSchema

_NO_SUCH_PAGE = OpenApiResponse(ErrorSchema, description="The list has no page of that number.")
_REFUSED = OpenApiResponse(
    ErrorSchema,
    description=(
        "The request fits the schema, but the rules refuse it (a reference to no record, a date "
        "out of order, a step the record's state does not allow): `detail` says why, `errors` "
        "names the fields."
    ),
)


class CommissionAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the answers no view declares itself: a page past the last
    is a 404 (`commission.api.pagination`), and an operation that can answer 400 can answer 422
    (`commission.api.errors`)."""

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        """A text that may not be blank may not be only spaces either: DRF trims it first and
        then finds it blank. The schema says so with a pattern."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not isinstance(field, serializers.ChoiceField)
            and not field.allow_blank
            and field.trim_whitespace
            and isinstance(schema, dict)
            and schema.get("type") == "string"
            and "pattern" not in schema
            and "format" not in schema
        ):
            # Python's strip() also takes \x1c-\x1f and \x85, which a JSON Schema \s does not.
            schema["pattern"] = r"[^\s\u001c-\u001f\u0085]"
        return schema

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        bodies = super()._get_response_bodies(direction)
        if "404" not in bodies and self._get_pagination_parameters():
            bodies["404"] = self._get_response_for_code(_NO_SUCH_PAGE, "404", direction=direction)
        # Wherever a value can be refused (400), the rules can refuse a well-formed one (422).
        if "400" in bodies and "422" not in bodies:
            bodies["422"] = self._get_response_for_code(_REFUSED, "422", direction=direction)
        return bodies


class EnumFieldSchema(OpenApiSerializerFieldExtension):
    """One component per registry enum, named after it ("RelationshipKind"), shared by every
    field that takes it. Named by field instead, the several fields called "kind" (of a name,
    a contact, a tie, a unit) would collide."""

    target_class = "commission.registry.schemas.EnumField"

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Any) -> Any:
        enum = self.target.enum
        component = ResolvedComponent(
            name=enum.__name__,
            type=ResolvedComponent.SCHEMA,
            object=enum,
            schema={
                "type": "string",
                "enum": list(enum.values),
                "description": "\n".join(f"* `{value}` - {label}" for value, label in enum.choices),
            },
        )
        auto_schema.registry.register_on_missing(component)
        if self.target.allow_blank:
            return {"oneOf": [component.ref, {"type": "string", "enum": [""]}]}
        return component.ref


class PersonChangesSchemaRequired(OpenApiSerializerExtension):
    """A PATCH body is partial, so drf-spectacular marks every field optional; `version` is
    the exception, because without it a change could overwrite someone else's."""

    target_class = "commission.registry.schemas.PersonChangesSchema"

    def map_serializer(self, auto_schema: AutoSchema, direction: Any) -> Any:
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["required"] = ["version", *[r for r in schema.get("required", []) if r != "version"]]
        return schema


class PersonDetailSchemaContacts(OpenApiSerializerExtension):
    """`contacts` is left out for readers who may not see personal data, so the schema must
    not promise it; drf-spectacular would list every read-only field as always present."""

    target_class = "commission.registry.schemas.PersonDetailSchema"

    def map_serializer(self, auto_schema: AutoSchema, direction: Any) -> Any:
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["required"] = [r for r in schema.get("required", []) if r != "contacts"]
        return schema


class TokenScheme(KnoxTokenScheme):
    """The API's token authentication is knox's with the second factor's check: the same scheme."""

    target_class = "commission.api.authentication.TokenAuthentication"


class BrowserSessionScheme(SessionScheme):
    """The session authentication with the second factor's check: the same cookie scheme."""

    target_class = "commission.api.authentication.SessionAuthentication"
