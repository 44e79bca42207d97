"""The embedded search backend: the tantivy index of `search.engine`, kept in step with the
database through the change log (`IndexChange`).

How a letter reaches the index:

1. The service that registers or changes a letter calls `search.services.index_letters` inside
   its transaction; that writes one `IndexChange` row per letter, so the row exists exactly when
   the change was committed, and never after a rollback.
2. Right after the commit (`on_commit`), the same process reads the log from where its index
   last stopped and applies every change it finds, its own and any other process's; the letter
   is findable when that returns, a few milliseconds after the commit.
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

import json
import logging
import os
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from commission.cases.models import CaseDocument
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
    forget,
    open_index,
)
from commission.search.models import IndexChange
from commission.search.query import Query

log = logging.getLogger(__name__)

GAP_SECONDS = 600.0  # longer than any writing transaction is expected to stay open
_MAX_GAPS = 10_000
_CHUNK = 2_000  # letters read from the database at a time
_STATE = "follow.json"


def index_folder() -> Path:
    configured = settings.SEARCH_INDEX_DIR
    return Path(configured) if configured else Path(settings.VAR_DIR) / "search-index"


def current_index() -> LetterIndex:
    return open_index(index_folder())


# What the index was last brought up to


@dataclass
class FollowState:
    applied: int = 0  # the highest change id applied
    gaps: dict[int, float] = field(default_factory=dict)  # id skipped over: when first seen

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

    def advance(self, seen: Sequence[int]) -> None:
        now = time.time()
        for change in seen:
            self.gaps.pop(change, None)
        expected = self.applied + 1
        for change in sorted(c for c in seen if c > self.applied):
            for missing in range(expected, change):
                self.gaps[missing] = now
            expected = change + 1
            self.applied = change
        kept = {k: t for k, t in self.gaps.items() if now - t < GAP_SECONDS}
        self.gaps = dict(sorted(kept.items())[-_MAX_GAPS:])


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


def _apply(index: LetterIndex, writer: Any, ids: Sequence[int]) -> None:
    letters, gone = letters_for_index(sorted(set(ids)))
    index.put(writer, letters)
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
            applied = 0
            while True:
                wanted = Q(pk__gt=state.applied)
                if state.gaps:
                    wanted |= Q(pk__in=list(state.gaps))
                rows = list(
                    IndexChange.objects.filter(wanted)
                    .order_by("pk")
                    .values_list("pk", "document_id")[:_CHUNK]
                )
                if not rows:
                    break
                _apply(index, writer, [document_id for _, document_id in rows])
                state.advance([pk for pk, _ in rows])
                applied += len(rows)
                if len(rows) < _CHUNK:
                    break
            if applied:
                writer.commit()
                state.write(index)
            return applied
    except WriterBusy:
        index.reload()
        return 0


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
    wanted = Q(pk__gt=state.applied)
    if state.gaps:
        wanted |= Q(pk__in=list(state.gaps))
    if IndexChange.objects.filter(wanted).exists():
        catch_up(index, wait=0.0)
    else:
        index.reload()  # another process of this machine may have applied them already


def apply_after_commit() -> None:
    """Run once the transaction that wrote the log commits (`search.services`)."""
    try:
        catch_up(current_index())
    except Exception:
        # The change stays in the log; the next search, start or check applies it.
        log.exception("The search index could not be brought up to date after a commit.")


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
    """Empty the index and index every letter again; the log is read from its end."""
    index = index or current_index()
    with index.writer(wait=30.0) as writer:
        last = IndexChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        writer.delete_all_documents()
        ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), _CHUNK):
            letters, _ = letters_for_index(ids[start : start + _CHUNK])
            index.put_new(writer, letters)
        writer.commit()
        # Changes committed while this ran are above `last` or among its gaps, and are
        # applied again by the next catch-up.
        FollowState(applied=last).write(index)
    prune_log()
    return len(ids)


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
        """Each batch was applied after its commit; nothing is left to do."""

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
