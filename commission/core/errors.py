"""Errors raised by services. Each carries a sentence a clerk can act on."""

from __future__ import annotations


class CommissionError(Exception):
    """Base of every refusal a service makes; the message is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(CommissionError):
    """The acting user lacks the permission the action needs."""


class NotFound(CommissionError):
    """The record named does not exist."""


class InvalidInput(CommissionError):
    """The values given cannot be accepted; `field` names the offending one when known."""


class Conflict(CommissionError):
    """Somebody else changed the record since it was read; nothing was overwritten."""
