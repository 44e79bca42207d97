"""Keeping the full-text index in step with the letters.

The write services that register or change a letter call `index_letters` inside their own
transaction. With the embedded engine that writes the change log (`IndexChange`), which the
index applies right after the commit and which every other process follows; with a database
engine it writes the engine's own index in the same transaction. Either way a committed letter
is findable and a rolled-back one never is."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from django.db import connection, transaction

from commission.search.backends import IndexCheck, backend_for
from commission.search.engine import IndexedLetter, analyse
from commission.search.models import IndexChange

# A letter as the index takes it; a load builds these from what it stores, with its words
# analysed ahead (`analyse`) where `LetterLoad.analyses_ahead` says the index wants them.
NewLetter = IndexedLetter
__all__ = ["NewLetter", "analyse"]


def index_letters(document_ids: Iterable[int]) -> None:
    """(Re)index these documents as they will stand when the current transaction commits."""
    ids = sorted(set(document_ids))
    if not ids:
        return
    backend = backend_for()
    if backend.follows_change_log:
        from commission.search.embedded import apply_after_commit

        IndexChange.objects.bulk_create([IndexChange(document_id=pk) for pk in ids])
        transaction.on_commit(apply_after_commit)
    else:
        backend.index_letters(ids)


class LetterLoad(Protocol):
    analyses_ahead: bool

    def add(self, letters: Sequence[NewLetter]) -> None:
        """Index these new letters (no names, no filings yet) as they will stand when the
        current transaction commits."""


@contextlib.contextmanager
def indexing_in_rounds(every: float = 0.5) -> Iterator[None]:
    """For a batch that files letters one transaction at a time (`intake.ingest_paths`): the
    embedded index applies what the batch committed at most every `every` seconds and at its
    end, rather than after each commit. Each letter's change is still logged in its own
    transaction, and a search applies the log before it answers, so a filed letter is findable
    as before; a database engine indexes each letter in its transaction and is not affected."""
    if backend_for().follows_change_log:
        from commission.search.embedded import gathering

        with gathering(every):
            yield
    else:
        yield


@contextlib.contextmanager
def loading_letters() -> Iterator[LetterLoad]:
    """For a load of many new letters: within it, `add` each batch inside the transaction that
    stores it. The embedded index is then written by one writer for the whole load, from the
    letters given rather than read back. Inside a transaction of the caller's (whose commit
    comes after the load returns), and with a database engine, each batch is indexed as any
    change is."""
    if backend_for().follows_change_log and not connection.in_atomic_block:
        from commission.search.embedded import Loading

        with Loading() as load:
            yield load
    else:
        yield _AsAnyChange()


class _AsAnyChange:
    analyses_ahead = False

    def add(self, letters: Sequence[NewLetter]) -> None:
        index_letters([letter.id for letter in letters])


def rebuild_index() -> int:
    """Index every document again, from scratch (after a restore, or to start over)."""
    backend = backend_for()
    if backend.follows_change_log:
        return backend.rebuild()
    with transaction.atomic():
        return backend.rebuild()


def check_index(*, fix: bool) -> IndexCheck:
    """Compare the index with the letters on file; with `fix`, put right what differs."""
    return backend_for().check(fix=fix)


def after_bulk_load() -> None:
    """After many letters were indexed at once, bring the engine's statistics up to date. Does
    nothing inside a transaction (PostgreSQL's VACUUM cannot run in one)."""
    if not connection.in_atomic_block:
        backend_for().after_bulk_load()
