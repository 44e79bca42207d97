"""Full-text search over letters, behind one small interface with one backend per engine.

The default backend is the embedded engine (`search.embedded`: a tantivy index in a folder of
the installation, fed from a change log written in the same transaction as the letter). It
ranks every query. The SQL backends below are the fallback (`COMMISSION_SEARCH_BACKEND=database`),
kept in step inside the writing transaction itself:

SQLite uses an FTS5 table (Porter stemming over Unicode words, accents folded); PostgreSQL uses
a table of `tsvector`s (English configuration) under a GIN index. Both are filled by
`index_letters`, which the write services call inside the transaction that changes a letter,
so a search never misses a letter that has been committed.

Their ranking costs grow with the number of letters that match. Scoring every match of a word
found in most letters ("comrade") takes seconds over a million letters on either engine, so a
query is ranked in full only when it is selective: the backend first takes up to `RANK_LIMIT`
matches in index order, which is cheap for any query. If there are no more than that, all of
them are ranked by relevance (BM25 on SQLite, `ts_rank_cd` on PostgreSQL), words in the title
counting for more. If there are more, the query is too broad to rank them all in time, and the
newest letters come first instead; the results say so, and narrowing the query (another word,
a date, a phrase) brings back relevance order. They give no facets, and find similar letters
only by the words of the letter's title.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.db import connection

from commission.core.dbrouting import reading_connection
from commission.search.query import Query, parse

RANK_LIMIT = 1000
# Marks around matched words in passages: private-use characters no letter contains, so the
# passage can be escaped whole and the marks turned into <mark> afterwards.
MARK_START, MARK_STOP = "\ue000", "\ue001"
_PASSAGE_WORDS = 24


@dataclass(frozen=True)
class LetterFilters:
    """Narrowing a letter search: by date written, kind of document, and confidentiality."""

    written_from: dt.date | None = None
    written_to: dt.date | None = None
    kind: str | None = None
    commission_id: int | None = None  # letters filed on a case before this commission
    case_state: str | None = None  # letters filed on a case in this state
    include_confidential: bool = False  # confidential letters, and letters on confidential cases
    # For a reader who needs to know only some commissions' letters: those commissions; the
    # letters filed on their cases and those on no case are searched, with `reach_letters`
    # (the reader's other cases: an appeal's earlier file, her own). None: every letter.
    reach_commissions: tuple[int, ...] | None = None
    reach_letters: tuple[int, ...] = ()


@dataclass(frozen=True)
class LetterHit:
    document_id: int
    passage: str  # escaped HTML, matched words inside <mark>
    # What an engine that stores them gives for display, so the page need not read the
    # documents again: the title, the date written, and whether the letter is confidential
    # (marked so, or on a confidential case). None when the engine does not say.
    title: str | None = None
    written_on: dt.date | None = None
    confidential: bool | None = None


@dataclass(frozen=True)
class LetterResults:
    hits: list[LetterHit]
    matched: int  # exact when `ranked`; otherwise at least RANK_LIMIT + 1
    ranked: bool  # ordered by relevance over every match (else newest first)
    # How many matching letters there are by year, kind and commission, most first; empty
    # when not asked for or when the engine cannot say.
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)


class SearchBackend(Protocol):
    """What every engine's full-text backend provides."""

    # True when the index is fed from the change log after commit (`search.services`), False
    # when `index_letters` writes it inside the transaction.
    follows_change_log: bool

    def create(self, cursor: Any) -> None:
        """Create the engine's index structures (a migration calls it)."""

    def drop(self, cursor: Any) -> None:
        """Remove them (the migration's reverse)."""

    def index_letters(self, document_ids: Sequence[int]) -> None:
        """(Re)index these documents from their stored rows, in the current transaction."""

    def rebuild(self) -> int:
        """Index every document from scratch; returns how many were indexed."""

    def after_bulk_load(self) -> None:
        """Bring the engine's statistics up to date after many letters (outside a transaction)."""

    def search_letters(
        self,
        query: Query,
        *,
        filters: LetterFilters,
        limit: int,
        offset: int = 0,
        facets: bool = False,
    ) -> LetterResults:
        """The best `limit` letters matching every phrase of `query`, with passages."""

    def similar_letters(
        self, document_id: int, *, filters: LetterFilters, limit: int
    ) -> LetterResults:
        """The letters most like this one ("more like this"), itself left out."""

    def check(self, *, fix: bool) -> IndexCheck:
        """Compare the index with the letters on file; with `fix`, put right what differs."""


