"""Turns service refusals and request errors into JSON answers that say why and name the field:
`{"detail": sentence, "errors": {field: [sentence, …]}}`, `errors` only when fields are at
fault. Nested fields are named by path ("names.0.kind"), so every value under `errors` is a
list of sentences whatever the shape of the request."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from commission.core.errors import CommissionError, Conflict, InvalidInput, NotAllowed, NotFound


# 400 says the request does not fit the schema (a missing field, a word where a number goes);
# 422 says it fits, but the rules refuse it: a reference to nothing, a date before another, a
# step the record's state does not allow. A client can tell its own bug from a refusal.
class Malformed(InvalidInput):
    """A request that does not fit the schema, found outside a serializer (a query parameter
    read by hand): answered 400, not 422."""


_STATUS = {
    Malformed: status.HTTP_400_BAD_REQUEST,
    NotAllowed: status.HTTP_403_FORBIDDEN,
    NotFound: status.HTTP_404_NOT_FOUND,
    InvalidInput: status.HTTP_422_UNPROCESSABLE_ENTITY,
    Conflict: status.HTTP_409_CONFLICT,
}
# The codes of schema-level errors that a well-formed request can meet: a reference to no record,
# a text holding a character the database cannot store.
_REFUSED_BY_RULES = frozenset({"does_not_exist", "null_characters_not_allowed", "empty", "rule"})

# DRF's own sentences for a missing or bad credential do not say what to do about it.
_AUTH_SENTENCES: dict[type[exceptions.APIException], str] = {
    exceptions.NotAuthenticated: (
        'Sign in, or send an API token in the header "Authorization: Token <token>".'
    ),
    exceptions.AuthenticationFailed: (
        "The API token or credentials were not accepted; get a token from /api/v1/auth/token/."
    ),
}

_SEVERAL = "Some values were not accepted; see errors for each field."


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, CommissionError):
        set_rollback()
        code = next((c for t, c in _STATUS.items() if isinstance(exc, t)), 400)
        body: dict[str, Any] = {"detail": exc.message}
        if exc.field:
            body["errors"] = {exc.field: [exc.message]}
        return Response(body, status=code)
    response = exception_handler(exc, context)
    if response is None:
        return None
    for kind, sentence in _AUTH_SENTENCES.items():
        if isinstance(exc, kind):
            response.data = {"detail": sentence}
    if isinstance(exc, exceptions.Throttled):
        response.data = {"detail": _throttled_sentence(exc)}
    if isinstance(exc, exceptions.ValidationError):
        codes = _codes(exc.detail)
        if codes and codes <= _REFUSED_BY_RULES:
            response.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
        errors = field_errors(response.data)
        response.data = {"detail": _summary(errors), "errors": errors}
    return response


def _codes(detail: Any) -> set[str]:
    """Every error code in DRF's nested error structure."""
    if isinstance(detail, dict):
        return set().union(*(_codes(v) for v in detail.values())) if detail else set()
    if isinstance(detail, list):
        return set().union(*(_codes(v) for v in detail)) if detail else set()
    return {str(getattr(detail, "code", "invalid"))}


def _throttled_sentence(exc: exceptions.Throttled) -> str:
    # The stubs do not declare `wait`, which DRF sets to whole seconds (or None).
    wait: int | None = getattr(exc, "wait", None)
    if wait is None:
        return "Too many requests in a short time; wait a minute and try again."
    seconds = max(1, wait)
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many requests in a short time; try again in {seconds} {unit}."


def field_errors(data: Any, path: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure flattened to {field path: [sentences]}."""
    if isinstance(data, dict):
        found: dict[str, list[str]] = {}
        for key, value in data.items():
            found.update(field_errors(value, f"{path}.{key}" if path else str(key)))
        return found
    if isinstance(data, list) and any(isinstance(item, dict | list) for item in data):
        found = {}
        for index, item in enumerate(data):
            found.update(field_errors(item, f"{path}.{index}" if path else str(index)))
        return found
    sentences = [str(item) for item in data] if isinstance(data, list) else [str(data)]
    return {path or "non_field_errors": sentences} if sentences else {}


def _summary(errors: dict[str, list[str]]) -> str:
    """The one sentence when there is one, so a client can show `detail` alone."""
    sentences = [(field, s) for field, messages in errors.items() for s in messages]
    if len(sentences) != 1:
        return _SEVERAL
    field, sentence = sentences[0]
    return sentence if field == "non_field_errors" else f"{field}: {sentence}"
