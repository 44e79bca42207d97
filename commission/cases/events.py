"""Telling the layers above that a case was decided.

The inquiries about a case live in a layer above the cases, which cannot call it; the
inquiries listen here (`on_case_decided`, once when the application starts), and
`record_decision` calls `case_decided` inside its transaction, so whatever the listeners close
commits or rolls back with the decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commission.cases.models import Decision
    from commission.core.actors import Actor

Listener = Callable[["Actor", "Decision"], object]
_listeners: list[Listener] = []


def on_case_decided(listener: Listener) -> None:
    """Call `listener(actor, decision)` inside the transaction that records a decision."""
    if listener not in _listeners:
        _listeners.append(listener)


def case_decided(actor: Actor, decision: Decision) -> None:
    for listener in _listeners:
        listener(actor, decision)
