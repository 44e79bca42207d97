"""What every API view does at its edge: check the right to use a group of endpoints (the
right to change anything is then the service's to check), and validate a request body against
its schema, answering with the field-by-field sentences of `api.errors` when it does not fit."""

from __future__ import annotations

from typing import Any

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
    """The body's values, checked by `schema` (with `context`); a ValidationError otherwise."""
    form = schema(data=data, context=context)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


# Every registry endpoint, reads and writes alike, needs the right to see the registry: the
# answers of writes say which references exist, which would otherwise tell someone who may not
# see the registry who is in it.
MayUseRegistry = requiring("registry.view_person", "use the member registry")
# Every letter endpoint needs the right to read letters, writes too: their answers quote them.
MayReadLetters = requiring("documents.view_document", "read the letters")
# Every inquiry endpoint needs the right to read inquiries.
MayUseInquiries = requiring("inquiries.view_inquiry", "use the commission's inquiries")
