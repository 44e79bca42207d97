"""The embedded search backend: the tantivy index of `search.engine`, kept in step with the
database through the change log (`IndexChange`).

How a letter reaches the index:

1. The service that registers or changes a letter calls `search.services.index_letters` inside
   its transaction; that writes one `IndexChange` row per letter, so the row exists exactly when
   the change was committed, and never after a rollback.
2. Right after the commit (`on_commit`), the same process reads the log from where its index
   last stopped and applies every change it finds, its own and any other process's; the letter
   is findable when that returns, a few milliseconds after the commit. A batch of files
   (`gathering`) does this at most every half second and at its end instead.
3. A search looks at the log (at most every `SEARCH_FOLLOW_SECONDS`) for changes that other
   processes or machines committed, and applies them first.
4. When a process first uses the index, it also compares the index with the database (the
   number of letters; in full when the numbers differ or the log was pruned past where the
   index stopped), so a crash between a commit and step 2, or an index that was away for
   longer than the log is kept, is repaired then; `commission search check` does the full
   comparison on demand, and `commission search rebuild` starts again from nothing.

Where an index stopped is kept in a small file beside it (`follow.json`: the last id applied,
and ids not yet seen below it). Written after the index commits, so a crash in between only
makes the next process apply some changes twice, which changes nothing. PostgreSQL hands out
ids when rows are inserted, not when they commit, so a change may appear below the last id
applied: ids skipped over are remembered and looked for again for `GAP_SECONDS`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from commission.cases.models import CaseDocument
from commission.core import bulk, parallel
from commission.core.changelog import LogPosition
from commission.documents.access import hidden_by_policy
from commission.documents.models import Document
from commission.registry.models import Mention, Person
from commission.search.backends import (
    IndexCheck,
    LetterFilters,
    LetterHit,
    LetterResults,
    passage_html,
    register_backend,
)
from commission.search.engine import (
    Found,
    IndexedLetter,
    LetterIndex,
    Narrowing,
    WriterBusy,
    analyse,
    forget,
    open_index,
)
from commission.search.models import IndexChange
from commission.search.query import Query

log = logging.getLogger(__name__)

_CHUNK = 2_000  # letters read from the database at a time
_PARALLEL_FROM = 20_000  # letters from which a rebuild analyses them in worker processes
_STATE = "follow.json"


def index_folder() -> Path:
    configured = settings.SEARCH_INDEX_DIR
    return Path(configured) if configured else Path(settings.VAR_DIR) / "search-index"


def current_index() -> LetterIndex:
    return open_index(index_folder())


# What the index was last brought up to


@dataclass
class FollowState(LogPosition):
    @classmethod
    def read(cls, index: LetterIndex) -> FollowState:
        try:
            data = json.loads((index.path / _STATE).read_text())
        except FileNotFoundError:
            return cls()
        return cls(applied=int(data["applied"]),
                   gaps={int(k): float(v) for k, v in data.get("gaps", {}).items()})  # fmt: skip

    def write(self, index: LetterIndex) -> None:
        path = index.path / _STATE
        spare = path.with_suffix(f".{os.getpid()}.tmp")
        spare.write_text(json.dumps({"applied": self.applied, "gaps": self.gaps}))
        os.replace(spare, path)  # a reader sees the old file or the new, never half of one


# Letters as the index holds them, read from the database


def letters_for_index(ids: Sequence[int]) -> tuple[list[IndexedLetter], list[int]]:
    """The letters with these ids as the index should hold them, and the ids no longer on file."""
    letters: list[IndexedLetter] = []
    gone: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        rows = Document.objects.filter(pk__in=chunk).values_list(
            "pk", "title", "text", "notes_text", "written_on", "kind", "confidential"
        )
        filings: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for document_id, commission_id, state in CaseDocument.objects.filter(
            document_id__in=chunk
        ).values_list("document_id", "case__commission_id", "case__state"):
            filings[document_id].append((commission_id, state))
        people: dict[int, set[str]] = defaultdict(set)
        for mention in (
            Mention.objects.filter(document_id__in=chunk)
            .select_related("person")
            .only("document_id", *(f"person__{name}" for name in Person.NAME_FIELDS))
        ):
            people[mention.document_id].add(mention.person.display_name)
        found = set()
        for pk, title, text, notes, written_on, kind, confidential in rows:
            found.add(pk)
            letters.append(
                IndexedLetter(
                    id=pk, title=title, body=f"{text}\n{notes}" if notes else text,
                    people=tuple(sorted(people[pk])), written_on=written_on, kind=kind,
                    confidential=confidential,
                    commissions=tuple(sorted({c for c, _ in filings[pk]})),
                    states=tuple(sorted({s for _, s in filings[pk]})),
                )
            )  # fmt: skip
        gone += [pk for pk in chunk if pk not in found]
    return letters, gone


def _apply(
    index: LetterIndex, writer: Any, ids: Sequence[int], ready: Sequence[IndexedLetter] = ()
) -> None:
    """Index these letters as they stand in the database; `ready` are letters already read
    (a load's new letters), which are not read again."""
    letters, gone = letters_for_index(sorted(set(ids)))
    index.put(writer, [*ready, *letters])
    index.remove(writer, gone)


# Following the change log


def catch_up(index: LetterIndex | None = None, *, wait: float = 2.0) -> int:
    """Apply every change in the log this index has not seen; returns how many were applied.
    If another process is writing the index for longer than `wait`, leaves it to that process
    (which applies the same log) and only looks at what it has published."""
    index = index or current_index()
    try:
        with index.writer(wait=wait) as writer:
            state = FollowState.read(index)
            applied = _follow_log(index, writer, state)
            if applied:
                writer.commit()
                state.write(index)
            return applied
    except WriterBusy:
        index.reload()
        return 0


def _follow_log(
    index: LetterIndex,
    writer: Any,
    state: FollowState,
    ready: dict[int, IndexedLetter] | None = None,
    own: frozenset[int] = frozenset(),
) -> int:
    """Apply the log from where `state` stopped; returns how many changes were applied.

    `ready` holds letters as the changes `own` left them (a load's new letters, built from
    what it stored): a letter that only those changes touched is not read back."""
    applied = 0
    while True:
        rows = list(
            IndexChange.objects.filter(state.wanted())
            .order_by("pk")
            .values_list("pk", "document_id")[:_CHUNK]
        )
        if not rows:
            break
        ids = {document_id for _, document_id in rows}
        prepared: list[IndexedLetter] = []
        if ready:
            changed_elsewhere = {document_id for pk, document_id in rows if pk not in own}
            prepared = [ready[i] for i in ids if i in ready and i not in changed_elsewhere]
            ids -= {letter.id for letter in prepared}
        _apply(index, writer, sorted(ids), prepared)
        state.advance([pk for pk, _ in rows])
        applied += len(rows)
        if len(rows) < _CHUNK:
            break
    return applied


class Loading:
    """Many new letters indexed as a load stores them (`search.services.loading_letters`).

    The writer is held for the whole load, so the index is written by one writer in large
    segments instead of being opened and committed for each batch. Each batch's letters go to
    the log in the batch's own transaction; once it commits they are indexed from the letters
    the load built, without reading them back, together with whatever else the log holds. The
    index is committed every `SEARCH_LOAD_COMMIT_SECONDS`, in a thread of its own while the load
    stores its next batch, and at the end: a letter stored by the load, or by anyone else while
    it runs, is findable within about that time. If the load fails, what it committed stays in
    the log and is applied by the next catch-up."""

    analyses_ahead = True

    def __init__(self) -> None:
        self.index = current_index()
        self._writing: Any = None
        self.writer: _CommitAside | None = None
        self.state = FollowState()
        self.uncommitted = 0
        self.committed_at = time.monotonic()

    def __enter__(self) -> Loading:
        self._writing = self.index.writer(wait=30.0)
        self.writer = _CommitAside(self._writing.__enter__())
        self.state = FollowState.read(self.index)
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        assert self.writer is not None
        try:
            if kind is None:
                self._follow({}, frozenset())
                self.writer.wait()
                if self.uncommitted:
                    self.writer.commit()
                    self.state.write(self.index)
        finally:
            self.writer.wait(raising=kind is None)
            self._writing.__exit__(kind, error, trace)

    def add(self, letters: Sequence[IndexedLetter]) -> None:
        """Log these new letters in the current transaction; index them once it commits."""
        if not letters:
            return
        cursor = connection.connection.cursor()
        changes = bulk.next_ids(cursor, IndexChange, len(letters))
        changed_at = bulk.db_value(timezone.now())
        rows = [
            (change, letter.id, changed_at) for change, letter in zip(changes, letters, strict=True)
        ]
        bulk.insert_rows(cursor, IndexChange, ("id", "document_id", "changed_at"), rows)
        ready = {letter.id: letter for letter in letters}
        transaction.on_commit(lambda: self._follow(ready, frozenset(changes)))

    def _follow(self, ready: dict[int, IndexedLetter], own: frozenset[int]) -> None:
        self.uncommitted += _follow_log(self.index, self.writer, self.state, ready, own)
        if (
            self.uncommitted
            and time.monotonic() - self.committed_at >= settings.SEARCH_LOAD_COMMIT_SECONDS
        ):
            assert self.writer is not None
            reached = FollowState(applied=self.state.applied, gaps=dict(self.state.gaps))
            index = self.index

            def published() -> None:
                reached.write(index)
                index.reload()

            self.writer.commit_aside(published)
            self.uncommitted = 0
            self.committed_at = time.monotonic()


class _CommitAside:
    """An index writer that can commit in a thread of its own (tantivy lets go of Python's lock
    while it commits); whatever else is asked of it first waits for that commit to end."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def __getattr__(self, name: str) -> Any:
        self.wait()
        return getattr(self._writer, name)

    def commit_aside(self, then: Callable[[], None]) -> None:
        self.wait()

        def run() -> None:
            try:
                self._writer.commit()
                then()
            except BaseException as error:  # raised in the load's own thread by `wait`
                self._error = error

        self._thread = threading.Thread(target=run, name="index-commit", daemon=True)
        self._thread.start()

    def wait(self, *, raising: bool = True) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        error, self._error = self._error, None
        if error is not None and raising:
            raise error


def follow(index: LetterIndex) -> None:
    """Before a search: bring the index up to what other processes have committed, at most
    every SEARCH_FOLLOW_SECONDS. Never inside a transaction, whose changes may yet roll back."""
    if connection.in_atomic_block:
        return
    now = time.monotonic()
    if now - index.checked_at < settings.SEARCH_FOLLOW_SECONDS:
        return
    index.checked_at = now
    if not index.started:
        index.started = True
        repair_at_start(index)
        return
    state = FollowState.read(index)
    wanted = state.wanted()
    # In the order of the key, so the database looks in the key's index even when its
    # statistics of the log are stale (right after a load it guessed a third of a million rows
    # would match, and read them all: 80 ms on PostgreSQL at every look).
    if IndexChange.objects.filter(wanted).order_by("pk").values_list("pk", flat=True)[:1]:
        catch_up(index, wait=0.0)
    else:
        index.reload()  # another process of this machine may have applied them already


def apply_after_commit() -> None:
    """Run once the transaction that wrote the log commits (`search.services`). Within
    `gathering`, only once its interval has passed since the last time; the rest wait for the
    next commit, the end of the batch, or a search (which follows the log itself)."""
    gathered = _gathered.batch
    if gathered is not None and not gathered.due():
        gathered.pending = True
        return
    _apply_now()
    if gathered is not None:
        gathered.applied()


def _apply_now() -> None:
    try:
        catch_up(current_index())
    except Exception:
        # The change stays in the log; the next search, start or check applies it.
        log.exception("The search index could not be brought up to date after a commit.")


class _Gathered:
    """The commits of one batch whose changes the index applies together
    (`search.services.indexing_in_rounds`)."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.pending = False
        self.last = time.monotonic()

    def due(self) -> bool:
        return time.monotonic() - self.last >= self.every

    def applied(self) -> None:
        self.pending = False
        self.last = time.monotonic()


class _GatheredHere(threading.local):
    batch: _Gathered | None = None


_gathered = _GatheredHere()


@contextlib.contextmanager
def gathering(every: float) -> Iterator[None]:
    """Apply the changes committed in this thread within the block at most once every `every`
    seconds, and once at its end, rather than once per commit.

    Each application opens the index's writer, commits and waits for the merges it starts:
    a few milliseconds on a small index, but once per letter over a batch of thousands the
    merges grow with the index and the batch slows as it goes. The log is written in each
    letter's transaction all the same, so nothing committed is lost; and a search in any
    process applies the log before it answers, so what a batch filed is findable meanwhile."""
    outer = _gathered.batch
    if outer is not None:
        yield
        return
    _gathered.batch = _Gathered(every)
    try:
        yield
    finally:
        gathered, _gathered.batch = _gathered.batch, None
        if gathered.pending:
            _apply_now()


def repair_at_start(index: LetterIndex) -> None:
    """Catch up with the log, then compare with the database; a full comparison when the
    numbers of letters differ (a crash, an index restored from a backup, a pruned log)."""
    catch_up(index)
    if index.count() != Document.objects.count():
        check_index(index, fix=True)


def check_index(index: LetterIndex, *, fix: bool) -> IndexCheck:
    """Compare every letter on file with its index entry (by a checksum of what is indexed)."""
    catch_up(index)
    in_index = index.stamps()
    on_file = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    report = IndexCheck(letters=len(on_file))
    report.extra = sorted(set(in_index) - set(on_file))
    for start in range(0, len(on_file), _CHUNK):
        letters, _ = letters_for_index(on_file[start : start + _CHUNK])
        for letter in letters:
            stamp = in_index.get(letter.id)
            if stamp is None:
                report.missing.append(letter.id)
            elif stamp != letter.stamp:
                report.stale.append(letter.id)
    if fix and not report.consistent:
        with index.writer(wait=30.0) as writer:
            for start in range(0, len(report.missing + report.stale), _CHUNK):
                _apply(index, writer, (report.missing + report.stale)[start : start + _CHUNK])
            index.remove(writer, report.extra)
            writer.commit()
        report.fixed = True
    if fix:
        prune_log()
    return report


def rebuild(index: LetterIndex | None = None) -> int:
    """Empty the index and index every letter again; the log is read from its end. The
    letters' words are analysed by worker processes while this one reads the next letters
    from the database and hands the analysed ones to the index."""
    count = Document.objects.count()
    with parallel.workers(count >= _PARALLEL_FROM) as pool:
        index = index or current_index()
        with index.writer(wait=30.0) as writer:
            last = IndexChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            writer.delete_all_documents()
            ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
            chunks = (
                letters_for_index(ids[at : at + _CHUNK])[0] for at in range(0, len(ids), _CHUNK)
            )
            for letters in parallel.in_order(pool, _analysed, chunks):
                index.put_new(writer, letters)
            writer.commit()
            # Changes committed while this ran are above `last` or among its gaps, and are
            # applied again by the next catch-up.
            FollowState(applied=last).write(index)
    prune_log()
    return len(ids)


def _analysed(letters: list[IndexedLetter]) -> list[IndexedLetter]:
    return [
        replace(letter, analysis=analyse(letter.title, letter.people, letter.body))
        for letter in letters
    ]


def prune_log() -> int:
    """Delete log rows older than SEARCH_CHANGES_KEPT_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.SEARCH_CHANGES_KEPT_DAYS)
    deleted, _ = IndexChange.objects.filter(changed_at__lt=cutoff).delete()
    return deleted


def drop_index() -> None:
    """Forget the open index of this process (tests and `rebuild --from-scratch`)."""
    forget(index_folder())


# The backend


def _narrowing(filters: LetterFilters) -> tuple[Narrowing, set[int]]:
    """The engine's narrowing for these filters, and the letters a layer above keeps
    confidential (those on confidential cases): few, and read fresh for every search, so a case
    made confidential hides its letters at once. Left out for a reader who may not see them;
    for one who may, their passages are withheld."""
    hidden = set(hidden_by_policy().values_list("pk", flat=True).distinct())
    narrowing = Narrowing(
        written_from=filters.written_from, written_to=filters.written_to, kind=filters.kind,
        commission_id=filters.commission_id, case_state=filters.case_state,
        include_sealed=filters.include_confidential,
        hidden_ids=() if filters.include_confidential else sorted(hidden),
        reach_commissions=filters.reach_commissions, reach_ids=filters.reach_letters,
    )  # fmt: skip
    return narrowing, hidden


class EmbeddedBackend:
    """Every query ranked by BM25 inside the engine, filtered, counted and faceted there."""

    follows_change_log = True

    def create(self, cursor: Any) -> None:
        """The index is made when first opened."""

    def drop(self, cursor: Any) -> None:
        """The index lives in its own folder, not in the database."""

    def index_letters(self, document_ids: Sequence[int]) -> None:
        """The change log is written by `search.services.index_letters`; applied after commit."""

    def rebuild(self) -> int:
        return rebuild()

    def after_bulk_load(self) -> None:
        """Each batch was applied after its commit; the log's statistics are brought up to
        date for the database's planner."""
        bulk.refresh_statistics(IndexChange)

    def check(self, *, fix: bool) -> IndexCheck:
        return check_index(current_index(), fix=fix)

    def search_letters(
        self,
        query: Query,
        *,
        filters: LetterFilters,
        limit: int,
        offset: int = 0,
        facets: bool = False,
    ) -> LetterResults:
        if not query:
            return LetterResults(hits=[], matched=0, ranked=True)
        index = current_index()
        follow(index)
        narrowing, hidden = _narrowing(filters)
        found = index.search(query.phrases, narrowing, limit=limit, offset=offset, facets=facets)
        return LetterResults(
            hits=list(_hits(found, hidden)), matched=found.count, ranked=True, facets=found.facets
        )

    def similar_letters(
        self, document_id: int, *, filters: LetterFilters, limit: int
    ) -> LetterResults:
        index = current_index()
        follow(index)
        narrowing, hidden = _narrowing(filters)
        found = index.similar(document_id, narrowing, limit=limit)
        return LetterResults(hits=list(_hits(found, hidden)), matched=found.count, ranked=True)


def _hits(found: Found, hidden: set[int]) -> Iterator[LetterHit]:
    for letter_id in found.ids:
        yield LetterHit(
            document_id=letter_id,
            passage=passage_html(found.passages.get(letter_id, "")),
            title=found.titles.get(letter_id),
            written_on=found.written.get(letter_id),
            confidential=letter_id in found.sealed or letter_id in hidden,
        )


register_backend("embedded", EmbeddedBackend)
