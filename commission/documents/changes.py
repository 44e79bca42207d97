"""Telling the layers above that something they keep about documents has changed.

A layer above may keep its own copy of facts about documents (the search index keeps which
commissions' cases a letter is filed on, and their states). The layers below it cannot call
it, so it listens here: `on_documents_changed` once when the application starts, and the
services that change such facts call `documents_changed` inside their transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Listener = Callable[[list[int]], None]
_listeners: list[Listener] = []


def on_documents_changed(listener: Listener) -> None:
    """Call `listener` with the ids of documents whose facts changed (inside the transaction)."""
    if listener not in _listeners:
        _listeners.append(listener)


def documents_changed(document_ids: Iterable[int]) -> None:
    ids = sorted(set(document_ids))
    if ids:
        for listener in _listeners:
            listener(ids)
