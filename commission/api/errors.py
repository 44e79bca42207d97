"""Turns service refusals into JSON answers that name the field and say why."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from commission.core.errors import CommissionError, Conflict, InvalidInput, NotAllowed, NotFound

_STATUS = {
    NotAllowed: status.HTTP_403_FORBIDDEN,
    NotFound: status.HTTP_404_NOT_FOUND,
    InvalidInput: status.HTTP_400_BAD_REQUEST,
    Conflict: status.HTTP_409_CONFLICT,
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, CommissionError):
        code = next((c for t, c in _STATUS.items() if isinstance(exc, t)), 400)
        body: dict[str, Any] = {"detail": exc.message}
        if exc.field:
            body["errors"] = {exc.field: [exc.message]}
        return Response(body, status=code)
    response = exception_handler(exc, context)
    if (
        response is not None
        and response.status_code == 400
        and isinstance(response.data, dict)
        and "detail" not in response.data
    ):
        response.data = {
            "detail": "Some values were not accepted; see errors for each field.",
            "errors": response.data,
        }
    return response
