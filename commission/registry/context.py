"""What every page needs to know of the registry, read from the session, not the database."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from commission.registry.apps import HAS_RECORD


def own_record(request: HttpRequest) -> dict[str, Any]:
    """`has_own_record`: whether the signed-in account is a person of the registry."""
    session = getattr(request, "session", None)
    return {
        "has_own_record": bool(session.get(HAS_RECORD, False)) if session is not None else False
    }
