"""What every API view does at its edge: check the right to use a group of endpoints (the
right to change anything is then the service's to check), and validate a request body against
its schema, answering with the field-by-field sentences of `api.errors` when it does not fit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from commission.core.roles import require


def requiring(permission: str, doing: str) -> type[BasePermission]:
    """A permission class refusing, in the services' sentence, anyone without `permission`;
    `doing` completes "You may not …"."""

    class Requires(BasePermission):
        def has_permission(self, request: Request, view: Any) -> bool:
            require(request.user, permission, doing)
            return True

    Requires.__name__ = Requires.__qualname__ = f"Requires_{permission.replace('.', '_')}"
    return Requires


def validated(schema: type[BaseSerializer[Any]], data: Any, **context: Any) -> dict[str, Any]:
    """The body's values, checked by `schema` (with `context`); a ValidationError otherwise.
    A text field must be sent as text: DRF would take the number 0 as the text "0", which the
    schema does not allow."""
    form = schema(data=data, context=context)
    wrong = _query_shape(form, data) or _not_text(form, data)
    if wrong:
        raise serializers.ValidationError(wrong)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


def _query_shape(form: Any, data: Any) -> dict[str, Any]:
    """{field: [sentence]} for a query parameter given more than once where the schema takes
    one value."""
    if not isinstance(data, QueryDict) or not hasattr(form, "fields"):
        return {}
    found: dict[str, Any] = {}
    for name, field in form.fields.items():
        values = data.getlist(name)
        if len(values) > 1 and not isinstance(
            field, serializers.ListField | serializers.MultipleChoiceField
        ):
            count = len(values)
            found[name] = [
                ngettext(
                    "Give %(name)s once, not %(count)s times.",
                    "Give %(name)s once, not %(count)s times.",
                    count,
                )
                % {"name": name, "count": count}
            ]
    return found


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return _("the value %(value)s") % {"value": str(value).lower()}
    if isinstance(value, int | float):
        return _("the number %(value)s") % {"value": value}
    if isinstance(value, list):
        return _("a list")
    return _("an object") if isinstance(value, dict) else repr(value)


def _not_text(form: Any, data: Any) -> dict[str, Any]:
    """{field: [sentence]} for every text field (nested ones too) given something else, and
    every true-or-false field of a JSON body given something else."""
    if not isinstance(data, Mapping) or not hasattr(form, "fields"):
        return {}
    found: dict[str, Any] = {}
    for name, field in form.fields.items():
        if name not in data or field.read_only:
            continue
        value = data[name]
        if (
            isinstance(data, QueryDict)
            and value == ""
            and not getattr(field, "allow_blank", False)
            # a reference is text, and empty text is text: the schema lets it through
            and not isinstance(field, serializers.RelatedField)
        ):
            # DRF reads an empty query value of an optional field as absent (a date, a number
            # too); the schema says the value may not be empty, so an empty one is refused
            # rather than ignored.
            found[name] = [_("Give %(name)s a value, or leave it out.") % {"name": name}]
        elif (
            isinstance(field, serializers.CharField)
            and not isinstance(field, serializers.ChoiceField)
        ) or isinstance(field, serializers.SlugRelatedField):
            # A reference is text too: the number 0 would otherwise find the record "0".
            if value is not None and not isinstance(value, str):
                found[name] = [
                    _("Give %(name)s as text (in quotes), not %(what)s.")
                    % {"name": name, "what": _what(value)}
                ]
            elif (
                isinstance(value, str)
                and (longest := getattr(field, "max_length", None)) is not None
                and len(value) > longest
            ):
                # DRF measures the text after trimming its ends; the limit is on what was sent.
                found[name] = [field.error_messages["max_length"].format(max_length=longest)]
        elif isinstance(field, serializers.BooleanField) and not isinstance(data, QueryDict):
            # A JSON body says true or false; a form or query string may say "1" or "on".
            if value is not None and not isinstance(value, bool):
                found[name] = [
                    _("Give %(name)s as true or false, not %(what)s.")
                    % {"name": name, "what": _what(value)}
                ]
        elif isinstance(field, serializers.ListSerializer) and isinstance(value, list):
            nested = {
                str(i): errors
                for i, item in enumerate(value)
                if (errors := _not_text(field.child, item))
            }
            if nested:
                found[name] = nested
        elif isinstance(field, serializers.Serializer):
            nested_errors = _not_text(field, value)
            if nested_errors:
                found[name] = nested_errors
    return found


# Every registry endpoint, reads and writes alike, needs the right to see the registry: the
# answers of writes say which references exist, which would otherwise tell someone who may not
# see the registry who is in it.
MayUseRegistry = requiring("registry.view_person", "use the member registry")
# Every letter endpoint needs the right to read letters, writes too: their answers quote them.
MayReadLetters = requiring("documents.view_document", "read the letters")
# Every inquiry endpoint needs the right to read inquiries.
MayUseInquiries = requiring("inquiries.view_inquiry", "use the commission's inquiries")
