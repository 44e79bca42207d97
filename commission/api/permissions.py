from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from commission.core.roles import require

VIEW_REGISTRY = "registry.view_person"


class MayUseRegistry(BasePermission):
    """Every registry endpoint, reads and writes alike, needs the right to see the registry.

    Writes need it too: their validation answers say which references exist, which would
    otherwise tell someone who may not see the registry who is in it. The right to change the
    registry is then checked by the service the write calls.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        require(request.user, VIEW_REGISTRY, "use the member registry")
        return True