@dataclass
class IndexCheck:
    """What `commission search check` found: letters missing from the index, entries of letters
    no longer on file, and entries that no longer match their letter."""

    letters: int
    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    fixed: bool = False

    @property
    def consistent(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def passage_html(raw: str) -> str:
    """An engine's passage with private marks, as safe HTML with <mark> elements."""
    text = html.escape(" ".join(raw.split()))
    return text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")


def _filter_sql(filters: LetterFilters, alias: str) -> tuple[str, list[Any]]:
    """SQL conditions for the filters on a row with written_on, kind and confidential columns
    (the document itself on SQLite, the index row on PostgreSQL)."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.written_from:
        clauses.append(f"{alias}.written_on >= %s")
        params.append(filters.written_from)
    if filters.written_to:
        clauses.append(f"{alias}.written_on <= %s")
        params.append(filters.written_to)
    if filters.kind:
        clauses.append(f"{alias}.kind = %s")
        params.append(filters.kind)
    if filters.case_state:
        clauses.append(
            "EXISTS (SELECT 1 FROM cases_casedocument cd JOIN cases_case c ON c.id = cd.case_id "
            f"WHERE cd.document_id = {alias}.{_ID[alias]} AND c.state = %s)"
        )
        params.append(filters.case_state)
    if filters.commission_id:
        clauses.append(
            "EXISTS (SELECT 1 FROM cases_casedocument cd JOIN cases_case c ON c.id = cd.case_id "
            f"WHERE cd.document_id = {alias}.{_ID[alias]} AND c.commission_id = %s)"
        )
        params.append(filters.commission_id)
    if filters.reach_commissions is not None:
        letter = f"{alias}.{_ID[alias]}"
        marks = ",".join("%s" for _ in filters.reach_commissions) or "NULL"
        reach = [
            f"NOT EXISTS (SELECT 1 FROM cases_casedocument cd WHERE cd.document_id = {letter})",
            "EXISTS (SELECT 1 FROM cases_casedocument cd JOIN cases_case c ON c.id = cd.case_id "
            f"WHERE cd.document_id = {letter} AND c.commission_id IN ({marks}))",
        ]
        params.extend(filters.reach_commissions)
        if filters.reach_letters:
            reach.append(f"{letter} IN ({','.join('%s' for _ in filters.reach_letters)})")
            params.extend(filters.reach_letters)
        clauses.append("(" + " OR ".join(reach) + ")")
    if not filters.include_confidential:
        clauses.append(f"NOT {alias}.confidential")
    return "".join(f" AND {c}" for c in clauses), params


_ID = {"d": "id", "s": "document_id"}


def _on_confidential_cases(cursor: Any, ids: list[int]) -> set[int]:
    """Those of `ids` filed on a confidential case. Such cases are few, so this is asked of
    the candidates rather than of every letter the words match."""
    if not ids:
        return set()
    marks = ",".join("%s" for _ in ids)
    cursor.execute(
        "SELECT DISTINCT cd.document_id FROM cases_casedocument cd "
        "JOIN cases_case c ON c.id = cd.case_id "
        f"WHERE c.confidential AND cd.document_id IN ({marks})",
        ids,
    )
    return {row[0] for row in cursor.fetchall()}


class _Backend:
    """The search itself, the same on every engine; each engine says how to find, rank and
    quote its matches."""

    follows_change_log = False

    def similar_letters(
        self, document_id: int, *, filters: LetterFilters, limit: int
    ) -> LetterResults:
        """Letters sharing the longest words of this letter's title, those sharing more first
        (the SQL engines have no cheap measure of likeness over whole texts)."""
        with reading_connection().cursor() as cursor:
            cursor.execute("SELECT title FROM intake_document WHERE id = %s", [document_id])
            row = cursor.fetchone()
        if row is None:
            return LetterResults(hits=[], matched=0, ranked=True)
        words = sorted({w.casefold() for w in parse(row[0]).words}, key=lambda w: (-len(w), w))
        shared: dict[int, int] = {}
        hits: dict[int, LetterHit] = {}
        for word in words[:3]:
            found = self.search_letters(parse(word), filters=filters, limit=limit + 1)
            for hit in found.hits:
                if hit.document_id != document_id:
                    shared[hit.document_id] = shared.get(hit.document_id, 0) + 1
                    hits.setdefault(hit.document_id, hit)
        order = sorted(shared, key=lambda i: -shared[i])  # stable: first found first
        return LetterResults(hits=[hits[i] for i in order[:limit]], matched=len(order), ranked=True)

    def check(self, *, fix: bool) -> IndexCheck:
        """The SQL indexes are written in the letter's own transaction; checking counts."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM intake_document")
            letters = int(cursor.fetchone()[0])
            cursor.execute(f"SELECT count(*) FROM {self.table}")  # type: ignore[attr-defined]
            indexed = int(cursor.fetchone()[0])
        report = IndexCheck(letters=letters)
        if indexed != letters:
            report.stale = [-1]  # counts differ; which letters is not known without a rebuild
            if fix:
                self.rebuild()  # type: ignore[attr-defined]
                report.fixed = True
        return report

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
        with reading_connection().cursor() as cursor:
            rows = self._matches(cursor, query, filters, RANK_LIMIT + 1)
            ranked = len(rows) <= RANK_LIMIT
            if not filters.include_confidential:
                sealed = _on_confidential_cases(cursor, [row[0] for row in rows])
                rows = [row for row in rows if row[0] not in sealed]
            if ranked:
                rows.sort(key=lambda row: (-row[1], -row[0]))
                ids = [row[0] for row in rows]
                matched = len(ids)
            else:
                ids = self._newest(cursor, query, filters, offset + limit)
                matched = len(rows)
            page = ids[offset : offset + limit]
            passages = self._passages(cursor, query, page) if page else {}
        return LetterResults(
            hits=[
                LetterHit(document_id=i, passage=passage_html(passages.get(i, ""))) for i in page
            ],
            matched=matched,
            ranked=ranked,
        )

    def _newest(self, cursor: Any, query: Query, filters: LetterFilters, wanted: int) -> list[int]:
        """The newest `wanted` matches, leaving out those on confidential cases if need be."""
        asked = wanted + 20
        while True:
            ids = self._newest_ids(cursor, query, filters, asked)
            if not filters.include_confidential:
                sealed = _on_confidential_cases(cursor, ids)
                kept = [i for i in ids if i not in sealed]
            else:
                kept = ids
            if len(kept) >= wanted or len(ids) < asked:
                return kept
            asked *= 4

    def _matches(
        self, cursor: Any, query: Query, filters: LetterFilters, limit: int
    ) -> list[tuple[int, float]]:
        """Up to `limit` matches, in whatever order is cheapest, as (id, relevance)."""
        raise NotImplementedError

    def _newest_ids(
        self, cursor: Any, query: Query, filters: LetterFilters, limit: int
    ) -> list[int]:
        raise NotImplementedError

    def _passages(self, cursor: Any, query: Query, ids: list[int]) -> dict[int, str]:
        raise NotImplementedError


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class SqliteBackend(_Backend):
    """FTS5 over title and body (text and notes). The table keeps its own copy of the words
    (the SQLite shipped with Python 3.11 cannot delete from a table without one)."""

    table = "search_letter_fts"

    def create(self, cursor: Any) -> None:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            "title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )

    def drop(self, cursor: Any) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def index_letters(self, document_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(document_ids), 500):
                chunk = list(document_ids[start : start + 500])
                marks = ",".join("%s" for _ in chunk)
                cursor.execute(f"DELETE FROM {self.table} WHERE rowid IN ({marks})", chunk)
                cursor.execute(
                    f"INSERT INTO {self.table} (rowid, title, body) "
                    "SELECT id, title, text || char(10) || notes_text FROM intake_document "
                    f"WHERE id IN ({marks})",
                    chunk,
                )

    def rebuild(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(
                f"INSERT INTO {self.table} (rowid, title, body) "
                "SELECT id, title, text || char(10) || notes_text FROM intake_document"
            )
            cursor.execute(f"INSERT INTO {self.table} ({self.table}) VALUES ('optimize')")
            cursor.execute(f"SELECT count(*) FROM {self.table}")
            return int(cursor.fetchone()[0])

    def after_bulk_load(self) -> None:
        """FTS5 keeps its own statistics; nothing to do."""

    def match_expression(self, query: Query) -> str:
        """Every phrase quoted, so nothing typed is read as FTS5 syntax."""
        return " AND ".join(_fts5_string(" ".join(phrase)) for phrase in query.phrases)

    def _from(self, filters: LetterFilters) -> tuple[str, list[Any]]:
        # Rows come out of the full-text index in rowid order; the join reads each document by
        # its primary key, and only when a filter needs it.
        where, params = _filter_sql(filters, "d")
        join = " JOIN intake_document d ON d.id = f.rowid" if where else ""
        return f"FROM {self.table} f{join} WHERE {self.table} MATCH %s{where}", params

    def _matches(
        self, cursor: Any, query: Query, filters: LetterFilters, limit: int
    ) -> list[tuple[int, float]]:
        match = self.match_expression(query)
        sql, params = self._from(filters)
        cursor.execute(f"SELECT f.rowid {sql} LIMIT %s", [match, *params, limit])
        ids = [row[0] for row in cursor.fetchall()]
        if not ids or len(ids) >= limit:
            return [(i, 0.0) for i in ids]
        # Few enough to rank: the same query again, with BM25, title words weighing five times
        # body words (bm25 is lower for better matches, hence the sign). Not `rowid IN (…)`:
        # FTS5 would run the whole query once per listed row.
        cursor.execute(f"SELECT f.rowid, -bm25({self.table}, 5.0, 1.0) {sql}", [match, *params])
        return [(row[0], row[1]) for row in cursor.fetchall()]

    def _newest_ids(
        self, cursor: Any, query: Query, filters: LetterFilters, limit: int
    ) -> list[int]:
        sql, params = self._from(filters)
        cursor.execute(
            f"SELECT f.rowid {sql} ORDER BY f.rowid DESC LIMIT %s",
            [self.match_expression(query), *params, limit],
        )
        return [row[0] for row in cursor.fetchall()]

    def _passages(self, cursor: Any, query: Query, ids: list[int]) -> dict[int, str]:
        marks = ",".join("%s" for _ in ids)
        cursor.execute(
            f"SELECT rowid, snippet({self.table}, 1, %s, %s, '…', {_PASSAGE_WORDS}) "
            f"FROM {self.table} WHERE {self.table} MATCH %s AND rowid IN ({marks})",
            [MARK_START, MARK_STOP, self.match_expression(query), *ids],
        )
        return {row[0]: row[1] for row in cursor.fetchall()}


class PostgresBackend(_Backend):
    """A table of weighted `tsvector`s (title A, body D) under a GIN index, with the columns
    the filters need, so a search reads nothing else."""

    table = "search_letter"
    config = "english"

    def create(self, cursor: Any) -> None:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} (document_id bigint PRIMARY KEY, "
            "written_on date, kind varchar(20) NOT NULL, confidential boolean NOT NULL, "
            "vector tsvector NOT NULL)"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.table}_vector_idx ON {self.table} USING gin (vector)"
        )

    def drop(self, cursor: Any) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def _rows_sql(self, where: str) -> str:
        return (
            f"INSERT INTO {self.table} (document_id, written_on, kind, confidential, vector) "
            f"SELECT id, written_on, kind, confidential, "
            f"setweight(to_tsvector('{self.config}', title), 'A') || "
            f"to_tsvector('{self.config}', text || E'\\n' || notes_text) "
            f"FROM intake_document {where}"
        )

    def index_letters(self, document_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                self._rows_sql("WHERE id = ANY(%s)")
                + " ON CONFLICT (document_id) DO UPDATE SET written_on = EXCLUDED.written_on, "
                "kind = EXCLUDED.kind, confidential = EXCLUDED.confidential, "
                "vector = EXCLUDED.vector",
                [list(document_ids)],
            )

    def after_bulk_load(self) -> None:
        """Statistics for the planner and a visibility map for index-only reads: without them,
        searches right after loading a million letters were measured ten times slower."""
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {self.table}")

    def rebuild(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(self._rows_sql(""))
            count = cursor.rowcount
            cursor.execute(f"ANALYZE {self.table}")
        return int(count)

    def tsquery(self, query: Query) -> tuple[str, list[str]]:
        """Each phrase through phraseto_tsquery, which reads plain text and never syntax."""
        sql = " && ".join(f"phraseto_tsquery('{self.config}', %s)" for _ in query.phrases)
        return f"WITH q AS (SELECT {sql} AS q) ", [" ".join(p) for p in query.phrases]

    def _matches(
        self, cursor: Any, query: Query, filters: LetterFilters, limit: int
    ) -> list[tuple[int, float]]:
        with_q, words = self.tsquery(query)
        where, params = _filter_sql(filters, "s")
        # Title (A) words weigh ten times body (D) words.
        cursor.execute(
            f"{with_q}SELECT s.document_id, ts_rank_cd('{{0.1, 0.2, 0.4, 1.0}}', s.vector, q.q) "
            f"FROM q, {self.table} s WHERE s.vector @@ q.q{where} LIMIT %s",
            [*words, *params, limit],
        )
        return [(row[0], row[1]) for row in cursor.fetchall()]

    def _newest_ids(
        self, cursor: Any, query: Query, filters: LetterFilters, limit: int
    ) -> list[int]:
        with_q, words = self.tsquery(query)
        where, params = _filter_sql(filters, "s")
        cursor.execute(
            f"{with_q}SELECT s.document_id FROM q, {self.table} s WHERE s.vector @@ q.q{where} "
            "ORDER BY s.document_id DESC LIMIT %s",
            [*words, *params, limit],
        )
        return [row[0] for row in cursor.fetchall()]

    def _passages(self, cursor: Any, query: Query, ids: list[int]) -> dict[int, str]:
        with_q, words = self.tsquery(query)
        options = (
            f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords={_PASSAGE_WORDS}, MinWords=8, "
            'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
        )
        cursor.execute(
            f"{with_q}SELECT d.id, ts_headline('{self.config}', d.text || E'\\n' || d.notes_text, "
            "q.q, %s) FROM q, intake_document d WHERE d.id = ANY(%s)",
            [*words, options, ids],
        )
        return {row[0]: row[1] for row in cursor.fetchall()}


# Backends by name: the database's own full-text engines by vendor, and engines registered by
# name (the embedded engine registers itself as "embedded" when the search app is ready).
BACKENDS: dict[str, type[SearchBackend]] = {
    "sqlite": SqliteBackend,
    "postgresql": PostgresBackend,
}


def register_backend(name: str, backend: type[SearchBackend]) -> None:
    BACKENDS[name] = backend


def database_backend(vendor: str | None = None) -> SearchBackend:
    """The full-text backend of the database in use (or of `vendor`)."""
    vendor = vendor or connection.vendor
    try:
        return BACKENDS[vendor]()
    except KeyError:
        raise LookupError(f"Full-text search has no backend for the {vendor} database.") from None


def backend_for(vendor: str | None = None) -> SearchBackend:
    """The backend searches use: the one `SEARCH_BACKEND` names, or the database's own when it
    says "database" (and always when a migration asks for `vendor`'s)."""
    name = settings.SEARCH_BACKEND
    if vendor is not None or name == "database":
        return database_backend(vendor)
    try:
        return BACKENDS[name]()
    except KeyError:
        raise LookupError(f"There is no search backend called “{name}”.") from None
