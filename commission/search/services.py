"""Keeping the full-text index in step with the letters. The write services that register or
change a letter call `index_letters` inside their own transaction, so the index never lags a
committed letter and a rolled-back letter never reaches it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from commission.search.backends import backend_for


def index_letters(document_ids: Iterable[int]) -> None:
    """(Re)index these documents as they now stand in the database."""
    ids = sorted(set(document_ids))
    if ids:
        backend_for().index_letters(ids)


def rebuild_index() -> int:
    """Index every document again, from scratch (after a bulk load or a restore)."""
    with transaction.atomic():
        return backend_for().rebuild()


def after_bulk_load() -> None:
    """After many letters were indexed at once, bring the engine's statistics up to date. Does
    nothing inside a transaction (PostgreSQL's VACUUM cannot run in one)."""
    if not connection.in_atomic_block:
        backend_for().after_bulk_load()
